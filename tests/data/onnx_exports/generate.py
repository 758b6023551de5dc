#!/usr/bin/python3
"""Writes tests/data/onnx_exports/*.onnx: small models in the forms exporters write (python3-onnx).

Run `/usr/bin/python3 tests/data/onnx_exports/generate.py [OUT_DIR]`; scripts/gen-onnx.sh runs it and
checks that the committed files are current. tests/unit/test_onnx_exports.cpp states what Augur
must read from each (layers, parameters, MACs, shapes, folded nodes), and tests/cli/test_cli_onnx.cpp
simulates each on every shipped board.

  bn_mul_add_opset9   Caffe2's export of DenseNet / Inception (model zoo, opset 9, IR 3): the
                      initializers are listed among the graph inputs, BatchNormalization is written
                      as Mul(x, Unsqueeze(scale)) and Add(x, Unsqueeze(bias)), the classifier's
                      weight is reshaped before Gemm; an Upsample (opset 9, scales as an input).
  weights_folded      opset 13: weights as ConstantOfShape, a batch norm folded by hand
                      (gamma / Sqrt(var + eps), beta - mean * scale) into Mul/Add, a transposed
                      and Cast weight before MatMul, a shape from Shape -> Gather -> Concat.
  se_block            opset 13: squeeze-and-excitation with ReduceMean, a gate broadcast over the
                      activation, a ReduceMax/ReduceSum head, LogSoftmax.
  detection_neck      opset 11: a feature pyramid with Resize (nearest, scales) + Concat, a head
                      with Slice and Split of activations, Expand and a broadcast Mul of two
                      activations.
  decoder_opset17     opset 17: a segmentation decoder with ConvTranspose, Resize (linear, sizes),
                      Concat with a skip connection, Squeeze/Unsqueeze of activations.
Weights are float initializers with external data that is not written (Augur reads their dims);
tensors whose values matter (shapes, axes, scales) are inline.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def weight(name, dims):
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
    t.data_location = TensorProto.EXTERNAL
    entry = t.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    return t


def ints(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def floats(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.float32), name)


def value(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def model(name, nodes, inputs, outputs, initializers, opset, ir=7, list_initializers_as_inputs=False):
    if list_initializers_as_inputs:  # IR 3: every initializer is also a graph input
        inputs = inputs + [value(t.name, list(t.dims), t.data_type) for t in initializers]
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    m = helper.make_model(graph, producer_name="augur tests/data/onnx_exports/generate.py",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = ir
    return m


def node(op, inputs, output, **attrs):
    return helper.make_node(op, inputs, [output], name=output, **attrs)


def bn_mul_add_opset9():
    n = [node("Conv", ["data", "conv1_w"], "conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
         node("Unsqueeze", ["bn1_scale"], "bn1_scale_u", axes=[1, 2]),
         node("Mul", ["conv1", "bn1_scale_u"], "bn1_mul"),
         node("Unsqueeze", ["bn1_bias"], "bn1_bias_u", axes=[1, 2]),
         node("Add", ["bn1_mul", "bn1_bias_u"], "bn1_add"),
         node("Relu", ["bn1_add"], "relu1"),
         node("Upsample", ["relu1", "up_scales"], "up1", mode="nearest"),
         node("Conv", ["up1", "conv2_w", "conv2_b"], "conv2", kernel_shape=[1, 1]),
         node("GlobalAveragePool", ["conv2"], "pool"),
         node("Reshape", ["cls_w_0", "cls_shape"], "cls_w"),
         node("Flatten", ["pool"], "flat", axis=1),
         node("Gemm", ["flat", "cls_w", "cls_b"], "cls", transB=1),
         node("Softmax", ["cls"], "prob", axis=1)]
    inits = [weight("conv1_w", [16, 3, 3, 3]), weight("bn1_scale", [16]), weight("bn1_bias", [16]),
             floats("up_scales", [1, 1, 2, 2]), weight("conv2_w", [32, 16, 1, 1]), weight("conv2_b", [32]),
             weight("cls_w_0", [10, 32, 1, 1]), ints("cls_shape", [10, 32]), weight("cls_b", [10])]
    return model("bn_mul_add_opset9", n, [value("data", [1, 3, 32, 32])], [value("prob", [1, 10])], inits,
                 opset=9, ir=3, list_initializers_as_inputs=True)


def weights_folded():
    n = [helper.make_node("Constant", [], ["w_shape"], name="w_shape", value=ints("w_shape_value", [8, 3, 3, 3])),
         node("ConstantOfShape", ["w_shape"], "conv_w",
              value=helper.make_tensor("one", TensorProto.FLOAT, [1], [0.01])),
         node("Conv", ["data", "conv_w"], "conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         # scale = gamma / sqrt(var + eps); shift = beta - mean * scale, each unsqueezed to C x 1 x 1
         node("Add", ["bn_var", "bn_eps"], "bn_var_eps"),
         node("Sqrt", ["bn_var_eps"], "bn_std"),
         node("Div", ["bn_gamma", "bn_std"], "bn_scale"),
         node("Mul", ["bn_mean", "bn_scale"], "bn_mean_scaled"),
         node("Sub", ["bn_beta", "bn_mean_scaled"], "bn_shift"),
         node("Unsqueeze", ["bn_scale", "axes12"], "bn_scale_u"),
         node("Unsqueeze", ["bn_shift", "axes12"], "bn_shift_u"),
         node("Mul", ["conv", "bn_scale_u"], "bn_mul"),
         node("Add", ["bn_mul", "bn_shift_u"], "bn_add"),
         node("Relu", ["bn_add"], "relu"),
         # torch's x.view(x.size(0), -1) with the batch bound: Shape -> Gather -> Unsqueeze -> Concat
         node("Shape", ["relu"], "relu_shape"),
         node("Gather", ["relu_shape", "zero"], "batch", axis=0),
         node("Unsqueeze", ["batch", "axes0"], "batch_u"),
         node("Concat", ["batch_u", "minus_one"], "flat_shape", axis=0),
         node("Reshape", ["relu", "flat_shape"], "flat"),
         # a weight stored N x K as float16-cast and transposed before MatMul (K x N)
         node("Cast", ["fc_w_nk"], "fc_w_cast", to=TensorProto.FLOAT),
         node("Transpose", ["fc_w_cast"], "fc_w", perm=[1, 0]),
         node("MatMul", ["flat", "fc_w"], "fc"),
         node("Pow", ["fc_bias_root", "two"], "fc_bias"),
         node("Add", ["fc", "fc_bias"], "out")]
    inits = [weight("bn_var", [8]), floats("bn_eps", [1e-5]), weight("bn_gamma", [8]), weight("bn_mean", [8]),
             weight("bn_beta", [8]), ints("axes12", [1, 2]), ints("zero", 0), ints("axes0", [0]),
             ints("minus_one", [-1]), weight("fc_w_nk", [10, 8 * 16 * 16]), weight("fc_bias_root", [10]),
             floats("two", 2.0)]
    return model("weights_folded", n, [value("data", ["N", 3, 16, 16])], [value("out", ["N", 10])], inits, opset=13)


def se_block():
    n = [node("Conv", ["data", "conv_w", "conv_b"], "conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         node("Relu", ["conv"], "relu"),
         node("ReduceMean", ["relu"], "squeeze", axes=[2, 3], keepdims=1),
         node("Conv", ["squeeze", "fc1_w", "fc1_b"], "fc1", kernel_shape=[1, 1]),
         node("Relu", ["fc1"], "fc1_relu"),
         node("Conv", ["fc1_relu", "fc2_w", "fc2_b"], "fc2", kernel_shape=[1, 1]),
         node("Sigmoid", ["fc2"], "gate"),
         node("Mul", ["relu", "gate"], "excite"),
         node("ReduceMax", ["excite"], "global_max", axes=[2, 3], keepdims=0),
         node("ReduceSum", ["excite", "axes23"], "global_sum", keepdims=0),
         node("Add", ["global_max", "global_sum"], "pooled"),
         node("Gemm", ["pooled", "cls_w", "cls_b"], "cls", transB=1),
         node("LogSoftmax", ["cls"], "log_prob", axis=1)]
    inits = [weight("conv_w", [32, 3, 3, 3]), weight("conv_b", [32]), weight("fc1_w", [8, 32, 1, 1]),
             weight("fc1_b", [8]), weight("fc2_w", [32, 8, 1, 1]), weight("fc2_b", [32]), ints("axes23", [2, 3]),
             weight("cls_w", [5, 32]), weight("cls_b", [5])]
    return model("se_block", n, [value("data", [2, 3, 16, 16])], [value("log_prob", [2, 5])], inits, opset=13)


def detection_neck():
    n = [node("Conv", ["data", "c1_w"], "c1", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
         node("Relu", ["c1"], "p3"),
         node("Conv", ["p3", "c2_w"], "c2", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2]),
         node("Relu", ["c2"], "p4"),
         helper.make_node("Resize", ["p4", "roi", "up2"], ["p4_up"], name="p4_up", mode="nearest"),
         node("Concat", ["p3", "p4_up"], "fused", axis=1),
         node("Conv", ["fused", "head_w", "head_b"], "head", kernel_shape=[1, 1]),
         # head: boxes = channels 0:4, objectness 4:5, classes 5:8 (Slice), or a Split
         node("Slice", ["head", "s0", "s4", "ax1"], "boxes"),
         helper.make_node("Split", ["head"], ["box_xy", "box_wh", "scores"], name="split", axis=1, split=[2, 2, 4]),
         node("Sigmoid", ["scores"], "scores_sig"),
         node("ReduceMax", ["scores_sig"], "best", axes=[1], keepdims=1),
         node("Mul", ["box_wh", "best"], "wh_scaled"),
         node("Expand", ["best", "expand_shape"], "best_wide"),
         node("Add", ["boxes", "best_wide"], "boxes_out"),
         node("Transpose", ["boxes_out"], "boxes_t", perm=[0, 2, 3, 1]),
         node("Concat", ["box_xy", "wh_scaled"], "xywh", axis=1)]
    inits = [weight("c1_w", [16, 3, 3, 3]), weight("c2_w", [32, 16, 3, 3]), floats("roi", []),
             floats("up2", [1, 1, 2, 2]), weight("head_w", [8, 48, 1, 1]), weight("head_b", [8]),
             ints("s0", [0]), ints("s4", [4]), ints("ax1", [1]),
             ints("expand_shape", [1, 4, 32, 32])]
    return model("detection_neck", n, [value("data", [1, 3, 64, 64])],
                 [value("boxes_t", [1, 32, 32, 4]), value("xywh", [1, 4, 32, 32])], inits, opset=11)


def decoder_opset17():
    n = [node("Conv", ["data", "enc1_w", "enc1_b"], "enc1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         node("Relu", ["enc1"], "skip"),
         node("Conv", ["skip", "enc2_w", "enc2_b"], "enc2", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
              strides=[2, 2]),
         node("Relu", ["enc2"], "deep"),
         node("ConvTranspose", ["deep", "up_w", "up_b"], "up", kernel_shape=[2, 2], strides=[2, 2]),
         node("Concat", ["skip", "up"], "merged", axis=1),
         node("Conv", ["merged", "dec_w", "dec_b"], "dec", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
         helper.make_node("Resize", ["dec", "", "", "out_size"], ["big"], name="big", mode="linear",
                          coordinate_transformation_mode="half_pixel"),
         node("Squeeze", ["big", "axis0"], "big_chw"),
         node("Unsqueeze", ["big_chw", "axis0"], "big_nchw"),
         node("LogSoftmax", ["big_nchw"], "log_prob", axis=1)]
    inits = [weight("enc1_w", [8, 3, 3, 3]), weight("enc1_b", [8]), weight("enc2_w", [16, 8, 3, 3]),
             weight("enc2_b", [16]), weight("up_w", [16, 8, 2, 2]), weight("up_b", [8]),
             weight("dec_w", [4, 16, 3, 3]), weight("dec_b", [4]), ints("out_size", [1, 4, 64, 64]),
             ints("axis0", [0])]
    return model("decoder_opset17", n, [value("data", [1, 3, 32, 32])], [value("log_prob", [1, 4, 64, 64])], inits,
                 opset=17, ir=8)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    for make in (bn_mul_add_opset9, weights_folded, se_block, detection_neck, decoder_opset17):
        m = make()
        with open(os.path.join(out, f"{make.__name__}.onnx"), "wb") as f:
            f.write(m.SerializeToString(deterministic=True))


if __name__ == "__main__":
    main()
