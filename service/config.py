"""Settings from the environment: where the store lives, who may write, and how much work the
service takes on at once."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

__all__ = ["Settings"]


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "") or default)


def _seconds(name: str, default: float) -> float:
    """A duration setting: a finite number of seconds above 0 (probe 14c: TOKENPLAN_HEAD_S 0,
    -1 or nan started the server, whose requests then met a deadline already passed).

    Raises:
        ValueError: naming the setting and what it was given.
    """
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        msg = f"{name} must be a number of seconds above 0, not {raw!r}"
        raise ValueError(msg)
    return value


def _flag(name: str) -> bool:
    return os.environ.get(name, "") in ("1", "true", "yes")


@dataclass(frozen=True)
class Settings:
    """`TOKENPLAN_DB` (SQLite file, default ./tokenplan.db), `TOKENPLAN_DATABASE_URL`
    (`postgresql://...`: the store is PostgreSQL instead), `TOKENPLAN_API_KEYS` (comma
    separated; when set, writes need one), `TOKENPLAN_PROTECT_READS` (1: reads need one too),
    `TOKENPLAN_SOLVERS` (solves at once; default the number of cores), `TOKENPLAN_QUEUE`
    (plans queued or solving at once, default 16 per solver; more is a 503),
    `TOKENPLAN_PER_CLIENT` (of those, per API key or client address; default 8 per solver),
    `TOKENPLAN_MAX_BODY_BYTES` (default 4 MiB; more is a 413), `TOKENPLAN_BODY_IDLE_S` and
    `TOKENPLAN_BODY_TOTAL_S` (a body whose next chunk is later than the first, default 20, or
    that is not all in within the second, default 120, is a 408), `TOKENPLAN_HEAD_S` (a
    request's head not all in within it, default 20, is a 408),
    `TOKENPLAN_CONNECTIONS_PER_CLIENT` (connections one address may hold, default 256, 0: no
    cap), `TOKENPLAN_DRAIN_S` (how long
    a stopping server lets running solves finish, default 30), `TOKENPLAN_SOLVE_MEMORY_MB`
    (address-space cap of one solve process, 0 = none), `TOKENPLAN_WORKER_STALLED_S` (how long a
    `tokenplan worker` may go silent before its jobs are retried, default 8),
    `TOKENPLAN_WEBHOOK_ALLOW_INTERNAL` (1:
    webhooks may go to loopback, private and link-local addresses), `TOKENPLAN_SECRET_KEY` (seals
    webhook secrets in the store)."""

    db_path: str = "tokenplan.db"
    database_url: str = ""
    queue_workers: int = 0
    webhook_backoff_s: float = 1.0
    """The first wait before a webhook delivery is retried (then doubled each time)."""
    webhook_allow_internal: bool = False
    secret_key: str = ""
    """Seals webhook secrets in the store (a Fernet key; see service/secret_box.py)."""
    """Webhooks may go to internal addresses (loopback, private, link-local): off, so that a
    subscriber cannot make the service call its own network (SSRF)."""
    """With PostgreSQL: plans this process also solves from the queue (`serve --workers N`);
    0, the default, only enqueues."""
    api_keys: frozenset[str] = field(default_factory=frozenset)
    protect_reads: bool = False
    solvers: int = 0
    queue: int = 0
    per_client: int = 0
    max_body_bytes: int = 4 * 1024 * 1024
    drain_s: float = 30.0
    solve_memory_mb: int = 0
    body_idle_s: float = 20.0
    """A request body whose next chunk is this late is refused (408: `service.body_deadline`)."""
    body_total_s: float = 120.0
    """A request body not all arrived this long after its first read is refused (408)."""
    head_s: float = 20.0
    """A request's head (line and headers) not all in this long after the connection opens,
    or after its first byte, is refused (408: `service.connection_guard`)."""
    connections_per_client: int = 256
    """Connections one client address may hold at once; more are closed as they open (0:
    no cap; behind a reverse proxy every client is the proxy's address)."""
    worker_stalled_s: float = 8.0
    """A worker silent this long is taken for dead and its running jobs are retried; workers
    say they are alive four times as often."""

    @classmethod
    def from_env(cls) -> Settings:
        keys = os.environ.get("TOKENPLAN_API_KEYS", "")
        return cls(
            db_path=os.environ.get("TOKENPLAN_DB", "tokenplan.db"),
            database_url=os.environ.get("TOKENPLAN_DATABASE_URL", ""),
            api_keys=frozenset(k.strip() for k in keys.split(",") if k.strip()),
            protect_reads=_flag("TOKENPLAN_PROTECT_READS"),
            solvers=_int("TOKENPLAN_SOLVERS", 0),
            queue=_int("TOKENPLAN_QUEUE", 0),
            per_client=_int("TOKENPLAN_PER_CLIENT", 0),
            max_body_bytes=_int("TOKENPLAN_MAX_BODY_BYTES", 4 * 1024 * 1024),
            drain_s=_seconds("TOKENPLAN_DRAIN_S", 30.0),
            solve_memory_mb=_int("TOKENPLAN_SOLVE_MEMORY_MB", 0),
            worker_stalled_s=_seconds("TOKENPLAN_WORKER_STALLED_S", 8.0),
            body_idle_s=_seconds("TOKENPLAN_BODY_IDLE_S", 20.0),
            body_total_s=_seconds("TOKENPLAN_BODY_TOTAL_S", 120.0),
            head_s=_seconds("TOKENPLAN_HEAD_S", 20.0),
            connections_per_client=_int("TOKENPLAN_CONNECTIONS_PER_CLIENT", 256),
            webhook_backoff_s=_seconds("TOKENPLAN_WEBHOOK_BACKOFF_S", 1.0),
            webhook_allow_internal=_flag("TOKENPLAN_WEBHOOK_ALLOW_INTERNAL"),
            secret_key=os.environ.get("TOKENPLAN_SECRET_KEY", ""),
        )

    @property
    def solver_slots(self) -> int:
        return self.solvers or max(1, os.cpu_count() or 1)

    @property
    def queue_limit(self) -> int:
        """Plans queued or solving at once in this server."""
        return self.queue or 16 * self.solver_slots

    @property
    def per_client_limit(self) -> int:
        """Plans queued or solving at once for one API key or client address."""
        return self.per_client or 8 * self.solver_slots
