"""The same reports on a real Dask cluster: a scheduler and two workers started here as
separate processes; the output equals the one-process output byte for byte."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import juesuan
from juesuan.cli import main

distributed = pytest.importorskip("distributed")

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-report.txt"
GOOD = "二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。\n"
#: seconds the cluster may take to come up
START = 40


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a scheduler with two single-thread workers, each its own process."""
    folder = tmp_path_factory.mktemp("cluster")
    address_file = folder / "scheduler.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(Path(juesuan.__file__).parents[1]), os.environ.get("PYTHONPATH")])))
    dask = [sys.executable, "-m", "dask"]
    common = ["--no-dashboard", "--scheduler-file", str(address_file)]
    processes = [subprocess.Popen([*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", *common],
                                  cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        address = _address(address_file)
        for name in ("one", "two"):
            processes.append(subprocess.Popen(
                [*dask, "worker", "--nthreads", "1", "--host", "127.0.0.1", "--name", name, *common],
                cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout=START) as client:
            client.wait_for_workers(2, timeout=START)
        yield address
    finally:
        _shut_down(address_file, processes)


def _shut_down(address_file: Path, processes: list) -> None:
    """The cluster told to close (quicker than signals, which workers outlive a while)."""
    try:
        with distributed.Client(json.loads(address_file.read_text())["address"], timeout=5) as client:
            client.shutdown()
    except Exception:  # noqa: BLE001 - not up: signals then
        pass
    for process in processes:
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _address(address_file: Path) -> str:
    deadline = time.monotonic() + START
    while time.monotonic() < deadline:
        try:
            return json.loads(address_file.read_text())["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)
    pytest.fail("the Dask scheduler did not start")


@pytest.fixture
def folder(tmp_path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    sample = SAMPLE.read_text(encoding="utf-8")
    for index in range(6):
        (reports / f"{index}-sample.txt").write_text(sample.replace("。", "。" * (index + 1), 1), encoding="utf-8")
    (reports / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (reports / "b-bad.txt").write_text(GOOD.replace("占 60.00%", "占 70.00%"), encoding="utf-8")
    (reports / "c-empty.txt").write_bytes(b"")
    return reports


def _run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


@pytest.mark.parametrize("form", ["jsonl", "json", "text"])
def test_the_cluster_writes_what_one_process_writes(scheduler, folder, form):
    one = _run(str(folder), "--format", form, "--facts", "--jobs", "1")
    cluster = _run(str(folder), "--format", form, "--facts", "--cluster", scheduler)
    assert one.exit_code == 2
    assert (cluster.exit_code, cluster.stdout, cluster.stderr) == (one.exit_code, one.stdout, one.stderr)


def test_files_sent_as_content_give_the_same_results(scheduler, folder, monkeypatch):
    from juesuan.batch import Options, iter_results

    monkeypatch.chdir(folder)
    # relative names: the workers' working folder is not this one
    paths = sorted(p.name for p in folder.iterdir())
    local = list(iter_results(paths, Options(facts=True)))
    assert list(iter_results(paths, Options(facts=True), cluster=scheduler, ship="content")) == local
    assert list(iter_results(paths, Options(facts=True), cluster=scheduler, ship="path")) == local


def test_no_scheduler_is_one_line(monkeypatch):
    from juesuan.batch import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    result = _run(str(SAMPLE), "--cluster", "tcp://127.0.0.1:9", "--jobs", "1")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("juesuan: tcp://127.0.0.1:9: no Dask scheduler answers")
