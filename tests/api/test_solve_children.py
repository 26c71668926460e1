"""What a solve's child process pays before it solves: it imports the parent's main module
(multiprocessing's forkserver does so for every child), which under `tokenplan serve` and
`tokenplan worker` is service/cli.py."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("service.reports", "weasyprint", "matplotlib", "litestar")


def test_the_command_s_module_loads_no_renderer_and_no_web_framework() -> None:
    """Importing service.cli loads none of the report renderers (WeasyPrint, matplotlib) nor
    Litestar: each solve's child imported them, about a second a plan, when it did."""
    code = (
        "import sys, service.cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules if m.startswith({HEAVY!r})}}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]", loaded
