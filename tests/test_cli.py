"""The command line: exit codes, one JSON document, clear lines for unreadable inputs."""
from __future__ import annotations

import json

from click.testing import CliRunner

from juesuan.cli import main

GOOD = "二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。\n"
BAD = GOOD.replace("占 60.00%", "占 70.00%")


def _run(args):
    return CliRunner().invoke(main, args)


def test_exit_codes_and_json(tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="gbk")
    assert _run(["check", str(good)]).exit_code == 0
    result = _run(["check", str(good), str(bad), "--format", "json", "--facts"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["source"] for d in data] == [str(good), str(bad)]
    (finding,) = data[1]["findings"]
    assert {k: finding[k] for k in ("rule", "severity", "line", "end_line", "page", "stated", "expected")} == \
        {"rule": "P101", "severity": "error", "line": 2, "end_line": 2, "page": None,
         "stated": "70.00%", "expected": "60.00%"}
    assert "财政拨款收入" in finding["quote"]
    facts = {(f["label"], f["attribute"]): f["value"] for f in data[0]["facts"]}
    assert facts[("财政拨款收入", "amount")] == "60.00"
    # the facts are most of the bytes: only asked for
    assert "facts" not in json.loads(_run(["check", str(good), "--format", "json"]).stdout)[0]


def test_unreadable_input_is_one_line_and_others_still_checked(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "bad.txt").write_text(BAD, encoding="utf-8")
    result = _run(["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 2 and all(line.startswith("juesuan: ") for line in errors)
    data = json.loads(result.stdout)
    assert {d["source"].rsplit("/", 1)[1]: len(d["findings"]) for d in data} == \
        {"bad.txt": 1, "binary.txt": 0, "empty.txt": 0}


def test_text_output_shows_quote_and_expected(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD, encoding="utf-8")
    out = _run(["check", str(bad)]).stdout
    assert "P101" in out and "70.00%" in out and "60.00%" in out and "第2行" in out


def test_rules_lists_every_rule():
    from juesuan.rules import RULES
    out = _run(["rules"]).stdout
    assert all(r.id in out for r in RULES)


def test_help_starts_without_the_checker():
    """`juesuan --help` loads neither the readers, the rules nor rich (a fresh interpreter:
    this one has them all loaded)."""
    import subprocess
    import sys
    code = ("import sys\nfrom juesuan.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith(('juesuan.readers', 'juesuan.rules'))))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Usage:" in run.stdout
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_extract_reads_all_of_a_data_workbook(tmp_path):
    """`extract` of juesuan's own workbook gives what `render` reads from it: every field,
    table and line note, not only what a report's tables would give."""
    from juesuan.dataset.example import example_dataset
    from juesuan.dataset.files import load_dataset
    from juesuan.dataset.workbook import write_workbook

    workbook = tmp_path / "data.xlsx"
    write_workbook(example_dataset(), workbook)
    target = tmp_path / "data.json"
    result = CliRunner().invoke(main, ["extract", str(workbook), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert load_dataset(target) == load_dataset(workbook) == example_dataset()
