#!/usr/bin/env python3
"""Writes the Caffe deploy prototxt files of workloads/caffe/ (written for Augur, not copied).

Run from anywhere: `python3 workloads/caffe/generate.py`. The files are committed; a test
(`WorkloadEquivalence.*`) checks that each one gives the same per-layer shapes, MACs and parameters
as the corresponding real file in ../shared/models/caffe/, where one exists. Layer and blob names
follow the published models so that layers can be matched by name.
"""
import os

OUT = os.path.dirname(os.path.abspath(__file__))


class Net:
    def __init__(self, name, input_layer, shape):
        self.lines = [f'name: "{name}"']
        self.layer("Input", input_layer, [], ["data"],
                   "input_param { shape: { " + " ".join(f"dim: {d}" for d in shape) + " } }")

    def layer(self, type_, name, bottoms, tops, params=""):
        body = [f'  name: "{name}"', f'  type: "{type_}"']
        body += [f'  bottom: "{b}"' for b in bottoms] + [f'  top: "{t}"' for t in tops]
        if params:
            body.append("  " + params)
        self.lines.append("layer {\n" + "\n".join(body) + "\n}")

    def conv(self, name, bottom, top, n, k, s=1, p=0, group=1, bias=True):
        opts = [f"num_output: {n}", f"kernel_size: {k}"]
        if s != 1:
            opts.append(f"stride: {s}")
        if p:
            opts.append(f"pad: {p}")
        if group != 1:
            opts.append(f"group: {group}")
        if not bias:
            opts.append("bias_term: false")
        self.layer("Convolution", name, [bottom], [top], "convolution_param { " + " ".join(opts) + " }")

    def relu(self, name, blob):
        self.layer("ReLU", name, [blob], [blob])

    def pool(self, name, bottom, top, method, k=None, s=1, p=0, global_=False):
        opts = [f"pool: {method}"]
        opts += ["global_pooling: true"] if global_ else [f"kernel_size: {k}", f"stride: {s}"]
        if p:
            opts.append(f"pad: {p}")
        self.layer("Pooling", name, [bottom], [top], "pooling_param { " + " ".join(opts) + " }")

    def lrn(self, name, bottom, top):
        self.layer("LRN", name, [bottom], [top],
                   "lrn_param { local_size: 5 alpha: 0.0001 beta: 0.75 }")

    def fc(self, name, bottom, top, n):
        self.layer("InnerProduct", name, [bottom], [top], f"inner_product_param {{ num_output: {n} }}")

    def dropout(self, name, blob, ratio=0.5):
        self.layer("Dropout", name, [blob], [blob], f"dropout_param {{ dropout_ratio: {ratio} }}")

    def bn_scale(self, bn, scale, blob):
        self.layer("BatchNorm", bn, [blob], [blob], "batch_norm_param { use_global_stats: true }")
        self.layer("Scale", scale, [blob], [blob], "scale_param { bias_term: true }")

    def softmax(self, bottom):
        self.layer("Softmax", "prob", [bottom], ["prob"])

    def write(self, filename):
        with open(os.path.join(OUT, filename), "w") as f:
            f.write(f"# Written for Augur by workloads/caffe/generate.py; do not edit by hand.\n")
            f.write("\n".join(self.lines) + "\n")


def alexnet(name, caffenet):
    net = Net(name, "data", [10, 3, 227, 227])
    net.conv("conv1", "data", "conv1", 96, 11, s=4)
    net.relu("relu1", "conv1")
    if caffenet:  # CaffeNet pools before normalising
        net.pool("pool1", "conv1", "pool1", "MAX", 3, 2)
        net.lrn("norm1", "pool1", "norm1")
        net.conv("conv2", "norm1", "conv2", 256, 5, p=2, group=2)
        net.relu("relu2", "conv2")
        net.pool("pool2", "conv2", "pool2", "MAX", 3, 2)
        net.lrn("norm2", "pool2", "norm2")
        net.conv("conv3", "norm2", "conv3", 384, 3, p=1)
    else:
        net.lrn("norm1", "conv1", "norm1")
        net.pool("pool1", "norm1", "pool1", "MAX", 3, 2)
        net.conv("conv2", "pool1", "conv2", 256, 5, p=2, group=2)
        net.relu("relu2", "conv2")
        net.lrn("norm2", "conv2", "norm2")
        net.pool("pool2", "norm2", "pool2", "MAX", 3, 2)
        net.conv("conv3", "pool2", "conv3", 384, 3, p=1)
    net.relu("relu3", "conv3")
    net.conv("conv4", "conv3", "conv4", 384, 3, p=1, group=2)
    net.relu("relu4", "conv4")
    net.conv("conv5", "conv4", "conv5", 256, 3, p=1, group=2)
    net.relu("relu5", "conv5")
    net.pool("pool5", "conv5", "pool5", "MAX", 3, 2)
    classifier(net, "pool5")
    return net


