"""Settings, read from the environment once per process (and overridable in tests).

| variable | default | meaning |
|---|---|---|
| ``MONEYTRAIL_HOME`` | ``./.moneytrail`` | where the store lives (database file, transactions, models) |
| ``MONEYTRAIL_DATABASE_URL`` | SQLite file under the home | SQLAlchemy URL of the workflow database |
| ``MONEYTRAIL_BASE_CURRENCY`` | ``EUR`` | currency of ``amount_base`` and of every total |
| ``MONEYTRAIL_COUNTRY`` | ``MT`` | the FIU's own country (ISO 3166 alpha-2): domestic vs foreign |
| ``MONEYTRAIL_MAX_INGEST_BYTES`` | 64 GiB | largest file ``ingest`` accepts |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

GiB = 1 << 30


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    base_currency: str = "EUR"
    country: str = "MT"
    max_ingest_bytes: int = 64 * GiB
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def transactions_dir(self) -> Path:
        return self.home / "transactions"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def documents_dir(self) -> Path:
        return self.home / "documents"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def with_home(self, home: Path) -> Settings:
        """The same settings for another home; a default SQLite URL follows the home."""
        url = self.database_url
        if url == sqlite_url(self.home):
            url = sqlite_url(home)
        return replace(self, home=home, database_url=url)


def sqlite_url(home: Path) -> str:
    return f"sqlite:///{(home / 'moneytrail.db').resolve()}"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    e = dict(os.environ if env is None else env)
    home = Path(e.get("MONEYTRAIL_HOME") or ".moneytrail").resolve()
    url = e.get("MONEYTRAIL_DATABASE_URL") or sqlite_url(home)
    base = (e.get("MONEYTRAIL_BASE_CURRENCY") or "EUR").upper()
    max_bytes = int(e.get("MONEYTRAIL_MAX_INGEST_BYTES") or 64 * GiB)
    country = (e.get("MONEYTRAIL_COUNTRY") or "MT").upper()
    return Settings(
        home=home, database_url=url, base_currency=base, country=country, max_ingest_bytes=max_bytes
    )
