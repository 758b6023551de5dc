#!/usr/bin/env python3
"""Fits the "fitted" parameters of a runtime description to recorded measurements.

    python3 validation/fit_runtimes.py RUNTIME [--write] [--augur build/augur] [--networks A,B] [--rounds 0]

RUNTIME is one of the names in FITS below (a file in hwdesc/runtimes/). The script runs
`augur simulate` on the recorded configurations with candidate values passed as `--set
cpu_runtime.*` / `gpu_runtime.*` overrides, and minimises the mean squared log-error between
predicted and measured times (each record set weighted equally) by coordinate descent in log
space (record sets weighted by scope: whole network 3, per type 2, per layer 1). It prints the
fitted values and the error of every record; `--write` puts the values into
the YAML file (comments are kept). Only the records named in each fit are used: the fitted values
belong to the (hardware, library) pair, never to one network. The binary is --augur, else $AUGUR,
else build/augur. `--networks` keeps only the records of the named networks (measurements.csv
names, e.g. "AlexNet,AlexNet (bvlc_alexnet),VGG-16": the set the committed values were fitted on);
`--rounds 0` only evaluates the committed values. Records naming a layer the simulation does not
have (a trace's `input` where the network calls it `data`) are listed and left out of the loss.
"""
import argparse, csv, json, math, os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared")
NETS = {"AlexNet (bvlc_alexnet)": os.path.join(SHARED, "models/caffe/bvlc_alexnet.prototxt"),
        "AlexNet": os.path.join(SHARED, "models/caffe/bvlc_alexnet.prototxt"),
        "VGG-16": os.path.join(ROOT, "workloads/caffe/vgg16.prototxt"),
        # the same files validation/convert_records.py names (DeepScale's v1.1, He et al.'s ResNet-50)
        "SqueezeNet 1.1": os.path.join(SHARED, "models/caffe/squeezenet_v1.1.prototxt"),
        "ResNet-50": os.path.join(SHARED, "models/caffe/resnet_50.prototxt"),
        "GoogLeNet": os.path.join(SHARED, "models/caffe/bvlc_googlenet.prototxt")}
TYPE = {"CONV": "Convolution", "POOL": "Pooling", "LRN": "LRN", "ReLU": "ReLU", "FC": "InnerProduct",
        "BatchNorm": "BatchNorm", "Scale": "Scale", "Eltwise": "Eltwise", "Concat": "Concat"}


def records(source, board, processor, framework_prefix):
    path = os.path.join(SHARED, "validation/measurements.csv")
    out = []
    for r in csv.DictReader(open(path)):
        if (r["source_id"] == source and r["board"] == board and r["processor"] == processor
                and r["framework"].startswith(framework_prefix) and r["metric"] == "time_ms"):
            out.append(r)
    return out


def dividiti(board, processor, framework_prefix):
    """Per-layer records: each layer timed alone (Caffe `time`), batches 2-16."""
    cases = []
    for r in records("dividiti_ck_caffe_tx1", board, processor, framework_prefix):
        if r["scope"] == "layer" and r["layer_or_type"] != "input":
            cases.append(("dividiti-layer", r["network"], int(r["batch"]), "layer", r["layer_or_type"], float(r["value"])))
        elif r["scope"] == "total":  # "Average Forward pass" of caffe time: layers timed one by one
            cases.append(("dividiti-total", r["network"], int(r["batch"]), "layerwise", None, float(r["value"])))
    return cases


def tmc(board, processor):
    """Augur TMC'21 tables: per-type sums of layerwise times and totals, batch 1, max clocks."""
    cases = []
    for r in records("lu2021_augur_tmc", board, processor, "Caffe"):
        what = r["layer_or_type"]
        if r["scope"] == "layer_type":
            cases.append(("tmc-type", r["network"], 1, "type", TYPE.get(what, what), float(r["value"])))
        elif what == "forward_pass":
            cases.append(("tmc-total", r["network"], 1, "forward", None, float(r["value"])))
        elif what == "sum_of_layerwise_times":
            cases.append(("tmc-total", r["network"], 1, "layerwise", None, float(r["value"])))
    return cases


