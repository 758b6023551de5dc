#!/usr/bin/env python3
"""Writes tests/data/golden/simulate_totals.csv: what `augur simulate` predicts for every shipped
Caffe workload on the TX1 and TK1, on the CPU, the GPU and auto placement (forward and layerwise
time, DRAM bytes, memory), as the ctest SimulateTotals.* compares within 1e-9 relative.

    python3 scripts/gen-golden-totals.py [--augur build/augur] [--check]

Speed work (issue 17) must leave these numbers alone. A change to the model that moves them on
purpose regenerates the file in the same commit and says why in the commit message.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "golden", "simulate_totals.csv")
BOARDS = ["jetson-tx1", "jetson-tk1"]
PROCESSORS = ["cpu", "gpu", "auto"]


def rows(augur):
    nets = sorted(f[:-len(".prototxt")] for f in os.listdir(os.path.join(ROOT, "workloads", "caffe"))
                  if f.endswith(".prototxt"))
    for board in BOARDS:
        for net in nets:
            for processor in PROCESSORS:
                out = subprocess.run([augur, "simulate", "--hw", f"hwdesc/boards/{board}.yaml", "--net",
                                      f"workloads/caffe/{net}.prototxt", "--processor", processor, "--format", "json"],
                                     cwd=ROOT, check=True, capture_output=True, text=True).stdout
                d = json.loads(out)
                yield [board, net, processor, repr(d["forward_ms"]), repr(d["layerwise_ms"]), repr(d["dram_bytes"]),
                       str(d["memory"]["total_bytes"])]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--augur", default=os.path.join(ROOT, "build", "augur"))
    p.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    args = p.parse_args()
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(["board", "network", "processor", "forward_ms", "layerwise_ms", "dram_bytes", "memory_total_bytes"])
    for r in rows(args.augur):
        w.writerow(r)
    if args.check:
        with open(OUT) as f:
            if f.read() != text.getvalue():
                sys.exit("gen-golden-totals: tests/data/golden/simulate_totals.csv differs")
        return
    with open(OUT + ".tmp", "w") as f:
        f.write(text.getvalue())
    os.replace(OUT + ".tmp", OUT)
    print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
