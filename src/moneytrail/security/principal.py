"""Who is asking: a logged-in user or a machine client's API key."""

from __future__ import annotations

from dataclasses import dataclass, field

from moneytrail.security.roles import Role


@dataclass(frozen=True)
class Principal:
    user_id: int | None  # None for an API key
    name: str  # username, or "key:<prefix>"
    role: Role
    institution_id: int | None = None
    agency_id: int | None = None
    country: str | None = None
    via: str = "session"  # session or apikey
    scopes: frozenset[str] | None = None  # API keys only: the permissions the key may use
    session_id: int | None = None
    mfa_ok: bool = True
    language: str = "en"
    extra: dict[str, str] = field(default_factory=dict, compare=False)
