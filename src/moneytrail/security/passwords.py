"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from moneytrail.errors import MoneytrailError

MIN_LENGTH = 12
COMMON = frozenset(
    {
        "password1234",
        "123456789012",
        "qwertyuiopas",
        "letmein12345",
        "moneytrail123",
        "administrator",
        "passwordpassword",
        "welcome12345",
        "changeme1234",
        "iloveyou1234",
    }
)


def _hasher() -> PasswordHasher:
    # MONEYTRAIL_ARGON2=fast is for test suites only: a low cost, so that many logins run quickly
    if os.environ.get("MONEYTRAIL_ARGON2") == "fast":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile (t=3, m=64 MiB, p=4)


HASHER = _hasher()
# verified against when the user does not exist, so that the time taken does not tell who exists
DUMMY_HASH = HASHER.hash("not-a-real-password-" + os.urandom(8).hex())


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def check_policy(password: str, username: str = "") -> None:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters")
    if username and username.lower() in password.lower():
        problems.append("not containing the username")
    if password.lower() in COMMON or len(set(password)) < 5:
        problems.append("not a common or repetitive password")
    if problems:
        raise MoneytrailError(
            "the password must be " + ", ".join(problems),
            hint="a passphrase of four or more words is easy to remember and hard to guess",
        )
