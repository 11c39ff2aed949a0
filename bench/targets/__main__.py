"""``python -m bench.targets``: the targets table (see the package docstring)."""

import sys

from . import main

sys.exit(main())
