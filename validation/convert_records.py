#!/usr/bin/env python3
"""Converts ../shared/validation/measurements.csv into validation/records.csv, the records Augur
is judged on, in one documented format (validation/README.md) with provenance per row.

    python3 validation/convert_records.py

Rows are kept whole; what Augur cannot simulate is labelled, never dropped:
- `modelled`: yes when a runtime in hwdesc/runtimes models the stack at the recorded clocks;
  otherwise the reason (cuDNN, TensorRT, fp16, libDNN, default frequency governor, ...).
- `clocks`: `max` (CPU and GPU pinned at their maximum) or `default-governor` (MM'17: effective
  clocks unknown; reported separately, never mixed with the max-clock rows).
"""
import csv, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "..", "shared", "validation", "measurements.csv")
OUT = os.path.join(ROOT, "validation", "records.csv")

NETWORKS = {"AlexNet": "../shared/models/caffe/bvlc_alexnet.prototxt",
            "AlexNet (bvlc_alexnet)": "../shared/models/caffe/bvlc_alexnet.prototxt",
            "VGG-16": "workloads/caffe/vgg16.prototxt",
            "GoogLeNet": "../shared/models/caffe/bvlc_googlenet.prototxt",
            "ResNet-50": "../shared/models/caffe/resnet_50.prototxt",
            # DeepScale's v1.1 deploy prototxt, the file the CK records ran (../shared/models/caffe/SOURCES.md)
            "SqueezeNet 1.1": "../shared/models/caffe/squeezenet_v1.1.prototxt"}
# Per-type rows name the type as the paper's table does; the records use Caffe's type names.
TYPES = {"CONV": "Convolution", "POOL": "Pooling", "LRN": "LRN", "ReLU": "ReLU", "FC": "InnerProduct",
         "BatchNorm": "BatchNorm", "Scale": "Scale", "Eltwise": "Eltwise", "Concat": "Concat"}
RUNTIMES = {("TK1", "cpu"): "caffe-openblas-a15", ("TX1", "cpu"): "caffe-openblas-a57",
            ("TK1", "gpu"): "caffe-cublas-gk20a", ("TX1", "gpu"): "caffe-cublas-gm20b"}
# Stacks with a runtime of their own: (board, processor, text in the framework string) -> runtime.
STACK_RUNTIMES = [("TX1", "gpu", "NVIDIA Caffe 0.15 1024d34 + cuDNN 5.1 (CUDA 8.0.33), fp32", "caffe-cudnn51-gm20b"),
                  ("TX1", "gpu", "NVIDIA Caffe experimental/fp16 fca1cf4 + cuBLAS, fp16", "caffe-fp16-cublas-gm20b"),
                  ("TX1", "gpu", "NVIDIA Caffe experimental/fp16 fca1cf4 + cuDNN 5.1, fp16", "caffe-fp16-cudnn51-gm20b"),
                  ("TX1", "gpu", "TensorRT 1.0.0 EA fp32 (fp16 disabled)", "tensorrt1-fp32-gm20b"),
                  ("TX1", "gpu", "TensorRT 1.0.0 EA fp16 enabled", "tensorrt1-fp16-gm20b")]


def runtime_of(r):
    """The runtime that models a record's stack ("" when none does)."""
    for board, processor, text, runtime in STACK_RUNTIMES:
        if r["board"] == board and r["processor"] == processor and text in r["framework"]:
            return runtime
    return RUNTIMES.get((r["board"], r["processor"]), "")


def modelled_stack(r):
    return any(r["board"] == b and r["processor"] == p and t in r["framework"] for b, p, t, _ in STACK_RUNTIMES)


