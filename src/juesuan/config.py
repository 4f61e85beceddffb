"""Which rules run and how severe their findings are: codes, the configuration file,
and the command line, resolved to rule ids before any report is read.

A code names rules as the linters people know do: a rule's id (``G101``) or name
(``growth-rate``), a family (``budget``), the module the rule is declared in
(``rates``), or a prefix of ids (``N1``, ``N``). A code that names no rule is refused:
a typo must not quietly run everything or nothing.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

#: the keys a configuration may hold
KEYS = ("select", "ignore", "severity")
SEVERITIES = ("error", "warning")
#: file names looked for in each folder, in this order
FILES = ("juesuan.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A code, key or value that cannot be used; its text is one line for the user."""


@dataclass(frozen=True)
class Config:
    """What a configuration file (or nothing) says; None: not said."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: tuple[tuple[str, str], ...] = ()
    #: the file it came from, for messages
    path: str | None = None


def rules_for(code: str) -> list[str]:
    """The ids of the rules ``code`` names; ConfigError when it names none."""
    from juesuan.rules import RULES

    wanted = code.strip()
    upper = wanted.upper()
    ids = [r.id for r in RULES if wanted in (r.name, r.family, _module(r)) or r.id.startswith(upper)]
    if not wanted or not ids:
        raise ConfigError(f"unknown rule, family or prefix {code!r} (`juesuan rules` lists them)")
    return ids


def resolve(select, ignore) -> frozenset[str] | None:
    """The rule ids to run: those ``select`` names (all when None), less those
    ``ignore`` names; None when every rule runs."""
    if select is None and not ignore:
        return None
    from juesuan.rules import RULES

    chosen = {r.id for r in RULES} if select is None else {i for c in select for i in rules_for(c)}
    return frozenset(chosen - {i for c in ignore or () for i in rules_for(c)})


def severities(pairs) -> tuple[tuple[str, str], ...]:
    """Per-rule severity overrides as (id, severity), a wider code first so that a
    narrower one given beside it wins (``N = "warning"`` with ``N102 = "error"``)."""
    resolved: dict[str, str] = {}
    for code, level in sorted(pairs, key=lambda pair: len(pair[0])):
        if level not in SEVERITIES:
            raise ConfigError(f"severity of {code!r} is {level!r}; one of {', '.join(SEVERITIES)}")
        for rule_id in rules_for(code):
            resolved[rule_id] = level
    return tuple(sorted(resolved.items()))


def find_config(start: Path) -> Path | None:
    """The configuration file for reports in ``start``: a juesuan.toml, or a
    pyproject.toml with a [tool.juesuan] table, in that folder or the nearest above."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in FILES:
            path = candidate / name
            if path.is_file() and (name == "juesuan.toml" or _has_section(path)):
                return path
    return None


def load_config(path: Path) -> Config:
    """Read and check a configuration file; ConfigError names the file and the fault."""
    table = _table(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.juesuan] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}; the keys are {', '.join(KEYS)}")
    try:
        select = _codes(table, "select")
        ignore = _codes(table, "ignore")
        severity = table.get("severity", {})
        if not isinstance(severity, dict):
            raise ConfigError("severity must be a table such as {N102 = \"error\"}")
        pairs = severities(severity.items())
        for code in (*(select or ()), *(ignore or ())):
            rules_for(code)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return Config(select, ignore, pairs, str(path))


def _codes(table: dict, key: str) -> tuple[str, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ConfigError(f"{key} must be a list of rule ids, families or prefixes, such as [\"G101\", \"N1\"]")
    return tuple(value)


def _table(path: Path):
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("juesuan", {})
    return data


def _has_section(path: Path) -> bool:
    """Whether a pyproject.toml holds [tool.juesuan]; one that cannot be parsed counts,
    so that its fault is told rather than the file passed over."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except (tomllib.TOMLDecodeError, OSError):
        return "[tool.juesuan" in path.read_text(encoding="utf-8", errors="replace")
    tool = data.get("tool")
    return isinstance(tool, dict) and "juesuan" in tool


def _module(rule) -> str:
    return rule.check.__module__.rsplit(".", 1)[-1]
