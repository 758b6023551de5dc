#!/usr/bin/python3
"""Writes the malformed and edge-case ONNX models of tests/data/bad_onnx/ (python3-onnx).

Run `/usr/bin/python3 tests/data/bad_onnx/generate.py [OUT_DIR]`; scripts/gen-onnx.sh runs it and
checks that the committed files are current. Each file is one case of tests/cli/test_cli_onnx.cpp.
"""
import os
import sys

from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))


def model(nodes, inputs, outputs, initializers=(), opset=13, extra_opsets=()):
    graph = helper.make_graph(nodes, "bad", inputs, outputs, list(initializers))
    m = helper.make_model(graph, producer_name="augur tests/data/bad_onnx/generate.py",
                          opset_imports=[helper.make_opsetid("", opset)] + list(extra_opsets))
    m.ir_version = 7
    return m


def tensor(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def weight(name, dims):
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
    t.data_location = TensorProto.EXTERNAL
    entry = t.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    return t


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else HERE
    os.makedirs(out, exist_ok=True)
    image = tensor("x", [1, 3, 8, 8])
    conv = helper.make_node("Conv", ["x", "w"], ["c"], name="conv1", pads=[1, 1, 1, 1])
    relu = helper.make_node("Relu", ["c"], ["r"], name="relu1")
    good = model([conv, relu], [image], [tensor("r", None)], [weight("w", [4, 3, 3, 3])])
    files = {
        "tiny_conv.onnx": good,
        "missing_initializer.onnx": model([conv, relu], [image], [tensor("r", None)]),
        "cycle.onnx": model([helper.make_node("Add", ["x", "b"], ["a"], name="add"),
                             helper.make_node("Relu", ["a"], ["b"], name="relu")],
                            [tensor("x", [1, 4])], [tensor("b", None)]),
        "opset99.onnx": model([relu], [tensor("c", [1, 4])], [tensor("r", None)], opset=99),
        "unknown_op.onnx": model([helper.make_node("Softsign", ["x"], ["a"], name="soft1"),
                                  helper.make_node("Softsign", ["a"], ["b"], name="soft2"),
                                  helper.make_node("Erf", ["b"], ["e"], name="erf1"),
                                  helper.make_node("Conv", ["e", "w"], ["c"], name="conv1"),
                                  relu],
                                 [image], [tensor("r", None)], [weight("w", [4, 3, 3, 3])]),
        # constant subgraphs that cannot be folded: each is one message naming the node
        "fold_reshape_mismatch.onnx": model([helper.make_node("Reshape", ["w0", "w_shape"], ["w"], name="w_reshape"),
                                             conv, relu],
                                            [image], [tensor("r", None)],
                                            [weight("w0", [4, 27]), ints("w_shape", [4, 3, 3, 2])]),
        "fold_gather_out_of_range.onnx": model([helper.make_node("Gather", ["dims", "index"], ["picked"],
                                                                 name="pick", axis=0),
                                                helper.make_node("Reshape", ["w0", "picked"], ["w"], name="w_reshape"),
                                                conv, relu],
                                               [image], [tensor("r", None)],
                                               [weight("w0", [4, 27]), ints("dims", [4, 3, 3, 3]),
                                                ints("index", [0, 1, 2, 7])]),
        "fold_cycle.onnx": model([helper.make_node("Unsqueeze", ["b", "axes"], ["a"], name="u1"),
                                  helper.make_node("Squeeze", ["a", "axes"], ["b"], name="u2"),
                                  helper.make_node("Add", ["x", "b"], ["y"], name="add")],
                                 [tensor("x", [1, 4])], [tensor("y", None)], [ints("axes", [0])]),
        "symbolic_dims.onnx": model([conv, relu], [tensor("x", ["N", 3, "height", "width"])], [tensor("r", None)],
                                    [weight("w", [4, 3, 3, 3])]),
    }
    for name, m in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(m.SerializeToString(deterministic=True))
    data = good.SerializeToString(deterministic=True)
    with open(os.path.join(out, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])


if __name__ == "__main__":
    main()
