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
    python3 validation/per_call.py cv.json [--runtime caffe-cublas-gm20b] [--issue 26] [--gap 5] [--fit]

With --fit it also fits, per network and for all networks together, the issue and gap and a scale
on the bodies of each kind of kernel (GEMM of a convolution, GEMM of an inner product, bias pass,
im2col, streaming kernels) to the measured slopes of the layers that take at least 8 µs per image,
minimising the RMS of log(split slope / measured slope) (a bounded coordinate search), and prints
each layer's error under the joint fit (analysis-2026-12.md, addendum of the seventh session).
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
    parser.add_argument("--fit", action="store_true",
                        help="also fit issue, gap and per-kind body scales to the measured slopes")
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
    rows = []                             # (network, layer, measured slope, layer at batch 2, at 16)
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
        rows.append((os.path.basename(network), name, b_meas, low, high))
        gemm = next((k for k in high.get("kernels", []) if "m" in k), None)
        if high.get("type") == "Convolution" and gemm is not None:
            off[gemm["m"]].append(b_split - b_meas)
    print()
    print("convolutions by GEMM rows per call (m: output pixels), mean and RMS of split − measured (ms per image):")
    for m in sorted(off):
        d = off[m]
        print(f"  m = {m:6d}: {len(d):3d} layers, mean {sum(d) / len(d):+.4f}, "
              f"RMS {math.sqrt(sum(x * x for x in d) / len(d)):.4f}")
    if args.fit:
        fit_report(rows, args.issue / 1e3, args.gap / 1e3)


# Kinds of kernel whose bodies get a scale of their own in --fit.
KINDS = ("gemm", "gemm_fc", "bias", "im2col", "stream")
BOUNDS = {"issue": (0.001, 0.1), "gap": (0.0001, 0.1), **{k: (0.3, 5.0) for k in KINDS}}


def kind(layer, kernel):
    if kernel["label"] == "gemm":
        return "gemm_fc" if layer.get("type") == "InnerProduct" else "gemm"
    return kernel["label"] if kernel["label"] in ("bias", "im2col") else "stream"


def scaled_time(layer, p):
    """split_time with each kernel's body scaled by its kind's factor (ms)."""
    total = 0.0
    for k in layer.get("kernels", []):
        calls = max(1, k["launches"])
        total += calls * max(p["issue"], p[kind(layer, k)] * k["time_ms"] / calls + p["gap"])
    return total


def slope_loss(rows, p):
    errors = [math.log(max((scaled_time(high, p) - scaled_time(low, p)) / 14, 1e-9) / measured)
              for _, _, measured, low, high in rows]
    return math.sqrt(sum(e * e for e in errors) / len(errors))


def coordinate_fit(rows, p, keys):
    """Multiplicative coordinate search within BOUNDS; returns the parameters and their loss."""
    best, step = slope_loss(rows, p), {k: 0.3 for k in keys}
    for _ in range(60):
        for k in keys:
            for factor in (1 + step[k], 1 / (1 + step[k])):
                q = dict(p, **{k: min(BOUNDS[k][1], max(BOUNDS[k][0], p[k] * factor))})
                loss = slope_loss(rows, q)
                if loss < best:
                    best, p = loss, q
                    break
            else:
                step[k] *= 0.6
    return p, best


def fit_report(rows, issue_ms, gap_ms):
    rows = [r for r in rows if r[2] >= 0.008]
    start = {"issue": issue_ms, "gap": gap_ms, **{k: 1.0 for k in KINDS}}
    shipped_like = dict(start, issue=0.0, gap=0.0345)
    variants = (("issue, gap", ("issue", "gap")), ("issue, gap, bias", ("issue", "gap", "bias")),
                ("issue, gap, every kind", ("issue", "gap") + KINDS))
    print()
    print(f"--fit: RMS of log(split slope / measured slope) over layers of >= 8 µs per image; "
          f"issue and gap in µs, scales on the kernels' bodies (bounds: {BOUNDS['issue'][1] * 1e3:g} µs, "
          f"{BOUNDS['gap'][1] * 1e3:g} µs, {BOUNDS['gemm'][0]:g}-{BOUNDS['gemm'][1]:g})")
    for network in sorted({r[0] for r in rows}) + ["all"]:
        subset = [r for r in rows if network in ("all", r[0])]
        print(f"  {network} ({len(subset)} layers): 34.5 µs on the GPU per call, no issue: "
              f"{slope_loss(subset, shipped_like):.3f}")
        for label, keys in variants:
            p, loss = coordinate_fit(subset, dict(start), keys)
            values = ", ".join(f"{k} {p[k] * 1e3:.1f}" if k in ("issue", "gap") else f"{k} {p[k]:.2f}"
                               for k in keys)
            print(f"    fitted {label}: {loss:.3f} ({values})")
            if network == "all" and keys == variants[-1][1]:
                joint = p
    print("  each layer under the joint fit of every kind (split slope against measured):")
    for network, name, measured, low, high in rows:
        split = (scaled_time(high, joint) - scaled_time(low, joint)) / 14
        print(f"    {network[:22]:22s} {name[:44]:44s} {measured:9.4f} {split:9.4f} {100 * (split / measured - 1):+5.0f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