def classify(r):
    """(scope, what, modelled, clocks) of a measurement row."""
    fw, src, m = r["framework"], r["source_id"], r["metric"]
    clocks = "default-governor" if src == "lu2017_augur_mm17" else "max"
    if r["board"] == "any":
        return None
    not_modelled = None
    # The first matching reason wins. Framework strings say "(no cuDNN)" and "(fp16 disabled)".
    stack = fw.replace("(no cuDNN)", "").replace("no cuDNN", "").replace("fp16 disabled", "")
    reasons = [] if modelled_stack(r) else [("TensorRT", "TensorRT is not modelled"), ("libDNN", "libDNN is not modelled"),
                     ("fp16", "fp16 is not modelled"), ("cuDNN", "cuDNN is not modelled"),
                     ("isolated", "isolated-GEMM sums are not a network run")]
    for key, why in reasons:
        if key in stack and not_modelled is None:
            not_modelled = why
    if m == "memory_mb":  # memory does not depend on clocks
        what = {"measured_process_memory": "process_memory", "caffe_memory_required_for_data": "data_bytes"}.get(r["layer_or_type"])
        if what is None:
            return None
        # Caffe's data blobs do not depend on the convolution library, but fp16 halves them.
        not_modelled = "fp16 is not modelled" if "fp16" in stack and not modelled_stack(r) else None
        return "memory", what, "yes" if not_modelled is None else not_modelled, clocks
    if m != "time_ms":
        return None
    if not_modelled is None and clocks == "default-governor":
        not_modelled = "default frequency governor: clocks unknown"
    modelled = "yes" if not_modelled is None else not_modelled
    if r["scope"] == "layer":
        return "layer", r["layer_or_type"], modelled, clocks
    if r["scope"] == "layer_type":
        if r["layer_or_type"] not in TYPES:
            raise SystemExit(f"measurements.csv: layer type {r['layer_or_type']!r} has no Caffe type name in TYPES")
        return "type", TYPES[r["layer_or_type"]], modelled, clocks
    what = r["layer_or_type"]
    if what == "forward_pass":
        return "total", "forward", modelled, clocks
    if what == "sum_of_layerwise_times":
        return "total", "layerwise", modelled, clocks
    if what == "forward_pass_per_batch":
        # dividiti's "forward_pass_per_batch" is the harness's "Average Forward pass". `caffe time`
        # (BVLC, NVIDIA 0.15) times it around the loop that times every layer, so it holds the layers
        # timed one by one and the host's gaps between their timers ("timed_pass");
        # `caffe_fp16 time` times whole forwards in a second loop without per-layer timers
        # ("forward"; software-stacks.md §5, §7). TensorRT's harness is not documented: "layerwise".
        if "experimental/fp16" in fw:
            return "total", "forward", modelled, clocks
        if "TensorRT" in fw:
            return "total", "layerwise", modelled, clocks
        return "total", "timed_pass", modelled, clocks
    if what == "sum_of_isolated_GEMMs":
        return "total", "isolated_gemms", "isolated-GEMM sums are not a network run", clocks
    return None


def main():
    rows = list(csv.DictReader(open(SRC)))
    out = []
    for i, r in enumerate(rows, start=2):
        c = classify(r)
        if c is None:
            continue
        scope, what, modelled, clocks = c
        if r["network"] not in NETWORKS:  # a record without its network cannot be simulated: say so, never write ""
            raise SystemExit(f"measurements.csv line {i}: network {r['network']!r} has no file in NETWORKS")
        out.append({
            "id": f"{r['source_id']}:{i}", "source": r["source_id"], "board": r["board"], "processor": r["processor"],
            "stack": r["framework"], "runtime": runtime_of(r) if modelled == "yes" else "",
            "network": NETWORKS.get(r["network"], ""), "batch": r["batch"], "clocks": clocks, "scope": scope, "what": what,
            "value": r["value"], "unit": "MiB" if scope == "memory" and what == "process_memory" else ("MB" if scope == "memory" else "ms"),
            "plus_minus": r["plus_minus"], "modelled": modelled,
            "provenance": f"../shared/validation/measurements.csv line {i}: {r['notes'][:120]}"})
    with open(OUT, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(out[0].keys()))
        w.writeheader()
        w.writerows(out)
    print(f"wrote {OUT}: {len(out)} records, {sum(r['modelled'] == 'yes' for r in out)} modelled")


if __name__ == "__main__":
    main()
