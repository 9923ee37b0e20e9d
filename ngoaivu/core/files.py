"""Checks every upload goes through, whichever record it is attached to (requests, agreements…)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from ngoaivu.core.text import clean_text, fold

CLASSIFIED_WORDS = ("mat", "toi mat", "tuyet mat")


def upload_name(name: str | None) -> str:
    """The file's own name, NFC, without any folder a browser or a crafted request put before it (Windows
    backslashes included): a name never chooses where the file is stored."""
    name = clean_text(name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "tep" if name in {"", ".", ".."} else name


def extension_allowed(name: str) -> bool:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext in settings.NGOAIVU_UPLOAD_EXTENSIONS


def too_large(upload: UploadedFile) -> bool:
    return (upload.size or 0) > settings.NGOAIVU_UPLOAD_MAX_BYTES


def looks_classified(name: str) -> bool:
    """A file name marked Mật / Tối mật / Tuyệt mật (DOMAIN.md §2: unclassified material only)."""
    words = f" {fold(name.replace('_', ' ').replace('-', ' ').rsplit('.', 1)[0])} "
    return any(f" {w} " in words for w in CLASSIFIED_WORDS)


def sha256_of(upload: UploadedFile) -> str:
    """The upload's SHA-256, read in chunks; the file is rewound for storing."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