CPU_PARAMS = ["blas.kernel_efficiency", "blas.pack_bytes_per_cycle", "blas.gemv_bytes_per_cycle",
              "framework.cycles_per_element.relu", "framework.cycles_per_element.pool",
              "framework.cycles_per_element.pool_output", "framework.cycles_per_element.lrn",
              "framework.cycles_per_element.im2col"]
GPU_PARAMS = ["gemm.ffma_fraction", "gemm.gemv_bandwidth_efficiency",
              "kernels.stream_bandwidth_efficiency", "kernels.layer_sync:us", "kernels.layer_overhead:us",
              "kernels.kernel_launch:us", "kernels.ops_per_element.pool"]

FITS = {
    "caffe-openblas-a57": dict(board="hwdesc/boards/jetson-tx1.yaml", processor="cpu",
                               params=CPU_PARAMS + ["blas.pack_transposed_bytes_per_cycle",
                                                    "framework.cycles_per_element.softmax",
                                                    "framework.cycles_per_element.dropout"],
                               cases=dividiti("TX1", "cpu", "BVLC Caffe master") + tmc("TX1", "cpu")),
    "caffe-openblas-a15": dict(board="hwdesc/boards/jetson-tk1.yaml", processor="cpu",
                               params=[p for p in CPU_PARAMS if not p.endswith("im2col")],
                               cases=tmc("TK1", "cpu")),
    "caffe-cublas-gm20b": dict(board="hwdesc/boards/jetson-tx1.yaml", processor="gpu", params=GPU_PARAMS,
                               cases=dividiti("TX1", "gpu", "NVIDIA Caffe 0.15 1024d34 + cuBLAS") + tmc("TX1", "gpu")),
    "caffe-cublas-gk20a": dict(board="hwdesc/boards/jetson-tk1.yaml", processor="gpu",
                               params=GPU_PARAMS + ["gemm.dual_issue_fraction"], cases=tmc("TK1", "gpu")),
}


def simulate(augur, fit, values, net, batch, mode):
    prefix = "cpu_runtime." if fit["processor"] == "cpu" else "gpu_runtime."
    args = [augur, "simulate", "--hw", os.path.join(ROOT, fit["board"]), "--net", NETS[net],
            "--batch", str(batch), "--processor", fit["processor"], "--mode",
            "forward" if mode == "forward" else "layerwise", "--format", "json"]
    for name, value in values.items():
        key, _, unit = name.partition(":")
        args += ["--set", f"{prefix}{key}={value:.6g}{unit}"]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return json.loads(out.stdout)


def predictions(augur, fit, values):
    configs = sorted({(c[1], c[2], "forward" if c[3] == "forward" else "layerwise") for c in fit["cases"]})
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = dict(zip(configs, pool.map(lambda c: simulate(augur, fit, values, *c), configs)))
    out = []
    for group, net, batch, kind, key, measured in fit["cases"]:
        r = results[(net, batch, "forward" if kind == "forward" else "layerwise")]
        if kind == "layer":
            predicted = next((l["layerwise_ms"] for l in r["layers"] if l["name"] == key), None)
            if predicted is None:  # not in the network (e.g. `input`): listed by main(), not judged
                continue
        elif kind == "type":
            predicted = r["by_type_ms"].get(key, 0.0)
        elif kind == "forward":
            predicted = r["forward_ms"]
        else:
            predicted = r["layerwise_ms"]
        out.append((group, net, batch, kind, key, measured, predicted))
    return out


# Whole-network times are what users ask for first: record sets of totals weigh 3, per-type sums
# 2, single layers 1 (each set's mean squared log-error, then the weighted mean over sets).
WEIGHTS = {"total": 3.0, "type": 2.0, "layer": 1.0}


def loss(preds):
    groups = {}
    for group, *_, measured, predicted in preds:
        groups.setdefault(group, []).append(math.log(max(predicted, 1e-9) / measured) ** 2)
    weight = lambda g: WEIGHTS[g.split("-")[1]]
    return sum(weight(g) * sum(v) / len(v) for g, v in groups.items()) / sum(weight(g) for g in groups)


