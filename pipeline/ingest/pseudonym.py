"""Keyed pseudonyms: link one person's rows across files without keeping who they are.

The link key (NIP or email) is normalised, then replaced by HMAC-SHA256 under a
per-installation secret kept outside the repository, so a pseudonym cannot be
recomputed from a NIP without the secret. Pseudonyms are never published.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

import pandas as pd

SECRET_ENV = "RAPOR_SECRET_FILE"


def secret_path() -> Path:
    """Where the secret lives: $RAPOR_SECRET_FILE, else the user's configuration folder."""
    if os.environ.get(SECRET_ENV):
        return Path(os.environ[SECRET_ENV])
    if os.name == "nt" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "rapor" / "secret"


@lru_cache(maxsize=4)
def _load_secret(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        if os.name != "nt":
            path.chmod(0o600)
    return bytes.fromhex(path.read_text(encoding="utf-8").strip())


def normalise_link_key(values: pd.Series) -> pd.Series:
    """Digits only for NIP-like keys, lower case for emails; '' when nothing is left."""
    text = values.fillna("").astype(str).str.strip()
    is_email = text.str.contains("@", regex=False)
    return text.str.lower().where(is_email, text.str.replace(r"\D", "", regex=True))


def pseudonymise(values: pd.Series) -> pd.Series:
    """Replace normalised link keys by hex HMAC-SHA256 pseudonyms (NA where the key is empty)."""
    key = _load_secret(secret_path())
    normalised = normalise_link_key(values)
    unique = normalised[normalised != ""].unique()
    table = {v: hmac.new(key, v.encode("utf-8"), hashlib.sha256).hexdigest() for v in unique}
    return normalised.map(table).astype("string")
