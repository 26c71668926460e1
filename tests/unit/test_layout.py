"""The layout rule of DESIGN section 7: imports run service -> optimizer -> catalog only."""

from __future__ import annotations

import ast

import pytest

from tests.paths import ROOT

FORBIDDEN = {"catalog": {"optimizer", "service"}, "optimizer": {"service"}}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_run_one_way(package: str) -> None:
    """No module of catalog/ imports optimizer or service; none of optimizer/ imports service;
    optimizer does no I/O through the web or the store."""
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top not in FORBIDDEN[package], f"{path.relative_to(ROOT)} imports {name}"
                assert top not in {"litestar", "sqlite3", "httpx"}, (
                    f"{path.relative_to(ROOT)} imports {name}"
                )