def current_values(path, params):
    text = open(path).read()
    values = {}
    for name in params:
        key = name.split(":")[0].split(".")[-1]
        section = name.split(":")[0].split(".")[-2]
        start = re.search(rf"^\s*{re.escape(section)}:", text, re.M)
        m = re.search(rf"^\s*{re.escape(key)}:\s*([0-9.eE+-]+)", text[start.start() if start else 0:], re.M)
        values[name] = float(m.group(1))
    return values


def write_values(path, values):
    text = open(path).read()
    for name, value in values.items():
        key = name.split(":")[0].split(".")[-1]
        section = name.split(":")[0].split(".")[-2]
        start = re.search(rf"^\s*{re.escape(section)}:", text, re.M)
        at = start.start() if start else 0
        text = text[:at] + re.sub(rf"^(\s*{re.escape(key)}:\s*)([0-9.eE+-]+)", lambda m: m.group(1) + f"{value:.3g}",
                                  text[at:], count=1, flags=re.M)
    open(path, "w").write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runtime", choices=sorted(FITS))
    ap.add_argument("--augur", default=os.environ.get("AUGUR", os.path.join(ROOT, "build/augur")),
                    help="the augur binary (default: $AUGUR, else build/augur)")
    ap.add_argument("--networks", help="comma-separated measurements.csv network names: fit only their records")
    ap.add_argument("--write", action="store_true", help="write the fitted values into the YAML")
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    fit = dict(FITS[args.runtime])
    if args.networks:
        keep = {n.strip() for n in args.networks.split(",")}
        unknown = keep - set(NETS)
        if unknown:
            ap.error(f"unknown network(s) {sorted(unknown)}; known: {sorted(NETS)}")
        fit["cases"] = [c for c in fit["cases"] if c[1] in keep]
    unknown = {c[1] for c in fit["cases"]} - set(NETS)
    if unknown:
        sys.exit(f"fit_runtimes.py: no network file for {sorted(unknown)}: add them to NETS")
    unknown_types = {c[4] for c in fit["cases"] if c[3] == "type" and c[4] not in TYPE.values()}
    if unknown_types:
        sys.exit(f"fit_runtimes.py: no Caffe type name for {sorted(unknown_types)}: add them to TYPE")
    path = os.path.join(ROOT, "hwdesc/runtimes", args.runtime + ".yaml")
    values = current_values(path, fit["params"])
    first = predictions(args.augur, fit, values)
    matched = {(c[0], c[1], c[2], c[3], c[4]) for c in first}
    skipped = [c for c in fit["cases"] if (c[0], c[1], c[2], c[3], c[4]) not in matched]
    if skipped:
        print(f"{len(skipped)} records name a layer the simulation does not have, left out: "
              f"{sorted({(c[1], c[4]) for c in skipped})}", file=sys.stderr)
    print(f"{len(first)} records in {len({c[0] for c in first})} record sets, "
          f"networks {sorted({c[1] for c in first})}", file=sys.stderr)
    best = loss(first)
    print(f"start: loss {best:.5f}", file=sys.stderr)
    step = 1.5
    for _ in range(args.rounds):
        for name in fit["params"]:
            for factor in (step, 1 / step):
                while True:
                    trial = dict(values)
                    trial[name] = values[name] * factor
                    if "fraction" in name or "efficiency" in name:
                        trial[name] = min(trial[name], 1.0)
                    l = loss(predictions(args.augur, fit, trial))
                    if l < best - 1e-9:
                        best, values = l, trial
                    else:
                        break
        print(f"step {step:.3f}: loss {best:.5f}", file=sys.stderr)
        step = math.sqrt(step)
    for name, value in values.items():
        print(f"{name} = {value:.4g}")
    for group, net, batch, kind, key, measured, predicted in predictions(args.augur, fit, values):
        print(f"{group:15s} {net[:10]:10s} b{batch:<3d} {kind:9s} {str(key or ''):14s} "
              f"measured {measured:9.3f} predicted {predicted:9.3f} error {100 * (predicted / measured - 1):+6.1f}%")
    print(f"loss {best:.5f} (mean squared log-error per record set, sets weighted by scope)")
    if args.write:
        write_values(path, values)
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
