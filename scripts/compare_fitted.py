#!/usr/bin/env python3
"""Compares the fitted values of two runtime files written by `augur calibrate`:
    python3 scripts/compare_fitted.py COMMITTED.yaml REFIT.yaml
Exit 1 (listing the keys) when a key is fitted in one and not the other, or when two values
differ by more than 2% relative. Why 2%: the fit is deterministic in one build, but a build with
other flags (sanitizers, -O1) rounds differently and the optimiser then ends elsewhere in a
shallow valley; a fitted value that moved by more than 2% means the data or the model changed
and the committed runtime must be refitted (scripts/calibrate-runtimes.sh)."""
import re, sys

VALUE = re.compile(r"^(\s*)([A-Za-z0-9_]+):\s*([-+0-9.eE]+)(?:\s*(us|cycles))?\s*(#.*)?$")


def fitted(path):
    out, stack = {}, []
    for line in open(path):
        if line.startswith("#") or not line.strip() or line.startswith(("use:", "fitted_on:", "  ")) and not VALUE.match(line) and not line.rstrip().endswith(":"):
            continue
        indent = len(line) - len(line.lstrip())
        key = line.strip().split(":")[0]
        while stack and stack[-1][0] >= indent:
            stack.pop()
        m = VALUE.match(line)
        if m:
            out[".".join([k for _, k in stack] + [key])] = float(m.group(3))
        elif line.rstrip().endswith(":"):
            stack.append((indent, key))
    return out


def main():
    committed, refit = fitted(sys.argv[1]), fitted(sys.argv[2])
    bad = []
    for key in sorted(set(committed) | set(refit)):
        if key not in committed or key not in refit:
            bad.append(f"{key}: fitted in only one of the files")
            continue
        a, b = committed[key], refit[key]
        if abs(b - a) > 0.02 * max(abs(a), abs(b), 1e-300):
            bad.append(f"{key}: committed {a:g}, refit {b:g}")
    if bad:
        print(f"{sys.argv[1]}: the committed fit is not what augur calibrate gives now "
              f"(run bash scripts/calibrate-runtimes.sh):", file=sys.stderr)
        for b in bad:
            print("  " + b, file=sys.stderr)
        return 1
    print(f"{sys.argv[1]}: {len(committed)} fitted values reproduced within 2%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
