"""Settings from the environment: where the store lives and who may write."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """`TOKENPLAN_DB` (SQLite file, default ./tokenplan.db), `TOKENPLAN_API_KEYS` (comma
    separated; when set, writes need one), `TOKENPLAN_PROTECT_READS` (1: reads need one too),
    `TOKENPLAN_SOLVERS` (solves at once; default the number of cores)."""

    db_path: str = "tokenplan.db"
    api_keys: frozenset[str] = field(default_factory=frozenset)
    protect_reads: bool = False
    solvers: int = 0

    @classmethod
    def from_env(cls) -> Settings:
        keys = os.environ.get("TOKENPLAN_API_KEYS", "")
        return cls(
            db_path=os.environ.get("TOKENPLAN_DB", "tokenplan.db"),
            api_keys=frozenset(k.strip() for k in keys.split(",") if k.strip()),
            protect_reads=os.environ.get("TOKENPLAN_PROTECT_READS", "") in ("1", "true", "yes"),
            solvers=int(os.environ.get("TOKENPLAN_SOLVERS", "0") or 0),
        )

    @property
    def solver_slots(self) -> int:
        return self.solvers or max(1, os.cpu_count() or 1)
