"""What a solve's child process pays before it solves: it imports the parent's main module
(multiprocessing's forkserver does so for every child), which under `tokenplan serve` and
`tokenplan worker` is service/cli.py."""

from __future__ import annotations

import importlib
import subprocess
import sys
from multiprocessing.connection import Connection

from service import solve_process

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


def _modules_at_start(conn: Connection) -> None:
    """A child's target: the service's modules loaded when it starts (this test module, which
    imports no entry point, and its parent's main module, pytest's, included)."""
    conn.send(sorted(m for m in sys.modules if m.startswith("service")))
    conn.close()


def test_a_solve_child_starts_with_the_entry_point_loaded_by_its_forkserver() -> None:
    """The forkserver the solves fork from has imported service.cli (the main module of
    `tokenplan serve` and `tokenplan worker`) and service.solve_process (its job decoder
    built): each child ran service.cli's imports (0.07 CPU s) and built its decoder (0.01-0.03
    s) itself before, 0.08 s of each plan's 0.52 s on its solver slot (session 23). Here the
    parent's main module is pytest's, which imports neither: the child has them only from its
    forkserver."""
    receive, send = solve_process.CONTEXT.Pipe(duplex=False)
    child = solve_process.CONTEXT.Process(target=_modules_at_start, args=(send,), daemon=True)
    child.start()
    send.close()
    try:
        loaded = receive.recv()
    finally:
        child.join(60)
        receive.close()
    assert "service.cli" in loaded
    assert "service.cli_plan" in loaded  # its imports, not just its name
    assert "service.solve_process" in loaded


def test_every_module_the_forkserver_preloads_imports() -> None:
    """The forkserver skips a preloaded module that fails to import, without a word: a name
    renamed away would silently bring each child's imports back."""
    for name in solve_process.PRELOAD:
        importlib.import_module(name)