def classifier(net, bottom):
    net.fc("fc6", bottom, "fc6", 4096)
    net.relu("relu6", "fc6")
    net.dropout("drop6", "fc6")
    net.fc("fc7", "fc6", "fc7", 4096)
    net.relu("relu7", "fc7")
    net.dropout("drop7", "fc7")
    net.fc("fc8", "fc7", "fc8", 1000)
    net.softmax("fc8")


def vgg(name, convs_per_stage):
    net = Net(name, "data", [10, 3, 224, 224])
    blob, widths = "data", [64, 128, 256, 512, 512]
    for stage, (count, width) in enumerate(zip(convs_per_stage, widths), start=1):
        for i in range(1, count + 1):
            conv = f"conv{stage}_{i}"
            net.conv(conv, blob, conv, width, 3, p=1)
            net.relu(f"relu{stage}_{i}", conv)
            blob = conv
        net.pool(f"pool{stage}", blob, f"pool{stage}", "MAX", 2, 2)
        blob = f"pool{stage}"
    classifier(net, blob)
    return net


def googlenet():
    net = Net("GoogleNet", "data", [10, 3, 224, 224])
    net.conv("conv1/7x7_s2", "data", "conv1/7x7_s2", 64, 7, s=2, p=3)
    net.relu("conv1/relu_7x7", "conv1/7x7_s2")
    net.pool("pool1/3x3_s2", "conv1/7x7_s2", "pool1/3x3_s2", "MAX", 3, 2)
    net.lrn("pool1/norm1", "pool1/3x3_s2", "pool1/norm1")
    net.conv("conv2/3x3_reduce", "pool1/norm1", "conv2/3x3_reduce", 64, 1)
    net.relu("conv2/relu_3x3_reduce", "conv2/3x3_reduce")
    net.conv("conv2/3x3", "conv2/3x3_reduce", "conv2/3x3", 192, 3, p=1)
    net.relu("conv2/relu_3x3", "conv2/3x3")
    net.lrn("conv2/norm2", "conv2/3x3", "conv2/norm2")
    net.pool("pool2/3x3_s2", "conv2/norm2", "pool2/3x3_s2", "MAX", 3, 2)
    blob = "pool2/3x3_s2"
    modules = [("3a", 64, 96, 128, 16, 32, 32), ("3b", 128, 128, 192, 32, 96, 64), "pool3",
               ("4a", 192, 96, 208, 16, 48, 64), ("4b", 160, 112, 224, 24, 64, 64),
               ("4c", 128, 128, 256, 24, 64, 64), ("4d", 112, 144, 288, 32, 64, 64),
               ("4e", 256, 160, 320, 32, 128, 128), "pool4",
               ("5a", 256, 160, 320, 32, 128, 128), ("5b", 384, 192, 384, 48, 128, 128)]
    for m in modules:
        if isinstance(m, str):
            net.pool(f"{m}/3x3_s2", blob, f"{m}/3x3_s2", "MAX", 3, 2)
            blob = f"{m}/3x3_s2"
            continue
        tag, n1, r3, n3, r5, n5, proj = m
        p = f"inception_{tag}"
        net.conv(f"{p}/1x1", blob, f"{p}/1x1", n1, 1)
        net.relu(f"{p}/relu_1x1", f"{p}/1x1")
        net.conv(f"{p}/3x3_reduce", blob, f"{p}/3x3_reduce", r3, 1)
        net.relu(f"{p}/relu_3x3_reduce", f"{p}/3x3_reduce")
        net.conv(f"{p}/3x3", f"{p}/3x3_reduce", f"{p}/3x3", n3, 3, p=1)
        net.relu(f"{p}/relu_3x3", f"{p}/3x3")
        net.conv(f"{p}/5x5_reduce", blob, f"{p}/5x5_reduce", r5, 1)
        net.relu(f"{p}/relu_5x5_reduce", f"{p}/5x5_reduce")
        net.conv(f"{p}/5x5", f"{p}/5x5_reduce", f"{p}/5x5", n5, 5, p=2)
        net.relu(f"{p}/relu_5x5", f"{p}/5x5")
        net.pool(f"{p}/pool", blob, f"{p}/pool", "MAX", 3, 1, p=1)
        net.conv(f"{p}/pool_proj", f"{p}/pool", f"{p}/pool_proj", proj, 1)
        net.relu(f"{p}/relu_pool_proj", f"{p}/pool_proj")
        net.layer("Concat", f"{p}/output", [f"{p}/1x1", f"{p}/3x3", f"{p}/5x5", f"{p}/pool_proj"],
                  [f"{p}/output"])
        blob = f"{p}/output"
    net.pool("pool5/7x7_s1", blob, "pool5/7x7_s1", "AVE", 7, 1)
    net.dropout("pool5/drop_7x7_s1", "pool5/7x7_s1", 0.4)
    net.fc("loss3/classifier", "pool5/7x7_s1", "loss3/classifier", 1000)
    net.softmax("loss3/classifier")
    return net


