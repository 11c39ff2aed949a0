"""The figures the docs give of the repository's own suites are the suites' figures: every
"`compat/<dir>/` (N records" and "N records in `compat/<dir>/`" of README.md and docs/*.md
is the number of statement and query records the runner counts there, and
docs/FOREIGN_KEYS_SUITE.md's table and totals (files, scenarios, records) are
compat/foreign_keys/'s. A suite that grows fails here until its page says so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rowandb.compat.records import Query, Statement, parse_script

REPO = Path(__file__).resolve().parent.parent
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
FK_SUITE = REPO / "compat" / "foreign_keys"


def records(path: Path) -> int:
    """Statement and query records of one script, or of every script under a directory."""
    files = sorted(path.rglob("*.test")) if path.is_dir() else [path]
    return sum(isinstance(record, (Statement, Query))
               for file in files for record in parse_script(file.read_text(encoding="utf-8")).records)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def claims() -> list[tuple[str, str, int]]:
    """(page, compat directory, records claimed) of every such figure in the docs."""
    found = []
    for page in PAGES:
        text = " ".join(page.read_text(encoding="utf-8").split())
        for m in re.finditer(r"`compat/(\w+)/[^`]*`[^(`]{0,40}\((\d[\d,]*) records", text):
            found.append((page.name, m.group(1), _number(m.group(2))))
        for m in re.finditer(r"(\d[\d,]*) records in `compat/(\w+)/", text):
            found.append((page.name, m.group(2), _number(m.group(1))))
    return found


def test_the_docs_give_such_figures():
    assert len(claims()) >= 10


@pytest.mark.parametrize("page,directory,claimed", claims())
def test_a_record_count_is_the_suite_s(page, directory, claimed):
    assert records(REPO / "compat" / directory) == claimed


def test_the_foreign_key_suite_page_counts_its_files():
    text = (REPO / "docs" / "FOREIGN_KEYS_SUITE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+\.test)` \| [^|]+ \| (\d+) \| (\d+) \|$", text, re.M)
    files = sorted(FK_SUITE.glob("*.test"))
    assert sorted(name for name, _, _ in rows) == [file.name for file in files]
    for name, scenarios, count in rows:
        script = (FK_SUITE / name).read_text(encoding="utf-8")
        assert (script.count("\n# scenario"), records(FK_SUITE / name)) == \
            (int(scenarios), int(count)), name
    head = " ".join(text.split())
    totals = re.search(r"(\d[\d,]*) scenarios in (\d+) files, (\d[\d,]*) records", head)
    assert tuple(map(_number, totals.groups())) == (
        sum(int(s) for _, s, _ in rows), len(files), sum(int(c) for _, _, c in rows))
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert f"{totals.group(1)} scenarios in `compat/foreign_keys/`" in readme
