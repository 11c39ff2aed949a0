"""The targets table: one ``Line`` per figure, printed as one table and written as JSON.

A line holds RowanDB's and SQLite's figures (seconds, bytes per row, or a growth factor,
as ``unit`` says), the value held against the target (the ratio RowanDB / SQLite, or
RowanDB's growth) and the target itself; ``met`` is None for lines without a target (the
per-size lines of ``--scale``, the seed's single sizes). ``note`` carries a difference
between the engines' results, which makes the whole run fail.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass
class Line:
    workload: str
    mode: str
    rowandb: float
    sqlite: float
    value: float                 # RowanDB / SQLite, or RowanDB's growth (unit "x")
    target: float | None = None
    unit: str = "s"              # "s" seconds, "B" bytes per row, "x" growth
    note: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value <= self.target

    def cells(self) -> list[str]:
        ratio = "" if self.unit == "x" else f"{self.value:.2f}x"
        target = "" if self.target is None else (
            f"growth <= {self.target:g}" if self.unit == "x" else f"<= {self.target:g}x")
        verdict = {None: "", True: "met", False: "MISSED"}[self.met]
        return [self.workload, self.mode, _figure(self.rowandb, self.unit),
                _figure(self.sqlite, self.unit), ratio, target, verdict, self.note]


HEADER = ["workload", "mode", "RowanDB", "SQLite", "ratio", "target", "verdict", "note"]
RIGHT = {2, 3, 4}


def _figure(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "B":
        return f"{value:,.0f} B"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    if value >= 1e-6:
        return f"{value * 1e6:.1f} us"
    return f"{value * 1e9:.0f} ns"


def size_label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1_000 and size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def format_table(lines: list[Line]) -> str:
    rows = [HEADER] + [line.cells() for line in lines]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER) - 1)]

    def render(row: list[str]) -> str:
        cells = [cell.rjust(widths[i]) if i in RIGHT else cell.ljust(widths[i])
                 for i, cell in enumerate(row[:-1])]
        return ("  ".join(cells) + "  " + row[-1]).rstrip()
    return "\n".join([render(rows[0]), "-" * (sum(widths) + 2 * len(widths))]
                     + [render(row) for row in rows[1:]])


def summary(lines: list[Line]) -> str:
    judged = [line for line in lines if line.met is not None]
    met = sum(1 for line in judged if line.met)
    return f"{met} of {len(judged)} targets met"


def write_json(path: str, lines: list[Line], meta: dict, raw: dict) -> None:
    with open(path, "w") as f:
        json.dump({"meta": meta,
                   "lines": [dict(asdict(line), met=line.met) for line in lines],
                   "runs": raw}, f, indent=1)
        f.write("\n")