def resnet(depth):
    blocks = {50: [3, 4, 6, 3], 101: [3, 4, 23, 3], 152: [3, 8, 36, 3]}[depth]
    net = Net(f"ResNet-{depth}", "input", [1, 3, 224, 224])
    # The published ResNet-50 keeps conv1's bias; ResNet-101/152 do not.
    net.conv("conv1", "data", "conv1", 64, 7, s=2, p=3, bias=depth == 50)
    net.bn_scale("bn_conv1", "scale_conv1", "conv1")
    net.relu("conv1_relu", "conv1")
    net.pool("pool1", "conv1", "pool1", "MAX", 3, 2)
    blob = "pool1"
    for stage, count in zip(range(2, 6), blocks):
        width = 64 * 2 ** (stage - 2)
        for b in range(count):
            if depth == 50 or count <= 3 or b == 0:
                tag = f"{stage}{chr(ord('a') + b)}"
            else:  # ResNet-101/152 name the blocks of long stages a, b1, b2, ...
                tag = f"{stage}b{b}"
            stride = 2 if (b == 0 and stage > 2) else 1
            shortcut = blob
            if b == 0:
                net.conv(f"res{tag}_branch1", blob, f"res{tag}_branch1", 4 * width, 1, s=stride, bias=False)
                net.bn_scale(f"bn{tag}_branch1", f"scale{tag}_branch1", f"res{tag}_branch1")
                shortcut = f"res{tag}_branch1"
            for part, (n, k, s, p) in zip("abc", [(width, 1, stride, 0), (width, 3, 1, 1), (4 * width, 1, 1, 0)]):
                name = f"res{tag}_branch2{part}"
                net.conv(name, blob if part == "a" else f"res{tag}_branch2{chr(ord(part) - 1)}", name, n, k,
                         s=s, p=p, bias=False)
                net.bn_scale(f"bn{tag}_branch2{part}", f"scale{tag}_branch2{part}", name)
                if part != "c":
                    net.relu(f"res{tag}_branch2{part}_relu", name)
            net.layer("Eltwise", f"res{tag}", [shortcut, f"res{tag}_branch2c"], [f"res{tag}"])
            net.relu(f"res{tag}_relu", f"res{tag}")
            blob = f"res{tag}"
    net.pool("pool5", blob, "pool5", "AVE", 7, 1)
    net.fc("fc1000", "pool5", "fc1000", 1000)
    net.softmax("fc1000")
    return net


def squeezenet(version):
    v10 = version == "1.0"
    net = Net(f"SqueezeNet v{version}", "input" if v10 else "data", [10, 3, 227, 227])
    if v10:
        net.conv("conv1", "data", "conv1", 96, 7, s=2)
        plan = [(2, 16, 64), (3, 16, 64), (4, 32, 128), "pool4", (5, 32, 128), (6, 48, 192),
                (7, 48, 192), (8, 64, 256), "pool8", (9, 64, 256)]
    else:
        net.conv("conv1", "data", "conv1", 64, 3, s=2)
        plan = [(2, 16, 64), (3, 16, 64), "pool3", (4, 32, 128), (5, 32, 128), "pool5",
                (6, 48, 192), (7, 48, 192), (8, 64, 256), (9, 64, 256)]
    net.relu("relu_conv1", "conv1")
    net.pool("pool1", "conv1", "pool1", "MAX", 3, 2)
    blob = "pool1"
    for item in plan:
        if isinstance(item, str):
            net.pool(item, blob, item, "MAX", 3, 2)
            blob = item
            continue
        i, squeeze, expand = item
        f = f"fire{i}"
        net.conv(f"{f}/squeeze1x1", blob, f"{f}/squeeze1x1", squeeze, 1)
        net.relu(f"{f}/relu_squeeze1x1", f"{f}/squeeze1x1")
        net.conv(f"{f}/expand1x1", f"{f}/squeeze1x1", f"{f}/expand1x1", expand, 1)
        net.relu(f"{f}/relu_expand1x1", f"{f}/expand1x1")
        net.conv(f"{f}/expand3x3", f"{f}/squeeze1x1", f"{f}/expand3x3", expand, 3, p=1)
        net.relu(f"{f}/relu_expand3x3", f"{f}/expand3x3")
        net.layer("Concat", f"{f}/concat", [f"{f}/expand1x1", f"{f}/expand3x3"], [f"{f}/concat"])
        blob = f"{f}/concat"
    net.dropout("drop9", blob)
    # v1.0 as published pads conv10 by 1 (15x15 output); v1.1 does not.
    net.conv("conv10", blob, "conv10", 1000, 1, p=1 if v10 else 0)
    net.relu("relu_conv10", "conv10")
    net.pool("pool10", "conv10", "pool10", "AVE", global_=True)
    net.softmax("pool10")
    return net


