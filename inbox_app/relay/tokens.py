"""Agents' tokens and webhook secrets: random, URL-safe, compared without leaking timing.

Why SHA-256 and not a password hash (bcrypt, scrypt): a token is 32 random bytes (256 bits),
so no dictionary or brute force can find it from its hash; slow hashes exist to protect
low-entropy passwords. A fast hash lets every request be checked with one indexed lookup,
and a stolen database still yields no usable token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_token", "new_secret", "new_token", "same_secret"]

TOKEN_BYTES = 32


def new_token() -> str:
    """An agent's bearer token (43 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_secret() -> str:
    """A webhook path secret: the platforms cannot sign their calls, so the URL is the key."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison (no oracle on how many leading characters matched)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
