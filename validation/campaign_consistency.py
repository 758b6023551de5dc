#!/usr/bin/env python3
"""Do two measurement campaigns agree on the same network, board and processor? Per layer type, per image.

    python3 validation/campaign_consistency.py [--records validation/records.csv] [--augur build/augur]

For every (board, processor, network) that has both per-type records at batch 1 (TMC'21: each layer
type's time summed over its layers) and per-layer records (CK: every layer, batches 2-16), it sums the
per-layer records by layer type and divides by the batch, and prints that next to the per-type record.
Caffe runs a layer's images one after the other (convolution: one GEMM call per image and group;
pooling, LRN, ReLU: loops over every element), so for these types the time per image should not
depend on the batch, and two campaigns on the same software should agree within their noise (a few
percent). A type where they disagree while the others agree points at a software difference (e.g. the
BLAS library) between the campaigns, not at the model. InnerProduct is printed but not comparable:
at batch 1 Caffe calls GEMV, from batch 2 a GEMM whose cost does not scale with the batch.

Layer types come from `augur net show` (the binary is --augur, else $AUGUR, else build/augur).
Reads only measured values; no simulation.
"""
import argparse, csv, os, sys
from collections import defaultdict

from error_analysis import ROOT, layer_info


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", default=os.path.join(ROOT, "validation", "records.csv"))
    ap.add_argument("--augur", default=os.environ.get("AUGUR", os.path.join(ROOT, "build", "augur")))
    args = ap.parse_args()
    with open(args.records, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["unit"] == "ms" and r["modelled"] != "no"]
    per_type = defaultdict(dict)                       # (board, proc, net) -> {type: ms} at batch 1
    per_layer = defaultdict(lambda: defaultdict(list))  # (board, proc, net) -> {batch: [(layer, ms)]}
    for r in rows:
        key = (r["board"], r["processor"], r["network"])
        if r["scope"] == "type" and r["batch"] == "1" and r["source"] == "lu2021_augur_tmc":
            per_type[key][r["what"]] = float(r["value"])
        elif r["scope"] == "layer":
            per_layer[key][int(r["batch"])].append((r["what"], float(r["value"])))
    found = False
    for key in sorted(set(per_type) & set(per_layer)):
        found = True
        board, proc, net = key
        types = {name: layer["type"] for name, layer in layer_info(args.augur, net).items()}
        batches = sorted(per_layer[key])
        sums = {b: defaultdict(float) for b in batches}
        for b in batches:
            for name, ms in per_layer[key][b]:
                sums[b][types.get(name, "?")] += ms / b
        print(f"## {os.path.basename(net)} on the {board} {proc}: per image, ms\n")
        print("| type | TMC'21 batch 1 | " + " | ".join(f"CK batch {b}" for b in batches) + " | TMC / CK (median) |")
        print("|---|---|" + "---|" * len(batches) + "---|")
        for t, ms in sorted(per_type[key].items()):
            ck = [sums[b].get(t) for b in batches]
            have = sorted(x for x in ck if x)
            comparable = t != "InnerProduct" and have
            ratio = f"{ms / have[len(have) // 2]:.2f}" if comparable else "—"
            note = " (GEMV at batch 1: not comparable)" if t == "InnerProduct" else ""
            print(f"| {t}{note} | {ms:.1f} | " + " | ".join("—" if x is None else f"{x:.1f}" for x in ck) +
                  f" | {ratio} |")
        print()
    if not found:
        print("no (board, processor, network) has both TMC'21 per-type and per-layer records", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
