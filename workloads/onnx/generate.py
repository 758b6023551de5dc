#!/usr/bin/python3
"""Writes the ONNX models of workloads/onnx/ from the network definitions of workloads/caffe/generate.py.

Run from anywhere: `/usr/bin/python3 workloads/onnx/generate.py [OUT_DIR]` (needs python3-onnx, a Debian
package that scripts/setup-deps.sh installs). The .onnx files are committed; the ctest
`OnnxWorkloads.GeneratedFilesAreCurrent` regenerates them into a temporary folder and checks that
nothing changed.

Each network is built by the same Python function that writes its Caffe prototxt, with an ONNX
back end in place of the prototxt one, so that `augur net show` on the two files can be compared
layer by layer (tests/unit/test_onnx_equivalence.cpp). The back end writes what an exporter would:
  - opset 13, a symbolic batch dimension "N" (PyTorch's dynamic_axes), node names = Caffe layer names;
  - in-place Caffe layers become SSA values named after the node that writes them;
  - Caffe pooling rounds up, so every MaxPool/AveragePool carries ceil_mode = 1;
  - Caffe's BatchNorm + Scale pair is one BatchNormalization named after the BatchNorm layer;
  - InnerProduct is Flatten (when its input has more than 2 axes) + Gemm with transB = 1;
  - global pooling is GlobalAveragePool / GlobalMaxPool.
Weights are initializers whose data is stored externally in "<file>.weights", which is not
written: Augur reads only their dims (docs/cli.md, "ONNX models"). Small tensors that carry
shapes (the Dropout ratio) are stored inline.
"""
import importlib.util
import os
import sys

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 13


