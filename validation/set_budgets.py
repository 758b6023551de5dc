#!/usr/bin/env python3
"""Writes validation/budgets.csv from the cross-validated errors:

    build/augur validate --cross-validate --all --format json > /tmp/cv.json
    python3 validation/set_budgets.py /tmp/cv.json > validation/budgets.csv

One budget per (runtime, scope, network): the largest |error| of that network's records, each
predicted by the runtime refitted without the network (leave one network out), rounded up to a
whole percent plus one point. Memory records are not fitted by `augur calibrate`; their errors
are in-sample (validation/fit_memory.py). Only for a new model or new records: a budget is
tightened as the model improves and never loosened without a note saying why (the script writes
fresh notes: add the "loosened" notes back by hand)."""
import collections, json, math, os, sys

HEADER = """runtime,scope,max_abs_error_percent,note
# Error budgets: the largest |predicted / measured - 1| allowed per (runtime, scope@network) over the
# modelled records of validation/records.csv. Since 2026-12-03 they hold CROSS-VALIDATED errors:
# each record is predicted by its runtime refitted without the record's network (`augur validate
# --cross-validate`, validation/calibrations.csv), so a budget says how the model transfers to a
# network it was not fitted on. Written by validation/set_budgets.py (max |error| rounded up + 1
# point); the in-sample errors are in docs/validation.md beside them. Memory budgets are in-sample
# (memory.fixed is fitted by validation/fit_memory.py, not by augur calibrate).
"""


def main():
    j = json.load(open(sys.argv[1]))
    cv = {}
    for f in j["cross_validation"]["folds"]:
        for r in f["records"]:
            if r["found"]:
                cv[r["id"]] = r["error"]
    groups = collections.defaultdict(list)
    for r in j["records"]:
        if not r["found"]:
            continue
        stem = os.path.splitext(os.path.basename(r["network"]))[0]
        groups[(r["runtime"], r["scope"], stem)].append((abs(cv.get(r["id"], r["error"])), r["id"] in cv))
    out = [HEADER.rstrip("\n")]
    for (runtime, scope, stem), rows in sorted(groups.items()):
        errors = [e for e, _ in rows]
        kind = "cross-validated" if all(c for _, c in rows) else "in-sample (no fold)"
        out.append(f"{runtime},{scope}@{stem},{math.ceil(100 * max(errors)) + 1},"
                   f"\"{len(errors)} records; {kind} max |error| {100 * max(errors):.1f}%\"")
    print("\n".join(out))


if __name__ == "__main__":
    main()
