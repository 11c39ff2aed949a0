"""Where the shared sqllogictest corpus and the ratchet baseline live.

The corpus is test data kept outside the repository: ``$ROWANDB_COMPAT_DIR`` when set,
else ``../shared/compat/sqllogictest`` beside the repository root, else the same
relative path from the current directory. The ratchet baseline
(``compat/baseline.json`` at the repository root) maps corpus-relative script paths to
the number of records RowanDB must keep passing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ENV_CORPUS_DIR = "ROWANDB_COMPAT_DIR"
CORPUS_RELATIVE = Path("..") / "shared" / "compat" / "sqllogictest"
#: Scripts whose pass counts the ratchet guards (corpus-relative glob patterns): the whole
#: corpus, about five minutes of one core (docs/COMPAT.md, "Tests and time budget").
RATCHET_PATTERNS = ("**/*.test",)
#: The engine whose pass counts the baseline records.
RATCHET_ENGINE = "rowandb"


class CorpusNotFound(FileNotFoundError):
    """The corpus directory is missing; the message names every place looked at."""


def repo_root() -> Path:
    """The directory holding the ``rowandb`` package (the repository root in a checkout)."""
    return Path(__file__).resolve().parents[2]


def corpus_candidates() -> list[Path]:
    """Places the corpus is looked for, in order."""
    configured = os.environ.get(ENV_CORPUS_DIR)
    if configured:
        return [Path(configured)]
    return [repo_root() / CORPUS_RELATIVE, Path.cwd() / CORPUS_RELATIVE]


def find_corpus() -> Path:
    """The corpus directory, or CorpusNotFound saying where it was looked for."""
    candidates = corpus_candidates()
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    looked = ", ".join(dict.fromkeys(str(c.resolve()) for c in candidates))
    hint = (f"set {ENV_CORPUS_DIR} to the sqllogictest directory"
            if not os.environ.get(ENV_CORPUS_DIR) else f"check {ENV_CORPUS_DIR}")
    raise CorpusNotFound(f"sqllogictest corpus not found; looked in: {looked} ({hint})")


def display_name(path: Path, corpus: Path | None) -> str:
    """A script's name in reports: corpus-relative when inside the corpus."""
    resolved = path.resolve()
    for base in (corpus, Path.cwd()):
        if base is not None:
            try:
                return resolved.relative_to(base.resolve()).as_posix()
            except ValueError:
                continue
    return str(path)


def ratchet_scripts(corpus: Path) -> list[str]:
    """Corpus-relative paths of the scripts the ratchet guards, sorted."""
    names = {p.relative_to(corpus).as_posix()
             for pattern in RATCHET_PATTERNS for p in corpus.glob(pattern) if p.is_file()}
    return sorted(names)


def baseline_path() -> Path:
    return repo_root() / "compat" / "baseline.json"


def load_baseline(path: Path | None = None) -> dict[str, int]:
    """The baseline mapping (script -> passing records); a missing file is an error."""
    path = path or baseline_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, int) and v >= 0 for k, v in data.items()):
        raise ValueError(f"{path}: expected a JSON object of script path -> passing count")
    return data


def write_baseline(counts: dict[str, int], path: Path | None = None) -> Path:
    """Write the baseline sorted by script, one entry per line."""
    path = path or baseline_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n", encoding="utf-8")
    return path