def caffe_networks():
    spec = importlib.util.spec_from_file_location(
        "caffe_networks", os.path.join(HERE, "..", "caffe", "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class OnnxNet:
    """The interface of workloads/caffe/generate.py's Net, writing ONNX instead of prototxt."""

    def __init__(self, name, input_layer, shape):
        del input_layer  # ONNX has no input layer: the graph input is the blob itself
        self.name = name
        self.nodes, self.initializers = [], []
        self.inputs = [helper.make_tensor_value_info("data", TensorProto.FLOAT, ["N"] + list(shape[1:]))]
        self.value = {"data": "data"}  # Caffe blob -> the ONNX value that holds it now
        self.channels = {"data": shape[1]}  # ONNX value -> channels (axis 1)
        self.weight_bytes = 0
        self.weights_file = None  # set by write()

    # --- helpers ---------------------------------------------------------------------------
    def _weight(self, name, dims):
        t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
        t.data_location = TensorProto.EXTERNAL
        length = 4
        for d in dims:
            length *= d
        for key, value in (("location", "WEIGHTS"), ("offset", str(self.weight_bytes)), ("length", str(length))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        self.weight_bytes += length
        self.initializers.append(t)
        return name

    def _node(self, op, name, inputs, output, channels, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [output], name=name, **attrs))
        self.channels[output] = channels
        return output

    def _shape(self, value):
        """The shape ONNX infers for a value of the graph built so far (used for Gemm weights)."""
        model = self._model()
        inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
        for vi in list(inferred.graph.value_info) + list(inferred.graph.input):
            if vi.name == value:
                return [d.dim_value if d.HasField("dim_value") else d.dim_param
                        for d in vi.type.tensor_type.shape.dim]
        raise KeyError(value)

    def _model(self, outputs=()):
        graph = helper.make_graph(self.nodes, self.name, self.inputs, list(outputs), self.initializers)
        model = helper.make_model(graph, producer_name="augur workloads/onnx/generate.py",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 7
        return model

    # --- the Caffe Net interface -----------------------------------------------------------
    def conv(self, name, bottom, top, n, k, s=1, p=0, group=1, bias=True):
        x = self.value[bottom]
        inputs = [x, self._weight(f"{name}.weight", [n, self.channels[x] // group, k, k])]
        if bias:
            inputs.append(self._weight(f"{name}.bias", [n]))
        self.value[top] = self._node("Conv", name, inputs, name, n, kernel_shape=[k, k], strides=[s, s],
                                     pads=[p, p, p, p], group=group, dilations=[1, 1])

    def relu(self, name, blob):
        x = self.value[blob]
        self.value[blob] = self._node("Relu", name, [x], name, self.channels[x])

    def pool(self, name, bottom, top, method, k=None, s=1, p=0, global_=False):
        x = self.value[bottom]
        op = {"MAX": "MaxPool", "AVE": "AveragePool"}[method]
        if global_:
            self.value[top] = self._node("Global" + op, name, [x], name, self.channels[x])
            return
        self.value[top] = self._node(op, name, [x], name, self.channels[x], kernel_shape=[k, k],
                                     strides=[s, s], pads=[p, p, p, p], ceil_mode=1)

    def lrn(self, name, bottom, top):
        x = self.value[bottom]
        self.value[top] = self._node("LRN", name, [x], name, self.channels[x], size=5, alpha=0.0001,
                                     beta=0.75, bias=1.0)

    def fc(self, name, bottom, top, n):
        x = self.value[bottom]
        shape = self._shape(x)
        if len(shape) > 2:
            x = self._node("Flatten", f"{name}/flatten", [x], f"{name}/flatten", None, axis=1)
        k = 1
        for d in shape[1:]:
            k *= d
        self.value[top] = self._node("Gemm", name, [x, self._weight(f"{name}.weight", [n, k]),
                                                    self._weight(f"{name}.bias", [n])], name, n, transB=1)

    def dropout(self, name, blob, ratio=0.5):
        x = self.value[blob]
        inputs = [x]
        if ratio != 0.5:
            ratio_name = f"{name}.ratio"
            self.initializers.append(helper.make_tensor(ratio_name, TensorProto.FLOAT, [], [ratio]))
            inputs.append(ratio_name)
        self.value[blob] = self._node("Dropout", name, inputs, name, self.channels[x])

    def bn_scale(self, bn, scale, blob):
        del scale  # BatchNormalization scales and shifts itself
        x = self.value[blob]
        c = self.channels[x]
        inputs = [x] + [self._weight(f"{bn}.{part}", [c]) for part in ("scale", "bias", "mean", "var")]
        self.value[blob] = self._node("BatchNormalization", bn, inputs, bn, c, epsilon=1e-5)

    def softmax(self, bottom):
        x = self.value[bottom]
        self.value["prob"] = self._node("Softmax", "prob", [x], "prob", self.channels[x], axis=1)

    def layer(self, type_, name, bottoms, tops, params=""):
        xs = [self.value[b] for b in bottoms]
        if type_ == "Concat" and not params:
            out = self._node("Concat", name, xs, name, sum(self.channels[x] for x in xs), axis=1)
        elif type_ == "Eltwise" and not params:  # SUM
            out = self._node("Add" if len(xs) == 2 else "Sum", name, xs, name, self.channels[xs[0]])
        else:
            raise NotImplementedError(f"no ONNX form for Caffe layer {type_} {params}")
        self.value[tops[0]] = out

    def write(self, filename):
        out_dir = OUT_DIR
        stem = os.path.splitext(filename)[0]
        weights = f"{stem}.onnx.weights"
        for t in self.initializers:
            for entry in t.external_data:
                if entry.key == "location":
                    entry.value = weights
        last = self.nodes[-1].output[0]
        output = helper.make_tensor_value_info(last, TensorProto.FLOAT, self._shape(last))
        model = self._model([output])
        # onnx.checker would insist on the external weights file; strict shape inference checks
        # every node against its schema instead.
        onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        with open(os.path.join(out_dir, f"{stem}.onnx"), "wb") as f:
            f.write(model.SerializeToString(deterministic=True))


OUT_DIR = HERE


def main():
    global OUT_DIR
    if len(sys.argv) > 1:
        OUT_DIR = sys.argv[1]
        os.makedirs(OUT_DIR, exist_ok=True)
    nets = caffe_networks()
    nets.Net = OnnxNet  # the network functions look Net up when they run
    nets.alexnet("AlexNet", False).write("alexnet.prototxt")
    nets.alexnet("CaffeNet", True).write("caffenet.prototxt")
    nets.vgg("VGG_ILSVRC_16_layers", [2, 2, 3, 3, 3]).write("vgg16.prototxt")
    nets.vgg("VGG_ILSVRC_19_layers", [2, 2, 4, 4, 4]).write("vgg19.prototxt")
    nets.googlenet().write("googlenet.prototxt")
    for depth in (50, 101, 152):
        nets.resnet(depth).write(f"resnet{depth}.prototxt")
    nets.squeezenet("1.0").write("squeezenet_v1.0.prototxt")
    nets.squeezenet("1.1").write("squeezenet_v1.1.prototxt")
    nets.mobilenet_v1().write("mobilenet_v1.prototxt")
    nets.nin().write("nin.prototxt")


if __name__ == "__main__":
    main()
