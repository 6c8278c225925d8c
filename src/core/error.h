// error.h — the one exception type the core throws for bad input or impossible requests.
// what() is a complete English sentence for the CLI ("data_batch_1.bin: size 100 is not a
// multiple of 3073 bytes"). Model, data-file and model-file errors also carry a code with
// its numbers and words (ErrorInfo), so a front end says them in its own language. No logging here.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cnn {

// What went wrong in a model spec, a model, its memory estimate, a CIFAR-10 file or a model file. The numbers (n) and
// words (w) each code carries are listed beside it; w[0] is the layer's name where there is
// one ("conv2d_1"), and ErrorInfo::row says which layer of the spec (1-based; 0: none).
enum class Errc {
    None,
    Other,            // not a model error: only what() says it
    SpecEmpty,        // —
    BadCharacter,     // n: position; w: the character
    NoClosingParen,   // w: item name
    NotWholeNumber,   // w: item name, key, value
    UnknownActivation,// w: item name, value
    MissingArgument,  // w: item name, key
    UnexpectedArg,    // w: item name, argument
    UnknownOption,    // w: item name, key
    PoolActivation,   // w: item name
    UnknownLayer,     // w: item name
    TakesNoArguments, // w: item name
    InputSyntax,      // —
    InputNotPositive, // n: C, H, W
    InputTooLarge,    // n: C, H, W
    InputNotFirst,    // —
    NotPositive,      // n: value; w: layer, what ("filters", "kernel size", "stride", "units", "pool size")
    PadNegative,      // n: value; w: layer
    SoftmaxNeedsFlat, // w: layer
    NeedsImage,       // n: length of the flat input; w: layer
    KernelTooLarge,   // n: K, H, W; w: layer, padding ("valid", "same", "2")
    PoolTooLarge,     // n: size, H, W; w: layer
    OutputNotPositive,// n: OH, OW; w: layer
    NeedsFlat,        // n: H, W, C; w: layer
    OutputTooLarge,   // n: values per image; w: layer
    ColumnsTooLarge,  // n: K, C, positions, values; w: layer
    TooManyParams,    // n: parameters (of the layer, or of the model when row is 0); w: layer or ""
    SoftmaxNotLast,   // w: layer
    NoLayers,         // —
    EndsNotFlat,      // w: layer, output shape "(None, 30, 30, 8)"
    TooFewOutputs,    // n: outputs; w: layer
    NotClassifier,    // n: outputs, classes wanted; w: output shape
    InputNotImage,    // n: C, H, W wanted, C, H, W given
    MemoryOverLimit,  // n: total, model, trainer, data, limit (bytes; total saturated when huge), batch
    // CIFAR-10 files and folders (cifar.cpp); w[0] is the file or folder named in what().
    // "errno" is the system's error number (0: unknown), said by the front end.
    DataEmpty,        // w: file
    DataBadSize,      // n: bytes, remainder after whole 3073-byte records; w: file
    DataTooManyRecords,// n: records; w: file
    DataBadLabel,     // n: record, byte offset, label; w: file
    DataDirNotFound,  // w: folder
    DataDirUnreadable,// n: errno; w: folder
    DataDirNotDir,    // w: path
    DataNoTrainFiles, // w: folder
    DataNoDir,        // — (no folder given and CIFAR10_DIR unset)
    FileNotFound,     // w: file
    FileUnreadable,   // n: errno; w: file
    FileIsDirectory,  // n: 0 a CIFAR-10 file was expected, 1 a model file, 2 a picture; w: path
    FileNotRegular,   // n: as FileIsDirectory; w: path
    FileTooLarge,     // n: bytes; w: file
    FileShortRead,    // n: bytes read, bytes expected; w: file
    SubsetNegative,   // n: count asked for
    SubsetClassShort, // n: per class asked, class, images it has, images in the set
    BatchNegative,    // n: batch size
    BatchIndex,       // n: index, images in the set
    // Model files (model_io.cpp); w[0] is the file.
    ModelBadMagic,    // w: file
    ModelTooShort,    // n: bytes, header bytes (16); w: file
    ModelFormat,      // n: version read; w: file, magic found, magic read
    ModelVersion,     // n: version found, version read; w: file
    ModelTruncated,   // w: file, part ("header", "architecture", "weights", "optimizer", "optimizer state", "history")
    ModelSizeMismatch,// n: bytes, bytes the header says; w: file
    ModelTrailing,    // n: bytes after the end the header says; w: file
    ModelChecksum,    // w: file
    ModelArchitecture,// w: file; cause: the stored spec's own error
    ModelOptimizer,   // w: file, the unknown optimizer's name
    ModelWeights,     // n: weights stored, weights the architecture needs; w: file
    ModelOptimizerState,// w: file
    ModelAfterHistory,// w: file
    ModelEmpty,       // w: file
    ModelCannotOpen,  // w: file
    ModelCannotWrite, // n: 0 cannot open, 1 write failed, 2 cannot replace; w: file
    OutOfMemory,      // w: file (reading it needed more memory than the program could get)
    // Models of other programs (interop/: ONNX, TensorFlow.js Layers, images); w[0] is the file,
    // w[1] the format ("ONNX", "TensorFlow.js") where listed.
    ImportMalformed,  // n: byte offset where reading failed; w: file, format
    ImportUnsupported,// w: file, node or layer name, its operator or class ("LSTM")
    ImportAttribute,  // w: file, node name, operator, attribute, value as read
    ImportMissing,    // w: file, node name, the tensor or weight it needs
    ImportWeightSize, // n: values found, values needed; w: file, node name, tensor name
    ImportNotChain,   // w: file, node name (the graph is not one chain from input to output)
    ImportInput,      // w: file, the input's shape as read ("1x28x28", "?")
    ImportModel,      // w: file; cause: the imported model's own error (not a classifier, ...)
    // Pictures (cnn-train --predict decodes PNG and JPEG files; the page lets the browser
    // decode). w[0] is the file; a missing or unreadable file has the File* codes (kind 2).
    ImageUndecodable, // w: file, the decoder's reason in English ("bad IHDR len", "unknown image type")
    ImageTooLarge,    // n: width, height, largest number of pixels read; w: file
};

struct ErrorInfo {
    Errc code = Errc::None;
    int row = 0;                     // 1-based layer of the spec; 0: the model as a whole
    std::vector<long long> n;        // numbers, as listed beside the code
    std::vector<std::string> w;      // words, as listed beside the code
    std::string what;                // the English sentence
    std::shared_ptr<const ErrorInfo> cause = nullptr;  // the error inside this one (ModelArchitecture)
    explicit operator bool() const { return code != Errc::None; }
};

struct Error : std::runtime_error {
    explicit Error(const std::string& msg) : std::runtime_error(msg) { info.code = Errc::Other, info.what = msg; }
    explicit Error(ErrorInfo i) : std::runtime_error(i.what), info(std::move(i)) {}
    Error(Errc code, const std::string& msg, std::vector<long long> n = {}, std::vector<std::string> w = {})
        : Error(ErrorInfo{code, 0, std::move(n), std::move(w), msg}) {}
    ErrorInfo info;
};

} // namespace cnn
