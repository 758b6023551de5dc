#!/usr/bin/env python3
"""Error analysis of `augur validate` by network, type, layer and batch (markdown tables).

    augur validate --records validation/records.csv --budgets validation/budgets.csv --all --format json > /tmp/val.json
    python3 validation/error_analysis.py /tmp/val.json [--augur build/augur] \
        [--budgets validation/budgets.csv --baseline-records OLD_records.csv] > tables.md

With --budgets and --baseline-records (e.g. `git show HEAD~1:validation/records.csv`), a last table
splits every budget group into the records the baseline file already had and the new ones.

Error = predicted / measured - 1, as `augur validate` reports it. Layer types and shapes come
from `augur net show` (the binary is --augur, else $AUGUR, else build/augur). Written for
validation/analysis-2026-12.md; every table there is printed by this script.
"""
import argparse, json, math, os, statistics, subprocess, sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHORT = {"bvlc_alexnet.prototxt": "AlexNet", "vgg16.prototxt": "VGG-16", "squeezenet_v1.1.prototxt": "SqueezeNet 1.1",
         "resnet_50.prototxt": "ResNet-50", "bvlc_googlenet.prototxt": "GoogLeNet"}
ORDER = ["AlexNet", "VGG-16", "SqueezeNet 1.1", "ResNet-50", "GoogLeNet"]
RT_ORDER = ["caffe-openblas-a15", "caffe-cublas-gk20a", "caffe-openblas-a57", "caffe-cublas-gm20b"]
RT_LABEL = {"caffe-openblas-a15": "TK1 CPU", "caffe-cublas-gk20a": "TK1 GPU", "caffe-openblas-a57": "TX1 CPU",
            "caffe-cublas-gm20b": "TX1 GPU"}


def pct(x):
    return "—" if x is None else f"{100 * x:+.1f}%"


def rmspe(errors):
    return math.sqrt(sum(e * e for e in errors) / len(errors)) if errors else float("nan")


def med_abs(errors):
    return statistics.median(abs(e) for e in errors) if errors else float("nan")


def net_of(r):
    return SHORT.get(os.path.basename(r["network"]), r["network"])


def source_of(r):
    return r["id"].split(":")[0].replace("lu2021_augur_tmc", "TMC'21").replace("dividiti_ck_caffe_tx1", "CK").replace(
        "lu2017_augur_mm17", "MM'17")


def layer_info(augur, network_path):
    out = subprocess.run([augur, "net", "show", os.path.join(ROOT, network_path), "--batch", "1", "--format", "json"],
                         capture_output=True, text=True, check=True)
    return {l["name"]: l for l in json.loads(out.stdout)["layers"]}


