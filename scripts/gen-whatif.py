#!/usr/bin/env python3
"""Regenerates the numbers of docs/whatif.md from the binary, so they cannot go stale.

Every table between `<!-- BEGIN GENERATED: NAME -->` and `<!-- END GENERATED: NAME -->` in
docs/whatif.md is the output of the commands shown above it (run here, never typed), and the
sweeps write docs/figures/whatif-l2.csv and whatif-bandwidth.csv (+ .json, + .png plots).

  python3 scripts/gen-whatif.py [--augur build/augur]          rewrite docs/whatif.md and the figures
  python3 scripts/gen-whatif.py --check [--augur build/augur]  exit 1 naming each block or CSV that
                                                               differs from what the binary gives now
                                                               (ctest `whatif_docs_current`)
The commands run with an argument list, never through a shell.
"""
import argparse
import csv
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DOC = os.path.join(ROOT, "docs", "whatif.md")
NETS = [("VGG-16", "workloads/caffe/vgg16.prototxt"), ("GoogLeNet", "workloads/caffe/googlenet.prototxt"),
        ("ResNet-50", "workloads/caffe/resnet50.prototxt")]
TX1 = "hwdesc/boards/jetson-tx1.yaml"


def run(augur, args):
    r = subprocess.run([augur] + args, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"gen-whatif: augur {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def forward_ms(augur, board, net, *extra):
    out = run(augur, ["simulate", "--hw", board, "--net", net, "--batch", "1", "--format", "json", *extra])
    return json.loads(out)["forward_ms"]


def sweep(augur, out_dir, name, vary, *extra):
    csv_path = os.path.join(out_dir, f"whatif-{name}.csv")
    args = ["sweep", "--hw", TX1]
    for _, net in NETS:
        args += ["--net", net]
    args += ["--vary", vary, *extra, "--batch", "1", "--out", csv_path, "--plot", os.path.join(out_dir, f"whatif-{name}.png")]
    run(augur, args)
    with open(csv_path, newline="") as f:
        return list(csv.DictReader(f)), csv_path


def l2_block(rows):
    sizes = sorted({int(r["gpu.l2.size_bytes"]) for r in rows})
    names = {}
    for r in rows:
        names.setdefault(r["network"], [])
    head = "| network | " + " | ".join(kib(s) for s in sizes) + " | DRAM traffic, smallest → largest L2 |"
    lines = [head, "|---|" + "---|" * len(sizes) + "---|"]
    for network in names:
        mine = {int(r["gpu.l2.size_bytes"]): r for r in rows if r["network"] == network}
        times = " | ".join(f"{float(mine[s]['forward_ms']):.1f} ms" for s in sizes)
        lo, hi = float(mine[sizes[0]]["dram_bytes"]) / 1e6, float(mine[sizes[-1]]["dram_bytes"]) / 1e6
        lines.append(f"| {network} | {times} | {lo:.0f} → {hi:.0f} MB ({100 * (hi / lo - 1):+.1f}%) |")
    return "\n".join(lines)


def kib(b):
    return f"{b // (1 << 20)} MiB" if b >= 1 << 20 else f"{b // 1024} KiB"


def bandwidth_block(rows):
    bws = sorted({float(r["memory.bandwidth_bytes_per_s"]) for r in rows})
    nets = []
    for r in rows:
        if r["network"] not in nets:
            nets.append(r["network"])
    lines = ["| network | GPU at " + " / ".join(f"{b / 1e9:g}" for b in bws) + " GB/s (ms) | slowest GPU layer (bound) at 25.6 GB/s | CPU at "
             + " / ".join(f"{b / 1e9:g}" for b in bws) + " GB/s (ms) |", "|---|---|---|---|"]
    for network in nets:
        gpu = {float(r["memory.bandwidth_bytes_per_s"]): r for r in rows if r["network"] == network and r["processor"] == "gpu"}
        cpu = {float(r["memory.bandwidth_bytes_per_s"]): r for r in rows if r["network"] == network and r["processor"] == "cpu"}
        at = gpu.get(25.6e9)
        slowest = f"{at['slowest_layer']} ({at['slowest_bound']})" if at else "-"
        lines.append(f"| {network} | " + " / ".join(f"{float(gpu[b]['forward_ms']):.1f}" for b in bws) + f" | {slowest} | "
                     + " / ".join(f"{float(cpu[b]['forward_ms']):.0f}" for b in bws) + " |")
    return "\n".join(lines)


def boards_block(augur):
    boards = [("jetson-tx1.yaml", "the recorded board"),
              ("hypothetical-tx1-4sm-1mib.yaml", "4 SMs, 1 MiB L2"),
              ("jetson-tx2.yaml", "Pascal GP10B at 1.3 GHz, 59.7 GB/s"),
              ("jetson-nano.yaml", "one SM at 922 MHz")]
    lines = ["| board (hwdesc/boards/) | " + " | ".join(n for n, _ in NETS) + " | what changes |", "|---|---|---|---|---|"]
    for board, what in boards:
        times = [forward_ms(augur, f"hwdesc/boards/{board}", net) for _, net in NETS]
        lines.append(f"| `{board}` | " + " | ".join(f"{t:.1f} ms" for t in times) + f" | {what} |")
    return "\n".join(lines)


def cpu_l2_block(augur):
    sizes = ["256KiB", "512KiB", "1MiB", "1.5MiB", "2MiB", "4MiB"]
    times = [forward_ms(augur, TX1, "workloads/caffe/vgg16.prototxt", "--processor", "cpu", "--set", f"cpu.l2.size={s}")
             for s in sizes]
    return "\n".join(["| L2 | " + " | ".join(s.replace("KiB", " KiB").replace("MiB", " MiB") for s in sizes) + " |",
                      "|---|" + "---|" * len(sizes),
                      "| forward | " + " | ".join(f"{t:.1f} ms" for t in times) + " |"])


def npu_block(augur):
    board, net = "hwdesc/boards/hypothetical-tx1-npu.yaml", "../shared/models/caffe/bvlc_alexnet.prototxt"

    def fwd(*extra):
        out = run(augur, ["simulate", "--hw", board, "--net", net, "--batch", "2", "--format", "json", *extra])
        return json.loads(out)["forward_ms"]

    lines = ["| processor | forward |", "|---|---|",
             f"| `gpu` (the TX1 alone) | {fwd('--processor', 'gpu'):.2f} ms |",
             f"| `npu` (convolutions and FC layers on the array, the rest on the first processor that runs them) | {fwd('--processor', 'npu'):.2f} ms |",
             f"| `auto` (each layer where it is fastest, with hand-offs) | {fwd('--processor', 'auto'):.2f} ms |",
             "", "`--processor auto --set npu.rows=S --set npu.cols=S --set npu.dataflow=D`:", "",
             "| array | os | ws | is |", "|---|---|---|---|"]
    for s in (16, 32, 64):
        cells = [fwd("--processor", "auto", "--set", f"npu.rows={s}", "--set", f"npu.cols={s}", "--set", f"npu.dataflow={d}")
                 for d in ("os", "ws", "is")]
        lines.append(f"| {s}×{s} | " + " | ".join(f"{c:.2f} ms" for c in cells) + " |")
    return "\n".join(lines)


def blocks(augur, out_dir):
    l2_rows, l2_csv = sweep(augur, out_dir, "l2", "gpu.l2.size=128KiB..4MiB*2")
    bw_rows, bw_csv = sweep(augur, out_dir, "bandwidth", "memory.bandwidth=6.4GB/s..51.2GB/s*2",
                            "--processor", "gpu", "--processor", "cpu")
    return ({"whatif-l2": l2_block(l2_rows), "whatif-bandwidth": bandwidth_block(bw_rows),
             "whatif-boards": boards_block(augur), "whatif-cpu-l2": cpu_l2_block(augur),
             "whatif-npu": npu_block(augur)}, [l2_csv, bw_csv])


def replace_blocks(text, new):
    for name, body in new.items():
        pattern = re.compile(rf"(<!-- BEGIN GENERATED: {re.escape(name)} -->\n).*?(<!-- END GENERATED: {re.escape(name)} -->)", re.S)
        if not pattern.search(text):
            sys.exit(f"gen-whatif: docs/whatif.md has no block '{name}'")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    return text


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true")
    p.add_argument("--augur", default=os.path.join(ROOT, "build", "augur"))
    a = p.parse_args()
    augur = os.path.abspath(a.augur)
    with open(DOC) as f:
        old = f.read()
    if not a.check:
        new, _ = blocks(augur, os.path.join(ROOT, "docs", "figures"))
        text = replace_blocks(old, new)
        tmp = DOC + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, DOC)
        print("docs/whatif.md and docs/figures/whatif-* regenerated", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as out_dir:
        new, csvs = blocks(augur, out_dir)
        stale = []
        if replace_blocks(old, new) != old:
            for name, body in new.items():
                if f"<!-- BEGIN GENERATED: {name} -->\n{body}\n<!-- END GENERATED: {name} -->" not in old:
                    stale.append(f"docs/whatif.md block {name}")
        for path in csvs:
            committed = os.path.join(ROOT, "docs", "figures", os.path.basename(path))
            with open(path) as f1, open(committed) as f2:
                a_lines, b_lines = f2.read().splitlines(), f1.read().splitlines()
            if a_lines != b_lines:
                stale.append(f"docs/figures/{os.path.basename(path)}:\n" +
                             "\n".join(list(difflib.unified_diff(a_lines, b_lines, lineterm="", n=0))[:8]))
        if stale:
            print("stale (run python3 scripts/gen-whatif.py):\n  " + "\n  ".join(stale), file=sys.stderr)
            return 1
    print("docs/whatif.md is what the binary gives", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
