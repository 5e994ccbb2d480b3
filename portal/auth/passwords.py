"""argon2id password hashing with RFC 9106's low-memory profile (argon2-cffi's default).

The test suite sets SOFFA_PASSWORD_HASH=test_only_cheapest so hundreds of sign-ins stay fast;
ProductionConfig.validate() refuses to start with it.
"""

from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from config import Config

PROFILES = {"rfc9106_low_memory": profiles.RFC_9106_LOW_MEMORY, "test_only_cheapest": profiles.CHEAPEST}
PROFILE = Config.PASSWORD_HASH
_hasher = PasswordHasher.from_parameters(PROFILES[PROFILE])
# Verified when the email is unknown, so a wrong address costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
