"""Secrets at rest: Fernet with the ENCRYPTION_KEY setting."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret cannot be decrypted with the current ENCRYPTION_KEY."""


def _fernet() -> Fernet:
    return Fernet(settings.ENCRYPTION_KEY.encode())


def secret_encrypt(plain: str) -> str:
    """Encrypt ``plain`` for storage."""
    return _fernet().encrypt(plain.encode()).decode()


def secret_decrypt(token: str) -> str:
    """Decrypt a stored secret; raise SecretUnreadable when the key changed or it was altered."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "The stored secret cannot be read with the current ENCRYPTION_KEY; enter it again."
        ) from None
