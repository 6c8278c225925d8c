// onnx_graph.h — an ONNX file read into plain structs (onnx_graph.cpp), before onnx_import.cpp
// maps it onto layers. Only what the import uses is kept; other fields are skipped.
// Tensors are float32 or int64 (weights and Reshape's shape), with their sizes checked
// against their dims. Malformed bytes throw Error ImportMalformed with the byte offset.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cnn::onnx {

struct Tensor {
    std::vector<int64_t> dims;
    std::vector<float> f;    // float32 tensors
    std::vector<int64_t> i;  // int64 / int32 tensors
    bool is_float = false;
    size_t count() const { return is_float ? f.size() : i.size(); }
};

struct Attr {
    std::string name, s;
    int type = 0;
    float f = 0;
    int64_t i = 0;
    std::vector<int64_t> ints;
    bool has_tensor = false;
    Tensor t;
};

struct Node {
    std::string name, op, domain, doc;
    std::vector<std::string> in, out;
    std::vector<Attr> attrs;
    const Attr* attr(const std::string& n) const;
};

struct ValueInfo {
    std::string name;
    std::vector<int64_t> dims;  // -1: symbolic or unknown
    bool has_shape = false;
};

struct Graph {
    std::string producer;
    int64_t opset = 0;  // of the default domain
    std::vector<Node> nodes;
    std::map<std::string, Tensor> inits;
    std::vector<ValueInfo> inputs, outputs;
};

// name: the file, for errors.
Graph read_graph(const uint8_t* data, size_t len, const std::string& name);

} // namespace cnn::onnx
