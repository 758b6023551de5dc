#!/usr/bin/env python3
"""Derives what `caffe time`'s per-layer timer adds, per runtime, from the CK records
(validation/records.csv): `kernels.timer_gap` and, for the GPU stacks, `kernels.layer_sync`.

`caffe time`'s "Average Forward pass" (the `timed_pass` totals) times the loop that times every
layer, so it exceeds the sum of that run's own per-layer times by the host's gap between
consecutive layer timers. Per run: (total - sum of its layer records) / its layer records; the
median over every run of a runtime is its timer_gap. Not fitted: measured directly by the records.

A layer that runs no kernel (Caffe's Split: its tops share the bottom's data) times only the
host's per-layer framework cost and the timer's own floor (two CUDA events around nothing, then a
synchronise): layer_sync = median of the runtime's kernel-less layer records - its base
`kernels.layer_overhead`. Kernel-less layers are the ones Caffe inserts, named `*_split`. The floor
is a property of the timer and the board's CUDA driver, the same for every network; with it
fitted instead, a fit on networks without per-layer records of kernel-less layers (the
cross-validation fold without SqueezeNet 1.1) drives it to zero, since for layers with kernels
it trades off against the per-launch cost. On a CPU stack (a `framework:` section, no `kernels:`),
the timer is a host clock with no floor of its own, so a kernel-less layer times the framework's
per-layer cost alone: framework.layer_overhead = the median of its kernel-less layer records.

    python3 validation/timer_gap.py
"""
import collections
import csv
import os
import re
import statistics


def seconds(quantity):
    """'8.63 us' -> 8.63e-6."""
    value, unit = re.fullmatch(r"\s*([0-9.eE+-]+)\s*(ps|ns|us|ms|s)\s*", quantity).groups()
    return float(value) * {"ps": 1e-12, "ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]


def base_layer_overhead(root, runtime):
    """(section, layer_overhead) of hwdesc/runtimes/base/RUNTIME.yaml: section "kernels" (a GPU
    stack) or "framework" (a CPU stack), or None when the base has neither."""
    path = os.path.join(root, "hwdesc", "runtimes", "base", runtime + ".yaml")
    if not os.path.exists(path):
        return None
    section = None
    for line in open(path):
        m = re.match(r"^(\w+):", line)
        if m:
            section = m.group(1)
        m = re.match(r"^  layer_overhead:\s*([^#]+)", line)
        if section in ("kernels", "framework") and m:
            return section, seconds(m.group(1))
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = list(csv.DictReader(open(os.path.join(here, "records.csv"), newline="")))
    layer_sum, layers, total = collections.defaultdict(float), collections.Counter(), {}
    empty = collections.defaultdict(list)  # per runtime: its kernel-less layer records (us)
    for r in rows:
        if not r["runtime"] or r["unit"] != "ms":
            continue
        run = (r["runtime"], r["source"], r["network"], r["batch"])
        if r["scope"] == "layer":
            layer_sum[run] += float(r["value"])
            layers[run] += 1
            if r["what"].endswith("_split"):
                empty[r["runtime"]].append(1e3 * float(r["value"]))
        elif r["scope"] == "total" and r["what"] == "timed_pass":
            total[run] = float(r["value"])
    gaps = collections.defaultdict(list)
    for run, t in total.items():
        if layers[run]:
            gaps[run[0]].append(1e3 * (t - layer_sum[run]) / layers[run])
    for runtime, g in sorted(gaps.items()):
        print(f"{runtime}: timer_gap {statistics.median(g):.1f} us (median of {len(g)} runs, "
              f"range {min(g):.1f}-{max(g):.1f} us)")
    for runtime, t in sorted(empty.items()):
        found = base_layer_overhead(os.path.dirname(here), runtime)
        if found is None:
            # A GPU stack whose base inherits kernels.layer_overhead and layer_sync (caffe-cudnn51-gm20b).
            continue
        section, overhead = found
        floor = statistics.median(t)
        if section == "framework":
            print(f"{runtime}: framework.layer_overhead {floor:.1f} us (median of {len(t)} kernel-less layer "
                  f"records, range {min(t):.1f}-{max(t):.1f} us)")
            continue
        print(f"{runtime}: layer_sync {floor - 1e6 * overhead:.1f} us (median of {len(t)} kernel-less layer "
              f"records {floor:.1f} us, range {min(t):.1f}-{max(t):.1f} us, minus layer_overhead "
              f"{1e6 * overhead:.2f} us)")


if __name__ == "__main__":
    main()
