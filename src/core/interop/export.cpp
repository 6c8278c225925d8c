// export.cpp — the export formats by name and by file extension, and each format's files.
#include "core/interop/export.h"

#include "core/interop/onnx.h"

namespace cnn {

bool parse_export_format(const std::string& s, ExportFormat* f) {
    if (s == "onnx") *f = ExportFormat::Onnx;
    else if (s == "pytorch" || s == "torch") *f = ExportFormat::PyTorch;
    else if (s == "keras") *f = ExportFormat::Keras;
    else return false;
    return true;
}

static bool path_ends_with(const std::string& s, const char* tail) {
    const std::string t(tail);
    return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

bool export_format_for(const std::string& path, ExportFormat* f) {
    if (path_ends_with(path, ".onnx")) *f = ExportFormat::Onnx;
    else if (path_ends_with(path, ".py")) *f = ExportFormat::PyTorch;
    else return false;
    return true;
}

std::vector<ZipEntry> export_model(const Model& m, ExportFormat f, const std::string& base,
                                   const std::vector<std::string>& names) {
    if (f == ExportFormat::Onnx) return {{base + ".onnx", export_onnx(m, names)}};
    std::vector<float> scratch;
    std::vector<uint8_t> npz = torch_weights_npz(m, &scratch);
    std::string py = f == ExportFormat::PyTorch ? pytorch_source(m, base, names) : keras_source(m, base, names);
    return {{base + ".py", std::vector<uint8_t>(py.begin(), py.end())}, {base + ".npz", std::move(npz)}};
}

} // namespace cnn
