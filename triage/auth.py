"""Reviewer accounts: scrypt password hashes and credential rules."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.store import Store


SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
HASH_BYTES = 32
SALT_BYTES = 16
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024

# Bounds for parameters read back from the store, so a corrupted row cannot ask for gigabytes.
_MAX_N = 2**17
_MAX_R = 16
_MAX_P = 4

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$")


class CredentialError(ValueError):
    """A username or password that breaks the account rules."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=256 * r * n + 1024 * 1024
    )


def hash_password(password: str) -> str:
    """Encode as `scrypt$n$r$p$salt$hash` (salt and hash unpadded urlsafe base64)."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Constant-time check; a malformed encoding verifies nothing rather than raising."""
    try:
        scheme, n_s, r_s, p_s, salt_s, hash_s = encoded.split("$")
        n, r, p = int(n_s), int(r_s), int(p_s)
        salt, expected = _unb64(salt_s), _unb64(hash_s)
    except ValueError:
        return False
    if scheme != "scrypt" or not (1 < n <= _MAX_N and 0 < r <= _MAX_R and 0 < p <= _MAX_P) or not expected:
        return False
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    actual = _scrypt(password, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)


# Verified against when the username is unknown, so a failed login takes as long either way.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def validate_username(username: str) -> str:
    if not USERNAME_RE.match(username):
        raise CredentialError(
            "username must be 3-64 characters: letters, digits and . _ @ - (starting with a letter or digit)"
        )
    return username


def validate_password(password: str, username: str | None = None) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise CredentialError(f"password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise CredentialError(f"password must have at most {MAX_PASSWORD_CHARS} characters")
    if not password.strip():
        raise CredentialError("password must not be only whitespace")
    if username is not None and password.casefold() == username.casefold():
        raise CredentialError("password must differ from the username")
    return password


def add_reviewer(store: Store, username: str, password: str, role: str | None = None) -> None:
    """Create an account (role reviewer unless given), or set a new password (and the role, if given) for an
    existing one; a new password ends the account's sessions."""
    validate_username(username)
    validate_password(password, username)
    store.add_reviewer(username, hash_password(password), role)


class LoginOutcome(Enum):
    OK = "ok"
    UNKNOWN_USER = "unknown_user"
    BAD_PASSWORD = "bad_password"


def check_login(store: Store, username: str, password: str) -> LoginOutcome:
    """Verify credentials; takes about as long for an unknown user as for a wrong password. A disabled
    account is treated as unknown."""
    encoded = store.reviewer_password_hash(username) if USERNAME_RE.match(username) else None
    if encoded is None:
        verify_password(password, _DUMMY_HASH)
        return LoginOutcome.UNKNOWN_USER
    return LoginOutcome.OK if verify_password(password, encoded) else LoginOutcome.BAD_PASSWORD


def authenticate(store: Store, username: str, password: str) -> bool:
    return check_login(store, username, password) is LoginOutcome.OK
