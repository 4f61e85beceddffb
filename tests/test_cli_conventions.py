"""The command's conventions: rules chosen by code, a configuration file, --quiet and
summaries, and tool messages (reader warnings, crashed rules) typed apart from findings."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.cli import main
from juesuan.config import ConfigError, resolve, rules_for
from juesuan.report.messages import NO_TABLES

GOOD = "二、收入决算情况说明\n本年收入 100.00 万元，其中：财政拨款收入 60.00 万元，占 60.00%；其他收入 40.00 万元，占 40.00%。\n"
BAD = GOOD.replace("占 60.00%", "占 70.00%")
#: numbered items out of order (N102, a warning) beside a wrong share (P101, an error)
MIXED = ("一、部门主要职能\n（1）负责本部门的日常工作。\n（3）负责有关的统计工作。\n（2）承办上级交办的其他事项。\n"
         + BAD)


def _run(args):
    return CliRunner().invoke(main, [*args, "--jobs", "1"])


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _rules(result) -> list[str]:
    return [f["rule"] for item in json.loads(result.stdout) for f in item["findings"]]


def test_codes_name_ids_families_modules_and_prefixes():
    assert rules_for("G101") == ["G101"]
    assert rules_for("growth-rate") == ["G101"]
    assert set(rules_for("budget")) == {"B101", "B102", "B103"}
    assert {"P101", "G101", "B101"} <= set(rules_for("rates"))
    assert set(rules_for("N1")) == {"N101", "N102", "N103"}
    assert set(rules_for("N")) == set(rules_for("N1"))
    assert resolve(["N"], ["N102"]) == {"N101", "N103"}
    assert resolve(None, None) is None
    with pytest.raises(ConfigError, match="unknown rule, family or prefix 'Q7'"):
        rules_for("Q7")


def test_select_and_ignore_on_the_command_line(tmp_path):
    report = _write(tmp_path, "r.txt", MIXED)
    everything = _rules(_run(["check", str(report), "--format", "json"]))
    assert {"P101", "N102"} <= set(everything)
    assert set(_rules(_run(["check", str(report), "--format", "json", "--select", "P101"]))) == {"P101"}
    assert set(_rules(_run(["check", str(report), "--format", "json", "--select", "shares,N1"]))) == {"P101", "N102"}
    ignored = _run(["check", str(report), "--format", "json", "--ignore", "N"])
    assert "N102" not in _rules(ignored) and "P101" in _rules(ignored)
    assert _run(["check", str(report), "--ignore", "P101", "--ignore", "N1"]).exit_code == 0


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_code_is_refused_in_one_line(tmp_path, option):
    report = _write(tmp_path, "r.txt", GOOD)
    result = _run(["check", str(report), option, "G10x"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "juesuan: unknown rule, family or prefix 'G10x' (`juesuan rules` lists them)"]
    assert result.stdout == ""
    assert _run(["check", str(report), option, ""]).exit_code == 2


def test_configuration_file_found_above_the_reports(tmp_path):
    (tmp_path / "juesuan.toml").write_text('ignore = ["P1"]\nseverity = {N102 = "error"}\n', encoding="utf-8")
    folder = tmp_path / "reports" / "2024"
    folder.mkdir(parents=True)
    report = _write(folder, "r.txt", MIXED)
    result = _run(["check", str(report), "--format", "json"])
    (item,) = json.loads(result.stdout)
    assert {(f["rule"], f["severity"]) for f in item["findings"]} == {("N102", "error")}
    assert result.exit_code == 1
    # the command line wins over the file
    again = _run(["check", str(report), "--format", "json", "--select", "P101"])
    assert set(_rules(again)) == {"P101"}


def test_pyproject_section_and_nearest_file_wins(tmp_path):
    (tmp_path / "juesuan.toml").write_text('select = ["N"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.juesuan]\nselect = ["P101"]\n',
                                          encoding="utf-8")
    report = _write(inner, "r.txt", MIXED)
    assert set(_rules(_run(["check", str(report), "--format", "json"]))) == {"P101"}
    # a pyproject.toml without the section is passed over
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert set(_rules(_run(["check", str(report), "--format", "json"]))) == {"N102"}


@pytest.mark.parametrize("content, says", [
    ('selct = ["N"]\n', "unknown key 'selct'; the keys are select, ignore, severity"),
    ('select = "N"\n', "select must be a list of rule ids"),
    ('ignore = ["Z9"]\n', "unknown rule, family or prefix 'Z9'"),
    ('severity = {N102 = "fatal"}\n', "severity of 'N102' is 'fatal'; one of error, warning"),
    ('severity = {Z1 = "error"}\n', "unknown rule, family or prefix 'Z1'"),
    ("select = [\n", "not valid TOML"),
])
def test_a_bad_configuration_is_one_line_and_exit_2(tmp_path, content, says):
    config = tmp_path / "juesuan.toml"
    config.write_text(content, encoding="utf-8")
    report = _write(tmp_path, "r.txt", GOOD)
    result = _run(["check", str(report)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"juesuan: {config}: ") and says in line
    assert result.stdout == ""


def test_quiet_shows_errors_and_the_summary_only(tmp_path):
    good = _write(tmp_path, "a.txt", GOOD)
    mixed = _write(tmp_path, "b.txt", MIXED)
    (tmp_path / "c.txt").write_bytes(b"")
    result = _run(["check", str(good), str(mixed), str(tmp_path / "c.txt"), "--quiet"])
    assert result.exit_code == 2
    out = result.stdout
    assert str(good) not in out and "N102" not in out
    assert f"{mixed}: 1 个错误，0 个提示" in out and "P101" in out
    assert out.strip().splitlines()[-1] == "3 个文件：1 个有错误，共 1 个错误、1 个提示；1 个无法读取"


def test_text_ends_with_the_run_summary(tmp_path):
    good = _write(tmp_path, "a.txt", GOOD)
    mixed = _write(tmp_path, "b.txt", MIXED)
    result = _run(["check", str(good), str(mixed)])
    lines = result.stdout.strip().splitlines()
    # a text of no tables is no all-clear for tables: the message follows the file's line
    assert f"{good}: 未发现问题（读取时另有提示，见下）" in lines and f"{mixed}: 1 个错误，1 个提示" in lines
    assert lines[lines.index(f"{good}: 未发现问题（读取时另有提示，见下）") + 1] == f"  未核对：{NO_TABLES}"
    assert lines[-1] == "2 个文件：1 个有错误，共 1 个错误、1 个提示"
    # machine formats stay one JSON document / one object per line
    assert len(json.loads(_run(["check", str(good), str(mixed), "--format", "json"]).stdout)) == 2


def test_reader_warnings_shown_under_their_file_in_every_format(tmp_path):
    named_wrong = _write(tmp_path, "report.pdf", GOOD)
    text = _run(["check", str(named_wrong)])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == f"{named_wrong}: 未发现问题（读取时另有提示，见下）"
    assert lines[1] == "  读取提示：named .pdf but is a text file; read as such"
    (item,) = json.loads(_run(["check", str(named_wrong), "--format", "json"]).stdout)
    assert item["messages"] == [{"type": "reader-warning", "message": "named .pdf but is a text file; read as such"},
                                {"type": "not-checked", "message": NO_TABLES}]
    line = json.loads(_run(["check", str(named_wrong), "--format", "jsonl"]).stdout)
    assert line["messages"] == item["messages"]


def _broken(ctx):
    raise ZeroDivisionError("made to fail")


def test_a_crashed_rule_is_a_typed_message_and_never_a_pass(tmp_path, monkeypatch):
    from dataclasses import replace

    from juesuan.rules import RULES

    broken = [replace(rule, check=_broken) if rule.id == "P101" else rule for rule in RULES]
    monkeypatch.setattr("juesuan.rules.RULES", broken)
    report = _write(tmp_path, "r.txt", GOOD)
    result = _run(["check", str(report)])
    assert result.exit_code == 2
    assert "未发现问题" not in result.stdout
    assert f"{report}: 未检查完（1 条规则运行失败）" in result.stdout
    assert "规则失败：rule P101 (share) failed: ZeroDivisionError: made to fail" in result.stdout
    assert f"juesuan: {report}: rule P101 (share) failed" in result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith("；1 个未检查完（规则运行失败）")
    (item,) = json.loads(_run(["check", str(report), "--format", "json"]).stdout)
    assert item["messages"] == [{"type": "rule-failed",
                                 "message": "rule P101 (share) failed: ZeroDivisionError: made to fail"},
                                {"type": "not-checked", "message": NO_TABLES}]
    # a rule not selected cannot fail the run
    assert _run(["check", str(report), "--ignore", "P101"]).exit_code == 0


def test_a_crashed_rule_gives_exit_2_in_a_real_process(tmp_path):
    report = _write(tmp_path, "r.txt", GOOD)
    script = ("import sys\n"
              "from juesuan.rules import by_id\n"
              "def broken(ctx):\n    raise RuntimeError('made to fail')\n"
              "object.__setattr__(by_id('P101'), 'check', broken)\n"
              "from juesuan.cli import main\n"
              "sys.argv = ['juesuan', 'check', sys.argv[1], '--jobs', '1']\n"
              "main()\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run([sys.executable, "-c", script, str(report)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "rule P101 (share) failed: RuntimeError: made to fail" in done.stderr
    assert "Traceback" not in done.stderr


def test_every_runner_keeps_the_severity_overrides(tmp_path):
    from juesuan.batch import Options, check_content, check_one
    from juesuan.batch.cluster import absolute

    report = _write(tmp_path, "r.txt", MIXED)
    options = Options(severity=(("N102", "error"), ("P101", "warning")))
    assert absolute(str(report), options)[1].severity == options.severity
    for result in (check_one(report, options), check_content(str(report), report.read_bytes(), options)):
        assert {(f["rule"], f["severity"]) for f in result["findings"]} >= {("N102", "error"), ("P101", "warning")}


def test_serve_takes_its_rules_from_the_folder_it_is_started_in(tmp_path, monkeypatch):
    pytest.importorskip("uvicorn")
    started = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: started.append(app.state.settings))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "juesuan.toml").write_text('select = ["P101"]\n[severity]\nP101 = "warning"\n', encoding="utf-8")
    assert CliRunner().invoke(main, ["serve", "--port", "8799"]).exit_code == 0
    (settings,) = started
    assert settings.options.select == frozenset({"P101"}) and settings.options.severity == (("P101", "warning"),)
    # a wrong setting stops the server before it listens, as it stops a check
    (tmp_path / "juesuan.toml").write_text('select = ["NO-SUCH-RULE"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--port", "8799"])
    assert result.exit_code == 2 and len(started) == 1
    assert "NO-SUCH-RULE" in result.stderr and "juesuan.toml" in result.stderr
