"""`service.app.wire`: a built app given its store and settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.app import built_app, wire
from service.config import Settings


def test_an_app_is_wired_only_with_the_body_limit_it_was_built_for(tmp_path: Path) -> None:
    """`wire` refuses settings whose body limit differs from the built app's (it is fixed at
    build), rather than serving with a limit nobody asked for; the same limit wires."""
    app = built_app(2000)
    db_path = str(tmp_path / "tokenplan.db")
    with pytest.raises(ValueError, match="2000-byte bodies"):
        wire(app, Settings(db_path=db_path, max_body_bytes=3000))
    wired = wire(app, Settings(db_path=db_path, max_body_bytes=2000))
    assert wired.state.settings.max_body_bytes == 2000
    wired.state.store.close()
