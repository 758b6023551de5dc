"""The `augur` Python module as a notebook user calls it (docs/python.md): the same numbers as the
CLI, the CLI's JSON keys, one-line errors as exceptions, and the GIL released while it computes.

Run by ctest (python_module) with PYTHONPATH=<build>/python, AUGUR_BINARY=<build>/augur, from the
source tree."""
import json
import os
import subprocess
import threading
import time

import pytest

import augur

ALEXNET = "workloads/caffe/alexnet.prototxt"
TX1 = "hwdesc/boards/jetson-tx1.yaml"


def cli(*args):
    """`augur ARGS` (an argument list: no shell), its exit code, stdout and stderr."""
    r = subprocess.run([os.environ["AUGUR_BINARY"], *args], capture_output=True, text=True, check=False)
    return r.returncode, r.stdout, r.stderr


def test_simulate_gives_the_cli_numbers_and_keys():
    py = augur.simulate(hw="jetson-tx1", net=ALEXNET, processor="gpu", batch=1)
    code, out, err = cli("simulate", "--hw", "jetson-tx1", "--net", ALEXNET, "--batch", "1", "--format", "json")
    assert code == 0, err
    js = json.loads(out)
    assert set(py) == set(js)
    # The same inputs through the same code: equal to the last bit JSON prints.
    assert py["forward_ms"] == pytest.approx(js["forward_ms"], rel=1e-12)
    assert [l["name"] for l in py["layers"]] == [l["name"] for l in js["layers"]]
    assert py["layers"][1]["time_ms"] == pytest.approx(js["layers"][1]["time_ms"], rel=1e-12)


def test_overrides_runtime_and_mode_reach_the_simulation():
    base = augur.simulate(hw=TX1, net=ALEXNET, batch=1)
    fewer = augur.simulate(hw=TX1, net=ALEXNET, batch=1, set={"gpu.sm_count": 1})
    assert fewer["forward_ms"] > 1.2 * base["forward_ms"]  # half the SMs: conv layers much slower
    code, out, err = cli("simulate", "--hw", TX1, "--net", ALEXNET, "--batch", "1", "--set", "gpu.sm_count=1",
                         "--mode", "layerwise", "--format", "json")
    assert code == 0, err
    listed = augur.simulate(hw=TX1, net=ALEXNET, batch=1, set=["gpu.sm_count=1"], mode="layerwise")
    assert listed["layerwise_ms"] == pytest.approx(json.loads(out)["layerwise_ms"], rel=1e-12)
    assert listed["mode"] == "layerwise"


def test_memory_net_show_and_sensitivity_have_the_cli_keys():
    mem = augur.memory(hw=TX1, net=ALEXNET, batch=1)
    code, out, _ = cli("memory", "--hw", TX1, "--net", ALEXNET, "--batch", "1", "--format", "json")
    assert code == 0
    assert mem["memory"]["total_bytes"] == json.loads(out)["memory"]["total_bytes"]
    net = augur.net_show(net=ALEXNET, batch=1)
    code, out, _ = cli("net", "show", ALEXNET, "--batch", "1", "--format", "json")
    assert code == 0
    assert net["totals"]["macs"] == json.loads(out)["totals"]["macs"]  # integers: exactly
    assert net["totals"]["macs"] > 0
    sens = augur.sensitivity(hw=TX1, net=ALEXNET, batch=1)
    assert any(k["key"] == "gpu.clock" and k["elasticity"] < 0 for k in sens["keys"])


def test_sweep_rows_are_records_keyed_by_the_csv_columns(tmp_path):
    rows = augur.sweep(hw=TX1, nets=[ALEXNET], vary={"gpu.l2.size": ["256KiB", "1MiB"], "gpu.sm_count": "1..2"},
                       processors=["gpu"], batch=1, jobs=2)
    assert len(rows) == 4
    assert list(rows[0])[:4] == ["point", "gpu.l2.size_bytes", "gpu.sm_count", "network"]
    assert [r["gpu.l2.size_bytes"] for r in rows] == [262144, 262144, 1048576, 1048576]
    csv = tmp_path / "s.csv"
    code, _, err = cli("sweep", "--hw", TX1, "--net", ALEXNET, "--vary", "gpu.l2.size=256KiB,1MiB",
                       "--vary", "gpu.sm_count=1..2", "--batch", "1", "--out", str(csv))
    assert code == 0, err
    header, *lines = csv.read_text().splitlines()
    columns = header.split(",")
    assert columns == list(rows[0])
    for row, line in zip(rows, lines):
        cells = dict(zip(columns, line.split(",")))
        assert row["forward_ms"] == pytest.approx(float(cells["forward_ms"]), abs=1e-6)  # CSV: 6 decimals


def test_errors_raise_with_the_cli_message():
    with pytest.raises(augur.UserError) as e:
        augur.simulate(hw=TX1, net=ALEXNET, set={"gpu.clokc": "1GHz"})
    code, _, err = cli("simulate", "--hw", TX1, "--net", ALEXNET, "--set", "gpu.clokc=1GHz")
    assert code == 2
    assert "augur: error: " + str(e.value) + "\n" == err
    assert "did you mean 'clock'" in str(e.value)
    assert isinstance(e.value, ValueError)
    with pytest.raises(augur.UserError, match="no such file|not found|cannot"):
        augur.net_show(net="no/such/net.prototxt")
    with pytest.raises(augur.UserError, match="mode"):
        augur.simulate(hw=TX1, net=ALEXNET, mode="sideways")


def test_the_gil_is_released_while_a_sweep_runs():
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    time.sleep(0.01)
    start = time.perf_counter()
    rows = augur.sweep(hw=TX1, nets=[ALEXNET, "workloads/caffe/vgg16.prototxt"],
                       vary={"gpu.l2.size": "128KiB..8MiB*2", "gpu.sm_count": "1..16",
                             "memory.bandwidth": "5GB/s..100GB/s+5GB/s"}, jobs=1)
    end = time.perf_counter()
    stop.set()
    thread.join()
    assert len(rows) == 2 * 7 * 16 * 20
    during = [t for t in ticks if start < t < end]
    # With the GIL held the counter could not run at all during the call; released, it ticks about
    # every millisecond (a loose bound: the machine is shared).
    assert end - start > 0.05, "the sweep was too short to tell"
    assert len(during) >= 0.2 * (end - start) / 0.001
