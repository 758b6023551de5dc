#!/usr/bin/env python3
"""Fits the `memory.fixed` value of each runtime to the measured process memory of Caffe.

    python3 validation/fit_memory.py [--write] [--augur build/augur]

For each (board, processor) the fixed part is the median, over the recorded networks, of
measured − Augur's footprint without it (weights copies + allocated data + internal buffers +
workspace), from the MM'17 / TMC'21 "measured process memory" rows (MiB). One value per (board,
processor) runtime, never per network. Prints every record's error with the fitted value.
"""
import argparse, csv, json, os, re, statistics, subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
NETS = {"AlexNet": "../shared/models/caffe/bvlc_alexnet.prototxt", "VGG-16": "workloads/caffe/vgg16.prototxt",
        "GoogLeNet": "../shared/models/caffe/bvlc_googlenet.prototxt", "ResNet-50": "../shared/models/caffe/resnet_50.prototxt"}
RUNTIMES = {("TK1", "cpu"): "caffe-openblas-a15", ("TX1", "cpu"): "caffe-openblas-a57",
            ("TK1", "gpu"): "caffe-cublas-gk20a", ("TX1", "gpu"): "caffe-cublas-gm20b"}
MIB = 1 << 20


def records():
    for r in csv.DictReader(open(os.path.join(SHARED, "validation/measurements.csv"))):
        if r["layer_or_type"] == "measured_process_memory":
            yield r["board"], r["processor"], r["network"], float(r["value"])


def footprint(augur, board, processor, net):
    out = subprocess.run([augur, "memory", "--hw", os.path.join(ROOT, f"hwdesc/boards/jetson-{board.lower()}.yaml"),
                          "--net", os.path.join(ROOT, NETS[net]), "--batch", "1", "--processor", processor,
                          "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["memory"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--augur", default=os.path.join(ROOT, "build/augur"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rows = [(b, p, n, m, footprint(args.augur, b, p, n)) for b, p, n, m in records()]
    for key, runtime in RUNTIMES.items():
        mine = [r for r in rows if (r[0], r[1]) == key]
        fixed = statistics.median(m - (f["total_bytes"] - f["runtime_bytes"]) / MIB for _, _, _, m, f in mine)
        print(f"{runtime}: memory.fixed = {fixed:.0f} MiB")
        for b, p, n, m, f in mine:
            predicted = (f["total_bytes"] - f["runtime_bytes"]) / MIB + round(fixed)
            print(f"  {b} {p} {n:10s} measured {m:7.0f} MiB predicted {predicted:7.1f} MiB error {100 * (predicted / m - 1):+5.1f}%")
        if args.write:
            path = os.path.join(ROOT, "hwdesc/runtimes/base", runtime + ".yaml")  # the hand-written file: memory is not fitted by augur calibrate
            text = open(path).read()
            text = re.sub(r"^(  fixed: )\d+ MiB", lambda mm: f"{mm.group(1)}{round(fixed)} MiB", text, count=1, flags=re.M)
            open(path, "w").write(text)


if __name__ == "__main__":
    main()
