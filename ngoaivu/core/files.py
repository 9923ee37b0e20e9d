"""Checks every upload goes through, whichever record it is attached to (requests, agreements…), and the
one way to store it: `store()` inside `atomic()`, so a write that fails leaves no file behind."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from ngoaivu.core.parsing import ParseRefused, check_stored_file
from ngoaivu.core.text import clean_text, fold

logger = logging.getLogger(__name__)

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


# Files stored by the open `atomic()` blocks, innermost last.
_stored: ContextVar[tuple[list[tuple[Storage, str]], ...]] = ContextVar("ngoaivu_stored_files", default=())


@contextmanager
def atomic(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic()` for a write that stores files: if the block ends with an exception, the files
    `store()` wrote inside it are deleted, so a refused attachment leaves neither the record nor earlier files
    (Django has no on_rollback hook). A block nested in another `atomic()` hands its files to the outer one,
    which may still fail. Only an enclosing plain `transaction.atomic()` that rolls back after this block
    succeeded leaves files behind: services open this one at their boundary."""
    frame: list[tuple[Storage, str]] = []
    outer = _stored.get()
    token = _stored.set((*outer, frame))
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        _remove(frame)
        raise
    else:
        if outer:
            outer[-1].extend(frame)
    finally:
        _stored.reset(token)


def store(field: FieldFile, name: str, content: File) -> str:  # type: ignore[type-arg]
    """Save `content` into a model's file field (the row is saved by the caller) and remember it, so the
    enclosing `atomic()` deletes it if the write fails. Returns the name the storage chose."""
    field.save(name, content, save=False)
    stored = str(field.name)
    frames = _stored.get()
    if frames:
        frames[-1].append((field.storage, stored))
    return stored


def _remove(frame: list[tuple[Storage, str]]) -> None:
    for storage, name in reversed(frame):
        try:
            storage.delete(name)
        except Exception:  # the rollback goes on; the orphan is logged for the administrator
            logger.exception("could not delete %s after a failed write", name)


def content_problem(upload: UploadedFile, name: str) -> str | None:
    """What is wrong with the upload's bytes for its name, or None: a program named .pdf, an Office file over
    the zip budget, an image declaring more pixels than allowed (`core.parsing.check_stored_file`)."""
    try:
        check_stored_file(upload, name)
    except ParseRefused as exc:
        return str(exc)
    return None
