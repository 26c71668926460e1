"""Where the tests find the repository's files, wherever in tests/ they live."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OPENAPI = ROOT / "openapi" / "openapi.json"
DATA = ROOT / "tests" / "data"
"""Files the tests read (third-party exports), beside the golden plans."""
