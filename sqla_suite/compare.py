"""Compare two runs of SQLAlchemy's compliance suite (JUnit XML files): which tests pass on
SQLAlchemy's own SQLite dialect and which of those pass on RowanDB's.

``python sqla_suite/compare.py sqlite.xml rowandb.xml`` prints both pass counts, the
share of SQLite's passes RowanDB keeps, and every test passing on SQLite but not on RowanDB
with the first line of its error, so docs/SQLALCHEMY.md can group them by reason.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET

_DRIVER = re.compile(r"_sqlite\+\w+_[\d_]+")


def outcomes(path: str) -> dict[str, tuple[str, str]]:
    """Test id (without the dialect's suffix) -> (outcome, first line of the message)."""
    found = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        name = _DRIVER.sub("", f"{case.get('classname')}::{case.get('name')}")
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = child.tag
                message = (child.get("message") or "").strip().splitlines()[:1]
                message = message[0] if message else ""
                break
        found[name] = (outcome, message)
    return found


def main(argv: list[str]) -> int:
    sqlite, rowan = outcomes(argv[0]), outcomes(argv[1])
    passed_sqlite = {t for t, (o, _) in sqlite.items() if o == "passed"}
    passed_rowan = {t for t, (o, _) in rowan.items() if o == "passed"}
    kept = passed_sqlite & passed_rowan
    print(f"sqlite:  {len(passed_sqlite)} passed of {len(sqlite)}")
    print(f"rowandb: {len(passed_rowan)} passed of {len(rowan)}")
    print(f"rowandb passes {len(kept)} of sqlite's {len(passed_sqlite)} "
          f"({100 * len(kept) / max(len(passed_sqlite), 1):.1f}%)")
    for test in sorted(passed_sqlite - passed_rowan):
        outcome, message = rowan.get(test, ("missing", ""))
        print(f"  {outcome:8} {test}  {message[:160]}")
    extra = sorted(passed_rowan - passed_sqlite)
    if extra:
        print(f"passing on rowandb only: {len(extra)}")
        for test in extra:
            print(f"  {test}  (sqlite: {sqlite.get(test, ('missing', ''))[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
