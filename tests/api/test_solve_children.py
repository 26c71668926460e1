"""What a solve's child process pays before it solves: it imports the parent's main module
(multiprocessing's forkserver does so for every child), which under `tokenplan serve` and
`tokenplan worker` is service/cli.py."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("service.reports", "weasyprint", "matplotlib", "litestar")


def _loaded(module: str, prefixes: tuple[str, ...]) -> str:
    """The top-level names of the modules starting with `prefixes` that importing `module`
    loads, in a fresh interpreter."""
    code = (
        f"import sys, {module}; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules if m.startswith({prefixes!r})}}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return run.stdout.strip()


def test_the_command_s_module_loads_no_renderer_and_no_web_framework() -> None:
    """Importing service.cli loads none of the report renderers (WeasyPrint, matplotlib) nor
    Litestar: each solve's child imported them, about a second a plan, when it did."""
    assert _loaded("service.cli", HEAVY) == "[]"


def test_a_worker_process_loads_no_web_framework() -> None:
    """Importing service.worker (what `tokenplan worker` runs) loads no Litestar: the queue
    took its 503 error from service.errors, and each worker paid half a second of CPU to
    start for it."""
    assert _loaded("service.worker", HEAVY) == "[]"
