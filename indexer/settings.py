"""Every setting in one place. Each comes from an environment variable prefixed ``MEMORIAL_``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The repository's data/ folder: dictionaries the name analysis needs and the sample dataset.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Tokens that must never guard a real staff area; the check below refuses them outside development.
_PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "staff", "password", "admin"}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MEMORIAL_", extra="ignore")

    # Where the local store and the embedded index live.
    home: Path = Path("var")
    # SQLAlchemy URL of the record store; empty means SQLite at <home>/memorial.sqlite3.
    database_url: str = ""
    # Which search engine answers: the in-process tantivy index, or a Meilisearch server.
    engine: Literal["embedded", "meilisearch"] = "embedded"
    # Meilisearch server and its keys (search-only key for queries, an indexing key for writes).
    meili_url: str = ""
    meili_key: str = ""
    meili_search_key: str = ""
    meili_index: str = "memorial_records"
    # Seconds a Meilisearch call may take before public search answers 503.
    meili_timeout: float = 5.0
    # "development" allows placeholder secrets; anything else refuses them at start-up.
    environment: Literal["development", "production"] = "development"
    # Bearer token for the staff area (records, imports, corrections).
    staff_token: str = "dev-staff-token"
    # Largest page a search may ask for, and the deepest result it may page to.
    max_limit: int = Field(default=100, ge=1)
    max_window: int = Field(default=1000, ge=10)

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment == "production":
            if self.staff_token.lower() in _PLACEHOLDER_SECRETS or self.staff_token == "dev-staff-token":
                raise ValueError("MEMORIAL_STAFF_TOKEN must be set to a real secret in production")
            if len(self.staff_token) < 16:
                raise ValueError("MEMORIAL_STAFF_TOKEN must be at least 16 characters in production")
        return self

    @property
    def default_store_path(self) -> Path:
        """The SQLite store under MEMORIAL_HOME, used when no MEMORIAL_DATABASE_URL is given."""
        return self.home / "memorial.sqlite3"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.default_store_path.resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
