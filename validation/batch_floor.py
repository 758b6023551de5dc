#!/usr/bin/env python3
"""How close any model affine in the batch can come to each series of whole-pass records.

A recorded series is one runtime's whole-pass measurements of one network over batches (the CK
records: batches 2-16, one `caffe time` or TensorRT run per batch). If the model's prediction of a
series is affine in the batch (time = a + b·batch: Caffe + cuBLAS loops over the images, so its
passes are affine up to the GEMM tile choice), its worst |predicted / measured - 1| over the series
is at least the series' *floor*:

    floor = min over (a, b) of max over batches |(a + b·batch) / measured - 1|

(a Chebyshev fit of the relative error, solved exactly as a linear programme over the vertices of
its three active constraints). A floor is a property of the records, not of the model: where it is
close to an error target, the target asks the model to reproduce the noise of single runs (e.g. a
batch that measured slower than the next larger one). Models whose batch dependence is not affine
(cuDNN and TensorRT pick kernels per batch; wave quantisation) can go below it, but only by having
that structure right.

    build/augur validate --cross-validate --all --format json > cv.json
    python3 validation/batch_floor.py cv.json              # markdown table, floor vs cross-validated

Columns: the series (runtime, network, scope), its batches, the floor with the best line (a ms +
b ms per image) and the cross-validated worst |error| of the same records (from cv.json's folds).
"""
import argparse
import itertools
import json
import os
import sys

from error_analysis import SHORT, table


def chebyshev_floor(points):
    """Exact min over (a, b) of max_i |(a + b·x_i) / y_i - 1| for points [(x_i, y_i)], y_i > 0.

    The optimum of this two-variable linear programme (minimise e subject to
    -e <= a·u_i + b·v_i - 1 <= e, u_i = 1/y_i, v_i = x_i/y_i) lies on a vertex where three
    constraints are tight; every such vertex is solved and the feasible one with the least e kept.
    Returns (e, a, b)."""
    rows = [(1.0 / y, x / y) for x, y in points]
    best = None
    for (i, si), (j, sj), (k, sk) in itertools.combinations([(i, s) for i in range(len(rows)) for s in (1, -1)], 3):
        # a·u + b·v - s·e = 1 for each tight constraint.
        m = [[rows[i][0], rows[i][1], -si], [rows[j][0], rows[j][1], -sj], [rows[k][0], rows[k][1], -sk]]
        sol = solve3(m, [1.0, 1.0, 1.0])
        if sol is None:
            continue
        a, b, e = sol
        if e < -1e-12:
            continue
        if all(abs(a * u + b * v - 1) <= e + 1e-9 for u, v in rows) and (best is None or e < best[0]):
            best = (e, a, b)
    return best


def solve3(m, rhs):
    """Solve a 3×3 linear system by Cramer's rule; None when singular."""
    def det(q):
        return (q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1]) - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0])
                + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]))
    d = det(m)
    if abs(d) < 1e-15:
        return None
    out = []
    for c in range(3):
        q = [row[:] for row in m]
        for r in range(3):
            q[r][c] = rhs[r]
        out.append(det(q) / d)
    return out


FLOOR_HEADER = ["stack", "network", "records", "batches", "floor (affine in batch)", "best line, ms",
                "cross-validated worst"]


def floor_rows(doc, min_batches=4, label=lambda runtime: runtime):
    """One row per whole-pass series of `augur validate --cross-validate --all --format json`."""
    network_of = {r["id"]: os.path.basename(r["network"]) for r in doc["records"]}
    series = {}
    for fold in doc["cross_validation"]["folds"]:
        for r in fold["records"]:
            if r["scope"] != "total" or not r.get("found", True):
                continue
            key = (fold["runtime"], network_of.get(r["id"], fold["left_out"]), r["what"])
            series.setdefault(key, []).append(r)
    rows = []
    for (runtime, network, what), records in sorted(series.items()):
        batches = sorted({r["batch"] for r in records})
        if len(batches) < min_batches:
            continue
        e, a, b = chebyshev_floor([(r["batch"], r["measured"]) for r in records])
        worst = max(abs(r["error"]) for r in records)
        rows.append([label(runtime), SHORT.get(network, network), what, f"{batches[0]}-{batches[-1]}",
                     f"{100 * e:.1f}%", f"{a:.2f} + {b:.2f}·batch", f"{100 * worst:.1f}%"])
    return rows


def self_test():
    """The floor's specification on series whose answer is known (ctest `batch_floor_self_test`)."""
    e, a, b = chebyshev_floor([(2, 5.0), (4, 9.0), (8, 17.0)])  # exactly 1 + 2·batch
    assert abs(e) < 1e-12 and abs(a - 1) < 1e-9 and abs(b - 2) < 1e-9, (e, a, b)
    # 1, 2, 1 at batches 0, 1, 2: by symmetry b = 0, and a - 1 = 1 - a/2 gives a = 4/3, e = 1/3.
    e, a, b = chebyshev_floor([(0, 1.0), (1, 2.0), (2, 1.0)])
    assert abs(e - 1 / 3) < 1e-12 and abs(a - 4 / 3) < 1e-9 and abs(b) < 1e-9, (e, a, b)
    # No line does better than the floor on a noisy series (a grid around the optimum).
    points = [(2, 25.4), (4, 38.3), (6, 51.5), (8, 65.0), (10, 79.0), (12, 92.3), (14, 108.8), (16, 122.6)]
    e, a, b = chebyshev_floor(points)
    for i in range(-20, 21):
        for j in range(-20, 21):
            aa, bb = a * (1 + i / 200), b * (1 + j / 200)
            assert max(abs((aa + bb * x) / y - 1) for x, y in points) >= e - 1e-12
    print("batch_floor: self-test passed")


def main(argv):
    if argv == ["--self-test"]:
        self_test()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cv_json", help="output of augur validate --cross-validate --all --format json (or --self-test)")
    parser.add_argument("--min-batches", type=int, default=4, help="series with fewer batches are skipped")
    args = parser.parse_args(argv)
    with open(args.cv_json) as f:
        doc = json.load(f)
    if "cross_validation" not in doc:
        sys.exit(f"{args.cv_json}: no cross_validation section (run augur validate with --cross-validate)")
    print(table(FLOOR_HEADER, floor_rows(doc, args.min_batches)))


if __name__ == "__main__":
    main(sys.argv[1:])
