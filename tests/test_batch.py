"""Many reports in one run: streamed output, worker processes, resuming a stopped run."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.batch import Options, Writer, check_content, check_one, iter_results, not_done, read_done
from juesuan.batch.output import write_all
from juesuan.batch.progress import Bar, Quiet, progress_for
from juesuan.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-report.txt"
GOOD = "二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。\n"
BAD = GOOD.replace("占 60.00%", "占 70.00%")


@pytest.fixture
def folder(tmp_path) -> Path:
    """Eight inputs: good, bad, sample-sized, one empty, one no report at all, and a PDF
    with no text (read, as every PDF, in a child process the worker forks)."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (reports / "b-bad.txt").write_text(BAD, encoding="utf-8")
    (reports / "c-sample.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (reports / "d-empty.txt").write_bytes(b"")
    (reports / "e-news.txt").write_text("本报讯 今天天气晴朗，市民纷纷外出踏青。\n", encoding="utf-8")
    (reports / "f-bad.txt").write_text(BAD.replace("其他收入 40.00", "其他收入 40.01"), encoding="utf-8")
    (reports / "g-sample.txt").write_text(SAMPLE.read_text(encoding="utf-8").replace("。", "。 ", 1),
                                          encoding="utf-8")
    _blank_pdf(reports / "h-scan.pdf")
    return reports


def _blank_pdf(path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(path))
    pdf.close()


def _run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_jsonl_holds_the_json_lists_objects_one_per_line(folder):
    as_json = _run(str(folder), "--format", "json", "--facts", "--jobs", "1")
    as_jsonl = _run(str(folder), "--format", "jsonl", "--facts", "--jobs", "1")
    assert as_json.exit_code == as_jsonl.exit_code == 2
    lines = as_jsonl.stdout.splitlines()
    assert [json.loads(line) for line in lines] == json.loads(as_json.stdout)
    assert len(lines) == 8 and all(line.startswith('{"source":') for line in lines)
    # compact and readable: no indentation, Chinese as it is
    assert ", " not in lines[1].split('"quote"')[0] and "财政拨款收入" in lines[1]
    assert as_json.stderr == as_jsonl.stderr and len(as_jsonl.stderr.splitlines()) == 3


def test_a_result_names_its_bytes_and_keeps_facts_only_when_asked(folder):
    result = check_one(folder / "b-bad.txt")
    # a text without tables: the message says its tables' figures went unchecked
    assert set(result) == {"source", "sha256", "findings", "messages"}
    assert [m["type"] for m in result["messages"]] == ["not-checked"]
    assert len(result["sha256"]) == 64
    with_facts = check_one(folder / "b-bad.txt", Options(facts=True))
    assert with_facts["facts"] and with_facts["findings"] == result["findings"]
    unreadable = check_one(folder / "d-empty.txt", Options(facts=True))
    assert unreadable["error"].endswith("file is empty") and unreadable["facts"] == []


@pytest.mark.parametrize("form", ["text", "json", "jsonl"])
def test_two_workers_write_what_one_process_writes(folder, form):
    one = _run(str(folder), "--format", form, "--jobs", "1")
    two = _run(str(folder), "--format", form, "--jobs", "2")
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)


def test_results_come_in_input_order_whatever_finishes_first(folder):
    # the big sample first: a small report behind it finishes earlier in the other worker
    paths = sorted(folder.iterdir(), key=lambda p: -p.stat().st_size) * 3
    results = list(iter_results(paths, Options(errors_only=True), jobs=2))
    assert [r["source"] for r in results] == [str(p) for p in paths]
    assert results == [check_one(p, Options(errors_only=True)) for p in paths]


def test_a_file_sent_as_bytes_gives_the_result_of_its_path(folder):
    for path in folder.iterdir():
        sent = check_content(str(path), path.read_bytes(), Options(facts=True))
        assert sent == check_one(path, Options(facts=True))


def test_skip_done_after_a_stopped_run_gives_every_report_once(folder, tmp_path):
    lines = _run(str(folder), "--format", "jsonl", "--jobs", "1").stdout.splitlines(keepends=True)
    # stopped while writing its fourth result
    output = tmp_path / "run.jsonl"
    output.write_text("".join(lines[:3]) + lines[3][:40], encoding="utf-8")
    rest = _run(str(folder), "--format", "jsonl", "--skip-done", str(output)).stdout
    assert rest.splitlines(keepends=True) == lines[3:]
    # the second run's output appended to the first: every report exactly once
    output.write_text("".join(lines[:3]) + lines[3][:40] + "\n" + rest, encoding="utf-8")
    assert sorted(read_done(output)) == sorted(str(p) for p in folder.iterdir())
    again = _run(str(folder), "--format", "json", "--skip-done", str(output))
    assert (again.exit_code, again.stdout, again.stderr) == (0, "[]\n", "")
    (folder / "a-good.txt").write_text(GOOD + "\n", encoding="utf-8")    # changed since: again
    again = _run(str(folder), "--format", "jsonl", "--skip-done", str(output))
    assert [json.loads(line)["source"] for line in again.stdout.splitlines()] == [str(folder / "a-good.txt")]


