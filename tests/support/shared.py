"""Where the project's shared material (cases, contract, reference) lies: `shared/` beside the clone, as on
the developers' machines and in CI; AZS_SHARED overrides it."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("AZS_SHARED", REPO.parent / "shared"))
CASES = SHARED / "cases"
SEED_CASES = CASES / "seed"
CONFORMANCE_CASES = CASES / "ps-conformance.jsonl"
CONTRACT = SHARED / "contract"
