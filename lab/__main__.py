"""`python -m azslab ...`: the same commands as `azs lab ...`."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
