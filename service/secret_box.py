"""Webhook signing secrets sealed at rest.

Standard Webhooks signs each delivery with HMAC-SHA256 keyed by the subscription's secret, so
the service must read the secret back: a one-way hash, as for passwords, could not sign. What
it can do is store it encrypted under a key the database does not hold: with
`TOKENPLAN_SECRET_KEY` set (a Fernet key, 32 url-safe base64 bytes: AES-128-CBC with an
HMAC-SHA256 tag), a secret is stored as `sealed:v1:<token>`, and a dump or backup of the
database alone does not reveal it. Without the key secrets are stored as before, and the service
warns at start-up. Secrets stored plainly before the key was set still sign.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

__all__ = ["SEALED", "SecretBox", "SecretUnreadable"]

SEALED = "sealed:v1:"
MAKE_KEY = (
    "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


class SecretUnreadable(Exception):
    """A sealed secret that this server cannot open (no key, or another key)."""


class SecretBox:
    """Seals and opens secrets with the key in the settings (none: they pass unchanged).

    Raises:
        ValueError: naming TOKENPLAN_SECRET_KEY and how to make one, for a malformed key.
    """

    def __init__(self, key: str) -> None:
        try:
            self._fernet = Fernet(key.encode()) if key else None
        except ValueError as exc:
            message = (
                "TOKENPLAN_SECRET_KEY must be 32 url-safe base64-encoded bytes; make one with "
                + MAKE_KEY
            )
            raise ValueError(message) from exc

    @property
    def sealing(self) -> bool:
        return self._fernet is not None

    def seal(self, secret: str) -> str:
        """The secret as stored: sealed when there is a key."""
        if self._fernet is None or secret.startswith(SEALED):
            return secret
        return SEALED + self._fernet.encrypt(secret.encode()).decode()

    def open(self, stored: str) -> str:
        """The secret itself.

        Raises:
            SecretUnreadable: it is sealed and this server has no key, or another one.
        """
        if not stored.startswith(SEALED):
            return stored
        if self._fernet is None:
            raise SecretUnreadable("sealed, and TOKENPLAN_SECRET_KEY is not set")
        try:
            return self._fernet.decrypt(stored[len(SEALED) :].encode()).decode()
        except InvalidToken as exc:
            raise SecretUnreadable("sealed under another TOKENPLAN_SECRET_KEY") from exc
