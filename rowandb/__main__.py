"""``python -m rowandb``: the same shell as the ``rowandb`` command (rowandb/cli.py)."""

import sys

from rowandb.cli import main

if __name__ == "__main__":
    sys.exit(main())
