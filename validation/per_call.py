#!/usr/bin/env python3
"""Per-image cost of each GPU layer under a host-issue / GPU-gap split of the launch cost.

A diagnostic, not a model (validation/analysis-2026-12.md, addendum of 2026-12-07, fourth
session). The shipped GPU stacks charge a call's whole launch cost to the GPU
(`kernels.kernel_launch`, 34.5 µs on the TX1 cuBLAS stack). The alternative tested here: the host
issues each call in `issue` µs and the GPU runs it `gap` µs after the previous one ends, so a call
costs max(issue, body + gap) when calls queue back to back. For every layer of the runtime's
per-layer records it prints the measured per-image slope (least squares of time over batches
2-16), the shipped model's slope, and the slope the split gives:

    slope = (T(16) − T(2)) / 14,   T(B) = Σ over the layer's calls at batch B of max(issue, body + gap)

with each call's body (its kernel time without any launch cost) from `augur simulate` with
`kernels.kernel_launch` set to 0. Command:

    build/augur validate --cross-validate --all --format json > cv.json
    python3 validation/per_call.py cv.json [--runtime caffe-cublas-gm20b] [--issue 26] [--gap 5]
"""
import argparse
import collections
import json
import math
import os
import subprocess
import sys

from error_analysis import ROOT, linfit

BOARD = {"gm20b": "hwdesc/boards/jetson-tx1.yaml", "gk20a": "hwdesc/boards/jetson-tk1.yaml"}


def simulate(augur, board, runtime, network, batch, overrides):
    command = [augur, "simulate", "--hw", os.path.join(ROOT, board), "--net", os.path.join(ROOT, network),
               "--processor", "gpu", "--batch", str(batch), "--gpu-runtime",
               os.path.join(ROOT, "hwdesc", "runtimes", runtime + ".yaml"), "--format", "json"]
    for o in overrides:
        command += ["--set", o]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {layer["name"]: layer for layer in json.loads(out)["layers"]}


def split_time(layer, issue_ms, gap_ms):
    """The layer's kernels at one batch, each call at max(issue, body + gap) (ms)."""
    total = 0.0
    for k in layer.get("kernels", []):
        calls = max(1, k["launches"])
        total += calls * max(issue_ms, k["time_ms"] / calls + gap_ms)
    return total


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cv_json", help="output of augur validate --cross-validate --all --format json")
    parser.add_argument("--runtime", default="caffe-cublas-gm20b")
    parser.add_argument("--issue", type=float, default=26.0, help="host time to issue a call, µs")
    parser.add_argument("--gap", type=float, default=5.0, help="GPU gap between queued calls, µs")
    parser.add_argument("--augur", default=os.environ.get("AUGUR", os.path.join(ROOT, "build", "augur")))
    args = parser.parse_args(argv)
    board = next((b for tag, b in BOARD.items() if args.runtime.endswith(tag)), None)
    if board is None:
        sys.exit(f"{args.runtime}: not a GPU runtime of a board this script knows ({', '.join(BOARD)})")
    with open(args.cv_json, encoding="utf-8") as f:
        document = json.load(f)
    measured = collections.defaultdict(dict)   # (network file, layer) -> {batch: ms}
    shipped = collections.defaultdict(dict)
    for r in document["records"]:
        if r.get("runtime") == args.runtime and r["scope"] == "layer" and r.get("found") and r.get("measured"):
            measured[(r["network"], r["what"])][r["batch"]] = r["measured"]
            shipped[(r["network"], r["what"])][r["batch"]] = r["predicted"]
    if not measured:
        sys.exit(f"{args.cv_json}: no per-layer records of {args.runtime}")

    issue_ms, gap_ms = args.issue / 1e3, args.gap / 1e3
    bodies = {}
    for network in sorted({n for n, _ in measured}):
        for batch in (2, 16):
            bodies[(network, batch)] = simulate(args.augur, board, args.runtime, network, batch,
                                                ["gpu_runtime.kernels.kernel_launch=0 us"])
    print(f"{args.runtime}: per-image slope of each layer (ms per image), measured, shipped model, and "
          f"calls at max(issue {args.issue:g} µs, body + gap {args.gap:g} µs)")
    print(f"{'network':22s} {'layer':44s} {'measured':>9s} {'shipped':>9s} {'split':>9s} {'split-meas':>10s}")
    off = collections.defaultdict(list)   # per spatial size of the layer's output: split − measured
    for key in sorted(measured, key=lambda k: (k[0], k[1])):
        network, name = key
        points = measured[key]
        low, high = bodies[(network, 2)].get(name), bodies[(network, 16)].get(name)
        if len(points) < 2 or low is None or high is None:
            continue
        b_meas = linfit(list(points), list(points.values()))[1]
        b_ship = linfit(list(shipped[key]), list(shipped[key].values()))[1]
        b_split = (split_time(high, issue_ms, gap_ms) - split_time(low, issue_ms, gap_ms)) / 14
        print(f"{os.path.basename(network)[:22]:22s} {name[:44]:44s} {b_meas:9.4f} {b_ship:9.4f} {b_split:9.4f} "
              f"{b_split - b_meas:+10.4f}")
        gemm = next((k for k in high.get("kernels", []) if "m" in k), None)
        if high.get("type") == "Convolution" and gemm is not None:
            off[gemm["m"]].append(b_split - b_meas)
    print()
    print("convolutions by GEMM rows per call (m: output pixels), mean and RMS of split − measured (ms per image):")
    for m in sorted(off):
        d = off[m]
        print(f"  m = {m:6d}: {len(d):3d} layers, mean {sum(d) / len(d):+.4f}, "
              f"RMS {math.sqrt(sum(x * x for x in d) / len(d)):.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
