#!/usr/bin/env python3
"""Per-layer time as a line over the batch, measured against cross-validated predictions.

Reads the JSON of `augur validate --cross-validate --all --format json` and, for one runtime's
per-layer records (the CK records cover batches 2-16), fits time = a + b·batch by least squares
to the measured and to the predicted times of every layer: a is the fixed part per layer (ms),
b the per-image part (ms per image). It prints them side by side, then the per-layer RMSPE the
records would give if a model reproduced the measured lines exactly (for the GEMM layers only,
and for every layer). This is a diagnostic of what a mechanism has to get right, not a model: the
measured lines are fitted on the records themselves. Layer types come from `augur net show`
(the binary is --augur, else $AUGUR, else build/augur).

    build/augur validate --cross-validate --all --format json > cv.json
    python3 validation/batch_lines.py cv.json [--runtime caffe-cublas-gm20b]
"""
import argparse
import collections
import json
import os
import sys

from error_analysis import ROOT, layer_info, linfit, rmspe

GEMM_TYPES = ("Convolution", "InnerProduct")


def line(points):
    """Least-squares (a, b) of time = a + b·batch over {batch: time}; None below two batches."""
    if len(set(points)) < 2:
        return None
    a, b, _ = linfit(list(points), list(points.values()))
    return a, b


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cv_json", help="output of augur validate --cross-validate --all --format json")
    parser.add_argument("--runtime", default="caffe-cublas-gm20b")
    parser.add_argument("--augur", default=os.environ.get("AUGUR", os.path.join(ROOT, "build", "augur")))
    args = parser.parse_args(argv)
    with open(args.cv_json, encoding="utf-8") as f:
        document = json.load(f)
    by_id = {r["id"]: r for r in document["records"]}
    measured = collections.defaultdict(dict)   # (network, layer) -> {batch: ms}
    predicted = collections.defaultdict(dict)
    network_file = {}                          # left-out network -> its prototxt
    for fold in document["cross_validation"]["folds"]:
        if fold["runtime"] != args.runtime:
            continue
        for r in fold["records"]:
            record = by_id.get(r["id"])
            if r["scope"] != "layer" or not r.get("found") or record is None:
                continue
            key = (fold["left_out"], r["what"])
            network_file[fold["left_out"]] = record["network"]
            measured[key][r["batch"]] = record["measured"]
            predicted[key][r["batch"]] = record["measured"] * (1 + r["error"])
    if not measured:
        sys.exit(f"{args.cv_json}: no cross-validated per-layer records of {args.runtime}")

    types = {net: layer_info(args.augur, path) for net, path in network_file.items()}
    is_gemm = {k: types[k[0]][k[1]]["type"] in GEMM_TYPES for k in measured}
    lines = {k: (line(measured[k]), line(predicted[k])) for k in measured}
    print(f"{args.runtime}: time = a + b·batch per layer (ms, ms per image), measured vs predicted")
    print(f"{'network':18s} {'layer':48s} {'a meas':>8s} {'a pred':>8s} {'b meas':>8s} {'b pred':>8s}")
    for key in sorted(lines, key=lambda k: (k[0], -(lines[k][0] or (0, 0))[1])):
        m, p = lines[key]
        if m is None or p is None:
            continue
        print(f"{key[0]:18s} {key[1]:48s} {m[0]:8.3f} {p[0]:8.3f} {m[1]:8.4f} {p[1]:8.4f}")

    def errors(use_line):
        out = []
        for key, points in measured.items():
            m = lines[key][0]
            for batch, ms in points.items():
                guess = m[0] + m[1] * batch if (m is not None and use_line(key)) else predicted[key][batch]
                out.append(guess / ms - 1)
        return out

    print()
    print(f"per-layer RMSPE, cross-validated: {rmspe(errors(lambda k: False)):.1%} "
          f"({sum(len(p) for p in measured.values())} records)")
    print(f"  with the measured lines of the GEMM layers ({', '.join(GEMM_TYPES)}): {rmspe(errors(is_gemm.get)):.1%}")
    print(f"  with the measured lines of every layer (the floor of a model linear in batch): "
          f"{rmspe(errors(lambda k: True)):.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
