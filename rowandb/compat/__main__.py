"""``python -m rowandb.compat run|baseline ...``: the same command as ``rowandb compat``."""

import sys

from .cli import main

sys.exit(main(sys.argv[1:]))
