"""Encryption at rest for personal data fields (passport numbers, birth dates: ARCHITECTURE §3).

`NGOAIVU_FIELD_KEYS` holds one or more secrets separated by commas: the first encrypts, all decrypt, so a key
is rotated by putting the new one first. Each secret is stretched to a Fernet key with SHA-256, so any long
random string will do."""

from __future__ import annotations

import base64
import functools
import hashlib
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


@functools.cache
def _fernet(keys: str) -> MultiFernet:
    secrets = [k.strip() for k in keys.split(",") if k.strip()]
    if not secrets:
        raise ImproperlyConfigured("NGOAIVU_FIELD_KEYS is empty: personal data cannot be encrypted.")
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(s.encode()).digest())) for s in secrets]
    )


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return PREFIX + _fernet(settings.NGOAIVU_FIELD_KEYS).encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return _fernet(settings.NGOAIVU_FIELD_KEYS).decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted field cannot be read with NGOAIVU_FIELD_KEYS: was a key removed?"
        ) from exc


class EncryptedTextField(models.TextField[str, str]):
    """A text column holding ciphertext; Python sees the clear text. Not searchable or sortable by design."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        return decrypt(value) if value is not None else ""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(str(value)) if value else ""

    def value_to_string(self, obj: Any) -> str:
        """Serialised (backups, fixtures) as ciphertext: a dump never holds the clear text."""
        value = self.value_from_object(obj)
        return encrypt(str(value)) if value else ""

    def to_python(self, value: Any) -> Any:
        """Deserialising reads the ciphertext back to clear text (saving encrypts it again)."""
        value = super().to_python(value)
        return decrypt(value) if isinstance(value, str) else value
