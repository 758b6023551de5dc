#!/usr/bin/env python3
"""Derives each runtime's `kernels.timer_gap` from the CK records (validation/records.csv).

`caffe time`'s "Average Forward pass" (the `timed_pass` totals) times the loop that times every
layer, so it exceeds the sum of that run's own per-layer times by the host's gap between
consecutive layer timers. Per run: (total - sum of its layer records) / its layer records; the
median over every run of a runtime is its timer_gap. Not fitted: measured directly by the records.

    python3 validation/timer_gap.py
"""
import collections
import csv
import os
import statistics


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = list(csv.DictReader(open(os.path.join(here, "records.csv"), newline="")))
    layer_sum, layers, total = collections.defaultdict(float), collections.Counter(), {}
    for r in rows:
        if not r["runtime"] or r["unit"] != "ms":
            continue
        run = (r["runtime"], r["source"], r["network"], r["batch"])
        if r["scope"] == "layer":
            layer_sum[run] += float(r["value"])
            layers[run] += 1
        elif r["scope"] == "total" and r["what"] == "timed_pass":
            total[run] = float(r["value"])
    gaps = collections.defaultdict(list)
    for run, t in total.items():
        if layers[run]:
            gaps[run[0]].append(1e3 * (t - layer_sum[run]) / layers[run])
    for runtime, g in sorted(gaps.items()):
        print(f"{runtime}: timer_gap {statistics.median(g):.1f} us (median of {len(g)} runs, "
              f"range {min(g):.1f}-{max(g):.1f} us)")


if __name__ == "__main__":
    main()
