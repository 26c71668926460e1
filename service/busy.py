"""The one refusal the solve queue raises itself, kept apart from service.errors (which maps
every error to a problem through Litestar) so that `tokenplan worker`, which never answers
HTTP, does not import the web framework to start."""

from __future__ import annotations

from catalog.errors import TokenplanError

__all__ = ["Busy"]


class Busy(TokenplanError):
    """The solve queue, or this key's share of it, is full (503 with Retry-After)."""

    title = "Service unavailable"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s
