"""Read the classification table shipped with the package."""

from __future__ import annotations

from importlib import resources

from .model import Entry

DATA_FILE = "expenditure_functional.tsv"
_HEADER = ["code", "name", "former_names"]


def read_table(text: str) -> tuple[str, list[Entry]]:
    """Parse the TSV text into (edition, entries).

    Lines starting with "#" are comments; "# edition: …" names the edition.
    The table is checked while reading (code shape, unique codes, parents
    present) because a broken row would otherwise surface as a wrong finding
    in someone's report.
    """
    edition = ""
    entries: list[Entry] = []
    seen: set[str] = set()
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            label, _, value = line[1:].partition(":")
            if label.strip() == "edition":
                edition = value.strip()
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields != _HEADER:
                raise ValueError(f"line {number}: expected header {_HEADER}, got {fields}")
            header_seen = True
            continue
        code, name = fields[0].strip(), fields[1].strip()
        former = tuple(n.strip() for n in (fields[2] if len(fields) > 2 else "").split(";") if n.strip())
        if not code.isdigit() or len(code) not in (3, 5, 7):
            raise ValueError(f"line {number}: bad code {code!r}")
        if code in seen:
            raise ValueError(f"line {number}: duplicate code {code}")
        if len(code) > 3 and code[:-2] not in seen:
            raise ValueError(f"line {number}: parent {code[:-2]} of {code} is missing or comes later")
        seen.add(code)
        entries.append(Entry(code, name, former))
    return edition, entries


def load_default() -> tuple[str, list[Entry]]:
    """Read the packaged table (current edition)."""
    text = resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return read_table(text)