def mobilenet_v1():
    net = Net("MOBILENET", "input", [1, 3, 224, 224])
    net.conv("conv1", "data", "conv1", 32, 3, s=2, p=1, bias=False)
    net.bn_scale("conv1/bn", "conv1/scale", "conv1")
    net.relu("relu1", "conv1")
    blob, channels = "conv1", 32
    plan = [("2_1", 64, 1), ("2_2", 128, 2), ("3_1", 128, 1), ("3_2", 256, 2), ("4_1", 256, 1),
            ("4_2", 512, 2), ("5_1", 512, 1), ("5_2", 512, 1), ("5_3", 512, 1), ("5_4", 512, 1),
            ("5_5", 512, 1), ("5_6", 1024, 2), ("6", 1024, 1)]
    for tag, out, stride in plan:
        dw, sep = f"conv{tag}/dw", f"conv{tag}/sep"
        net.conv(dw, blob, dw, channels, 3, s=stride, p=1, group=channels, bias=False)
        net.bn_scale(f"{dw}/bn", f"{dw}/scale", dw)
        net.relu(f"relu{tag}/dw", dw)
        net.conv(sep, dw, sep, out, 1, bias=False)
        net.bn_scale(f"{sep}/bn", f"{sep}/scale", sep)
        net.relu(f"relu{tag}/sep", sep)
        blob, channels = sep, out
    net.pool("pool6", blob, "pool6", "AVE", global_=True)
    net.conv("fc7", "pool6", "fc7", 1000, 1)
    net.softmax("fc7")
    return net


def nin():
    """Network-in-Network for ImageNet (Lin et al., ICLR 2014), the Caffe model-zoo layout."""
    net = Net("NIN-ImageNet", "data", [10, 3, 224, 224])
    stages = [("conv1", 96, 11, 4, 0, ["cccp1", "cccp2"], "pool0"),
              ("conv2", 256, 5, 1, 2, ["cccp3", "cccp4"], "pool2"),
              ("conv3", 384, 3, 1, 1, ["cccp5", "cccp6"], "pool3")]
    blob, relu = "data", 0
    for conv, n, k, s, p, cccps, pool in stages:
        net.conv(conv, blob, conv, n, k, s=s, p=p)
        net.relu(f"relu{relu}", conv)
        relu += 1
        prev = conv
        for c in cccps:
            net.conv(c, prev, c, n, 1)
            net.relu(f"relu{relu}", c)
            relu += 1
            prev = c
        net.pool(pool, prev, pool, "MAX", 3, 2)
        blob = pool
    net.dropout("drop", blob)
    net.conv("conv4-1024", blob, "conv4-1024", 1024, 3, p=1)
    net.relu("relu10", "conv4-1024")
    net.conv("cccp7-1024", "conv4-1024", "cccp7-1024", 1024, 1)
    net.relu("relu11", "cccp7-1024")
    net.conv("cccp8-1024", "cccp7-1024", "cccp8-1024", 1000, 1)
    net.relu("relu12", "cccp8-1024")
    net.pool("pool4", "cccp8-1024", "pool4", "AVE", 6, 1)
    net.softmax("pool4")
    return net


def main():
    alexnet("AlexNet", False).write("alexnet.prototxt")
    alexnet("CaffeNet", True).write("caffenet.prototxt")
    vgg("VGG_ILSVRC_16_layers", [2, 2, 3, 3, 3]).write("vgg16.prototxt")
    vgg("VGG_ILSVRC_19_layers", [2, 2, 4, 4, 4]).write("vgg19.prototxt")
    googlenet().write("googlenet.prototxt")
    for depth in (50, 101, 152):
        resnet(depth).write(f"resnet{depth}.prototxt")
    squeezenet("1.0").write("squeezenet_v1.0.prototxt")
    squeezenet("1.1").write("squeezenet_v1.1.prototxt")
    mobilenet_v1().write("mobilenet_v1.prototxt")
    nin().write("nin.prototxt")


if __name__ == "__main__":
    main()