def test_a_stopped_json_list_serves_as_well(folder, tmp_path):
    listed = _run(str(folder), "--format", "json", "--jobs", "1").stdout
    stopped = tmp_path / "stopped.json"
    stopped.write_text(listed[:listed.index("\n", listed.index("b-bad.txt")) + 1], encoding="utf-8")
    assert sorted(read_done(stopped)) == [str(folder / "a-good.txt"), str(folder / "b-bad.txt")]


def test_done_means_same_name_and_same_bytes(folder, tmp_path):
    record = check_one(folder / "b-bad.txt")
    previous = tmp_path / "previous.jsonl"
    previous.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    done = read_done(previous)
    assert list(not_done([folder / "b-bad.txt", folder / "a-good.txt"], done)) == [folder / "a-good.txt"]
    (folder / "b-bad.txt").write_text(GOOD, encoding="utf-8")
    assert list(not_done([folder / "b-bad.txt"], done)) == [folder / "b-bad.txt"]


def test_each_result_is_written_before_the_next_is_checked():
    stream = io.StringIO()

    def results():
        for index in range(3):
            assert stream.getvalue().count("\n") == index
            yield {"source": f"r{index}.txt", "findings": []}

    tally = write_all(results(), stream, "jsonl")
    assert tally.checked == 3 and tally.exit_code == 0


def test_an_empty_run_is_an_empty_json_list():
    stream = io.StringIO()
    Writer(stream, "json").close()
    assert json.loads(stream.getvalue()) == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_only_for_a_terminal():
    assert isinstance(progress_for(io.StringIO(), 10), Quiet)
    assert not isinstance(progress_for(io.StringIO(), 10), Bar)
    assert isinstance(progress_for(_Terminal(), 1), Quiet) and not isinstance(progress_for(_Terminal(), 1), Bar)
    terminal = _Terminal()
    with progress_for(terminal, 10) as bar:
        assert isinstance(bar, Bar)
        bar.problem("juesuan: x.txt: file is empty")
        bar.advance(3)
    assert "juesuan: x.txt: file is empty" in terminal.getvalue()


def _dies_on_poison(path, options=Options()):
    """check_one, except that a worker given a file named poison dies on it at once."""
    import os

    if "poison" in str(path):
        os._exit(9)
    return check_one(path, options)


def test_a_worker_that_dies_costs_only_its_own_file(folder, monkeypatch):
    from juesuan.batch import local

    (folder / "poison.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.setattr(local, "check_one", _dies_on_poison)
    paths = sorted(folder.iterdir()) * 2
    results = list(iter_results(paths, jobs=2))
    assert [r["source"] for r in results] == [str(p) for p in paths]
    died = [r for r in results if "died" in r.get("error", "")]
    assert [r["source"] for r in died] == [str(folder / "poison.txt")] * 2
    assert [r for r in results if r not in died] == [check_one(p) for p in paths if p.name != "poison.txt"]


class _DiedBeforeTheSecondTask:
    """A pool whose worker died on the first task before the parent queued the second."""

    def __init__(self):
        self.taken = 0

    def submit(self, fn, *args):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        self.taken += 1
        if self.taken > 1:
            raise BrokenProcessPool("a child process terminated abruptly")
        failed = Future()
        failed.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        return failed

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_a_pool_broken_while_tasks_are_queued_costs_no_file(folder, monkeypatch):
    from juesuan.batch import local

    real = local._Workers._pool
    pools = iter([_DiedBeforeTheSecondTask()])
    monkeypatch.setattr(local._Workers, "_pool", lambda self, jobs: next(pools, None) or real(self, jobs))
    paths = sorted(folder.iterdir())
    results = list(iter_results(paths, jobs=2))
    assert results == [check_one(p) for p in paths]


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_runner_streams_and_holds_only_a_few_reports(folder, jobs):
    from itertools import count, islice

    taken = []

    def endless():
        for index in count():
            taken.append(index)
            yield folder / "b-bad.txt"

    results = list(islice(iter_results(endless(), jobs=jobs), 5))
    assert [len(r["findings"]) for r in results] == [1] * 5
    # the inputs taken before the fifth result came out: a bounded few per worker
    from juesuan.batch.local import AHEAD

    assert len(taken) <= 5 + jobs * (AHEAD + 1)


def test_a_warmed_up_worker_spares_the_collector_the_loaded_checker():
    import gc

    from juesuan.batch.task import warm_up

    warm_up()
    # the checker's own objects are out of the collector's view, and it does not walk a
    # report's objects several times while that report is checked
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] >= 10_000
