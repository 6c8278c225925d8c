// onnx_fields.h — the field numbers of onnx.proto that onnx_export.cpp and onnx_import.cpp
// use (ONNX IR version 7, opset 13), and the producer name this program writes.
#pragma once

namespace cnn::onnx {

inline constexpr const char* kProducer = "cnn-playground";
inline constexpr int kOpset = 13, kIrVersion = 7;

enum ModelF { M_ir_version = 1, M_producer_name = 2, M_producer_version = 3, M_doc_string = 6, M_graph = 7,
              M_opset_import = 8, M_metadata_props = 14 };
enum OpsetF { O_domain = 1, O_version = 2 };
enum EntryF { E_key = 1, E_value = 2 };
enum GraphF { G_node = 1, G_name = 2, G_initializer = 5, G_doc_string = 10, G_input = 11, G_output = 12 };
enum NodeF { N_input = 1, N_output = 2, N_name = 3, N_op_type = 4, N_attribute = 5, N_doc_string = 6, N_domain = 7 };
enum AttrF { A_name = 1, A_f = 2, A_i = 3, A_s = 4, A_t = 5, A_ints = 8, A_type = 20 };
enum AttrType { AT_FLOAT = 1, AT_INT = 2, AT_STRING = 3, AT_TENSOR = 4, AT_INTS = 7 };
enum TensorF { T_dims = 1, T_data_type = 2, T_float_data = 4, T_int32_data = 5, T_int64_data = 7, T_name = 8,
               T_raw_data = 9, T_data_location = 14 };
enum DataType { DT_FLOAT = 1, DT_INT32 = 6, DT_INT64 = 7 };
enum ValueInfoF { V_name = 1, V_type = 2 };
enum TypeF { Ty_tensor_type = 1 };
enum TensorTypeF { TT_elem_type = 1, TT_shape = 2 };
enum ShapeF { S_dim = 1 };
enum DimF { D_value = 1, D_param = 2 };

} // namespace cnn::onnx