def linfit(xs, ys):
    """Least squares y = a + b x; returns a, b, r^2."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    b = sxy / sxx
    a = my - b * mx
    ss = sum((y - my) ** 2 for y in ys)
    res = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, (1 - res / ss) if ss > 0 else 1.0


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("validate_json")
    ap.add_argument("--augur", default=os.environ.get("AUGUR", os.path.join(ROOT, "build/augur")))
    ap.add_argument("--budgets")
    ap.add_argument("--baseline-records")
    args = ap.parse_args()
    d = json.load(open(args.validate_json))
    recs = [r for r in d["records"] if r["found"]]
    nets = {r["network"] for r in recs if r["scope"] in ("layer",)}
    info = {net_of({"network": n}): layer_info(args.augur, n) for n in nets}
    for r in recs:
        r["net"] = net_of(r)
        if r["scope"] == "layer":
            r["type"] = info[r["net"]][r["what"]]["type"]
    p = print

    # 1. whole network
    p("### Whole network (scope `total`)\n")
    rows = []
    groups = defaultdict(list)
    for r in recs:
        if r["scope"] == "total":
            groups[(ORDER.index(r["net"]), RT_ORDER.index(r["runtime"]), source_of(r), r["what"])].append(r)
    for (ni, ri, src, what), rs in sorted(groups.items()):
        rs.sort(key=lambda r: r["batch"])
        errs = [r["error"] for r in rs]
        per = ", ".join(f"b{r['batch']} {pct(r['error'])}" for r in rs) if len(rs) > 1 else pct(errs[0])
        meas = "; ".join(f"{r['measured']:.1f}" for r in rs) if len(rs) == 1 else f"{rs[0]['measured']:.1f} … {rs[-1]['measured']:.1f}"
        pred = "; ".join(f"{r['predicted']:.1f}" for r in rs) if len(rs) == 1 else f"{rs[0]['predicted']:.1f} … {rs[-1]['predicted']:.1f}"
        rows.append([ORDER[ni], RT_LABEL[RT_ORDER[ri]], src, what, meas, pred, per])
    p(table(["network", "processor", "source", "what", "measured ms", "predicted ms", "error"], rows))
    rows = []
    for net in ORDER:
        errs = [r["error"] for r in recs if r["scope"] == "total" and r["net"] == net]
        if errs:
            rows.append([net, len(errs), f"{100 * med_abs(errs):.1f}%", f"{100 * max(abs(e) for e in errs):.1f}%"])
    p(table(["network", "records", "median abs error", "max abs error"], rows))

    # 2. per type: TMC per-type records
    p("### Per type, TMC'21 per-type records (batch 1, sum of layerwise times)\n")
    rows = []
    for net in ORDER:
        types = sorted({r["what"] for r in recs if r["scope"] == "type" and r["net"] == net})
        for t in types:
            row = [net, t]
            for rt in RT_ORDER:
                m = [r for r in recs if r["scope"] == "type" and r["net"] == net and r["what"] == t and r["runtime"] == rt]
                row.append(f"{m[0]['measured']:.1f} → {m[0]['predicted']:.1f} ({pct(m[0]['error'])})" if m else "—")
            rows.append(row)
    p(table(["network", "type"] + [f"{RT_LABEL[rt]} ms meas → pred (err)" for rt in RT_ORDER], rows))

    # 2b. per type from CK per-layer records, TX1
    p("### Per type, summed from the CK per-layer records (TX1, batches 2-16)\n")
    p("Sum of the measured and of the predicted layer times of each type, per batch; error of the sums.\n")
    rows = []
    for rt in ("caffe-openblas-a57", "caffe-cublas-gm20b"):
        for net in ("AlexNet", "SqueezeNet 1.1"):
            layer = [r for r in recs if r["scope"] == "layer" and r["net"] == net and r["runtime"] == rt]
            for t in sorted({r["type"] for r in layer}):
                by_b = defaultdict(lambda: [0.0, 0.0])
                for r in layer:
                    if r["type"] == t:
                        by_b[r["batch"]][0] += r["measured"]
                        by_b[r["batch"]][1] += r["predicted"]
                errs = {b: v[1] / v[0] - 1 for b, v in by_b.items() if v[0] > 0}
                share = sum(v[0] for v in by_b.values()) / sum(r["measured"] for r in layer)
                rows.append([RT_LABEL[rt], net, t, f"{100 * share:.1f}%", pct(errs.get(2)), pct(errs.get(8)), pct(errs.get(16)),
                             f"{100 * rmspe(list(errs.values())):.1f}%"])
    p(table(["processor", "network", "type", "share of measured", "err b2", "err b8", "err b16", "RMSPE over batches"], rows))

    # 3. per-layer RMSPE and median per network and batch
    p("### Per layer, TX1 (CK per-layer records): RMSPE and median |error| per network and batch\n")
    rows = []
    for rt in ("caffe-openblas-a57", "caffe-cublas-gm20b"):
        for net in ("AlexNet", "SqueezeNet 1.1"):
            layer = [r for r in recs if r["scope"] == "layer" and r["net"] == net and r["runtime"] == rt]
            for b in sorted({r["batch"] for r in layer}) + ["all"]:
                e = [r["error"] for r in layer if b == "all" or r["batch"] == b]
                big = [r["error"] for r in layer if (b == "all" or r["batch"] == b) and r["type"] not in ("Split",)
                       and r["measured"] >= 0.05]
                rows.append([RT_LABEL[rt], net, b, len(e), f"{100 * rmspe(e):.1f}%", f"{100 * med_abs(e):.1f}%",
                             f"{100 * max(abs(x) for x in e):.1f}%", f"{100 * rmspe(big):.1f}% ({len(big)})"])
        e = [r["error"] for r in recs if r["scope"] == "layer" and r["runtime"] == rt]
        rows.append([RT_LABEL[rt], "**both**", "all", len(e), f"{100 * rmspe(e):.1f}%", f"{100 * med_abs(e):.1f}%",
                     f"{100 * max(abs(x) for x in e):.1f}%", ""])
    p(table(["processor", "network", "batch", "layers", "RMSPE", "median abs", "max abs",
             "RMSPE of layers ≥ 0.05 ms, no Split (n)"], rows))

    # 3b. per-layer RMSPE by type, SqueezeNet
    p("### Per layer by type, SqueezeNet 1.1 (all batches)\n")
    rows = []
    for rt in ("caffe-openblas-a57", "caffe-cublas-gm20b"):
        layer = [r for r in recs if r["scope"] == "layer" and r["net"] == "SqueezeNet 1.1" and r["runtime"] == rt]
        for t in sorted({r["type"] for r in layer}):
            e = [r["error"] for r in layer if r["type"] == t]
            mean_signed = sum(e) / len(e)
            rows.append([RT_LABEL[rt], t, len(e), f"{100 * rmspe(e):.1f}%", f"{100 * med_abs(e):.1f}%", pct(mean_signed)])
    p(table(["processor", "type", "records", "RMSPE", "median abs", "mean signed error"], rows))

    # 4. GPU fixed + per-image parts
    for rt, net in (("caffe-cublas-gm20b", "SqueezeNet 1.1"), ("caffe-cublas-gm20b", "AlexNet"),
                    ("caffe-openblas-a57", "SqueezeNet 1.1")):
        layer = [r for r in recs if r["scope"] == "layer" and r["net"] == net and r["runtime"] == rt]
        names = []
        for r in sorted(layer, key=lambda r: r["id"]):
            if r["what"] not in names:
                names.append(r["what"])
        p(f"### {RT_LABEL[rt]} {net}: time = a + b·batch per layer (least squares over batches 2-16)\n")
        p("a = fixed part per layer (ms), b = per-image part (ms/image); measured and predicted fitted alike.\n")
        rows, sums = [], defaultdict(lambda: [0.0] * 4)
        fits = {}
        for name in names:
            rs = sorted((r for r in layer if r["what"] == name), key=lambda r: r["batch"])
            xs = [r["batch"] for r in rs]
            am, bm, r2m = linfit(xs, [r["measured"] for r in rs])
            ap_, bp, _ = linfit(xs, [r["predicted"] for r in rs])
            t = rs[0]["type"]
            fits[name] = (t, am, bm, ap_, bp, r2m)
            for i, v in enumerate((am, bm, ap_, bp)):
                sums[t][i] += v
                sums["**all**"][i] += v
        for t, (am, bm, ap_, bp) in sorted(sums.items()):
            n = sum(1 for f in fits.values() if f[0] == t) if t != "**all**" else len(fits)
            rows.append([t, n, f"{am:.3f}", f"{ap_:.3f}", f"{bm:.4f}", f"{bp:.4f}",
                         f"{am / max(am + 2 * bm, 1e-9) * 100:.0f}%", f"{am / max(am + 16 * bm, 1e-9) * 100:.0f}%"])
        p(table(["type", "layers", "Σa measured", "Σa predicted", "Σb measured", "Σb predicted",
                 "fixed share of measured at b2", "at b16"], rows))
        if rt == "caffe-cublas-gm20b" and net == "SqueezeNet 1.1":
            p("Per layer (Split layers omitted; R² of the measured fit):\n")
            rows = []
            for name, (t, am, bm, ap_, bp, r2m) in fits.items():
                if t == "Split":
                    continue
                rows.append([name, t, f"{am:.3f}", f"{ap_:.3f}", f"{bm:.4f}", f"{bp:.4f}", f"{r2m:.3f}"])
            p(table(["layer", "type", "a meas", "a pred", "b meas", "b pred", "R²"], rows))
            a_small = [f for f in fits.values() if f[0] not in ("Split",) and f[2] < 0.2]
            if a_small:
                p(f"Layers with measured per-image part < 0.2 ms ({len(a_small)}): median a measured "
                  f"{statistics.median(f[1] for f in a_small):.3f} ms, predicted {statistics.median(f[3] for f in a_small):.3f} ms; "
                  f"median b measured {statistics.median(f[2] for f in a_small):.4f}, predicted "
                  f"{statistics.median(f[4] for f in a_small):.4f} ms/image.\n")

    # 5-7. named layer groups
    def layer_rows(net, names, label):
        rows = []
        for rt in ("caffe-openblas-a57", "caffe-cublas-gm20b"):
            for name in names:
                rs = sorted((r for r in recs if r["scope"] == "layer" and r["net"] == net and r["runtime"] == rt
                             and r["what"] == name), key=lambda r: r["batch"])
                if not rs:
                    continue
                shp = info[net][name]
                shape = "x".join(map(str, shp["bottom_shapes"][0][1:])) + " → " + "x".join(map(str, shp["top_shapes"][0][1:]))
                by = {r["batch"]: r for r in rs}
                rows.append([RT_LABEL[rt], name, shape,
                             f"{by[2]['measured']:.3f} / {by[2]['predicted']:.3f}", pct(by[2]["error"]),
                             f"{by[16]['measured']:.3f} / {by[16]['predicted']:.3f}", pct(by[16]["error"]),
                             f"{100 * rmspe([r['error'] for r in rs]):.1f}%"])
        p(f"### {label}\n")
        p(table(["processor", "layer", "shape (per image)", "b2 meas / pred ms", "err b2", "b16 meas / pred ms", "err b16",
                 "RMSPE b2-16"], rows))

    layer_rows("AlexNet", ["conv1", "conv2", "conv3", "conv4", "conv5"],
               "Grouped convolutions: AlexNet conv2, conv4, conv5 (group 2) against conv1, conv3 (no depthwise layer in the records)")
    layer_rows("SqueezeNet 1.1", ["pool1", "pool3", "pool5", "pool10"],
               "Pooling, SqueezeNet 1.1: pool1/3/5 max 3x3 s2, pool10 global average 14x14")
    layer_rows("AlexNet", ["pool1", "pool2", "pool5", "norm1", "norm2"], "Pooling and LRN, AlexNet (max 3x3 s2; LRN 5 across channels)")
    layer_rows("SqueezeNet 1.1", [f"fire{i}/concat" for i in range(2, 10)], "Concat, SqueezeNet 1.1")
    layer_rows("SqueezeNet 1.1", ["conv1", "fire2/squeeze1x1", "fire2/expand1x1", "fire2/expand3x3", "fire9/squeeze1x1",
                                  "fire9/expand1x1", "fire9/expand3x3", "conv10"],
               "Convolutions, SqueezeNet 1.1 (first and last fire modules)")

    if args.budgets and args.baseline_records:
        import csv
        old = {r["id"] for r in csv.DictReader(open(args.baseline_records))}
        budget = {}
        for line in open(args.budgets):
            if line.startswith("#") or line.startswith("runtime,"):
                continue
            f = line.split(",", 3)
            budget[(f[0], f[1])] = float(f[2])
        groups = defaultdict(lambda: ([], []))
        for r in recs:
            groups[(r["runtime"], r["scope"])][0 if r["id"] in old else 1].append(r)
        p("### Budgets: records already in the baseline file vs new records\n")
        rows = []
        for key in sorted(groups):
            o, n = groups[key]
            mo = max((abs(r["error"]) for r in o), default=0)
            mn = max((abs(r["error"]) for r in n), default=0)
            w = max(n, key=lambda r: abs(r["error"])) if n else None
            b = budget.get(key)
            worst = f"{r_id(w)} {w['net']} b{w['batch']} {w['what']} {pct(w['error'])}" if w else ""
            over = f"**{100 * max(mo, mn) - b:+.1f} points**" if b is not None and 100 * max(mo, mn) > b else "pass"
            rows.append([key[0], key[1], "none" if b is None else f"{b:g}%", f"{100 * mo:.1f}% ({len(o)})",
                         f"{100 * mn:.1f}% ({len(n)})", worst, over])
        p(table(["runtime", "scope", "budget", "max abs, baseline records (n)", "max abs, new records (n)",
                 "worst new record", "verdict"], rows))


def r_id(r):
    return r["id"].replace("dividiti_ck_caffe_tx1", "CK").replace("lu2021_augur_tmc", "TMC")


if __name__ == "__main__":
    main()
