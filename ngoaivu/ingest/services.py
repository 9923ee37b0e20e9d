"""Writing the document library: create (upload or pasted text), new versions, links, entity decisions,
and batch ingestion of files and folders (each file all-or-nothing, one bad file never stops the rest).

Reading a file and finding its entities take seconds on a long text, so they run before the transaction
opens (`_parse`); the transaction holds only the writes, and the file stored in it is deleted if it fails
(`files.atomic`). On SQLite a long transaction holds the database's one write lock: sign-ins and the
worker waited behind an upload until they failed with "database is locked"."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import clean_text, fold_terms, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, Province
from ngoaivu.ingest import entities as ner
from ngoaivu.ingest import selectors
from ngoaivu.ingest.models import Document, DocumentEntity, DocumentVersion
from ngoaivu.ingest.textract import ExtractError, extract_text

LINK_FIELDS = ("provinces", "countries", "partners", "agreements", "requests", "delegations")
REDACT: frozenset[str] = frozenset({"text"})


@dataclass
class DocumentInput:
    title: str = ""
    kind: str = Document.Kind.NEWS
    source: str = ""
    published_on: dt.date | None = None
    number: str = ""
    issuer: str = ""
    summary: str = ""
    visibility: str = Document.Visibility.SHARED
    text: str = ""
    provinces: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    partners: tuple[int, ...] = ()
    agreements: tuple[int, ...] = ()
    requests: tuple[int, ...] = ()
    delegations: tuple[int, ...] = ()


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass(frozen=True)
class Parsed:
    """What the slow part of an upload produces, outside any transaction."""

    text: str
    format: str
    encoding: str
    key: str
    entities: list[ner.Entity]


def text_key(text: str) -> str:
    """Two texts are the same document when their words match after folding (case, diacritics, spacing and
    punctuation ignored): an exact or near duplicate."""
    return hashlib.sha256(" ".join(fold_terms(text)).encode()).hexdigest()


def _invalid(field_name: str, message: str) -> ServiceError:
    return ServiceError(message, {field_name: [message]})


def _too_long(field_name: str, length: int) -> ServiceError:
    limit = settings.NGOAIVU_DOCUMENT_MAX_CHARS
    return TextTooLong(
        field_name,
        _("Trường “%(f)s” dài %(n)s ký tự; tối đa %(m)s ký tự. Hãy chia văn bản thành nhiều tài liệu.")
        % {"f": field_name, "n": f"{length:,}".replace(",", "."), "m": f"{limit:,}".replace(",", ".")},
    )


class TextTooLong(ServiceError):
    """More text than `NGOAIVU_DOCUMENT_MAX_CHARS` (the API answers 413)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message, {field_name: [message]})


def _read(upload: Upload | None, pasted: str) -> tuple[str, str, str]:
    """(text, format, encoding) from the upload, or from pasted text; no longer than the setting allows."""
    if upload is None:
        if len(pasted) > settings.NGOAIVU_DOCUMENT_MAX_CHARS:  # before cleaning a huge string
            raise _too_long("text", len(pasted))
        text = clean_text(pasted)
        if not text:
            raise _invalid("text", _("Tải lên một tệp hoặc dán nội dung văn bản."))
        return text, "text", ""
    name = files.upload_name(upload.name)[:200]
    if files.looks_classified(name):
        raise _invalid("file", _("Không tải lên tài liệu mật (Mật, Tối mật, Tuyệt mật)."))
    try:
        extracted = extract_text(upload.data, name, max_bytes=settings.NGOAIVU_UPLOAD_MAX_BYTES)
    except ExtractError as exc:
        raise _invalid("file", f"{name}: {exc}") from exc
    if len(extracted.text) > settings.NGOAIVU_DOCUMENT_MAX_CHARS:
        raise _too_long("file", len(extracted.text))
    return extracted.text, extracted.format, extracted.encoding


def _parse(upload: Upload | None, pasted: str, *, on: dt.date | None, gazetteer: ner.Gazetteer) -> Parsed:
    """The slow part of an upload: the file's text and its entities. Never inside a transaction."""
    text, fmt, encoding = _read(upload, pasted)
    return Parsed(text, fmt, encoding, text_key(text), ner.extract(text, on=on, gazetteer=gazetteer))


def _validated_links(actor: User, data: DocumentInput) -> dict[str, list[Any]]:
    """Every linked id must be a record the actor may see; codes must exist."""
    links: dict[str, list[Any]] = {}
    # a code with a NUL byte matches nothing and PostgreSQL refuses it in a query: refuse it as unknown first
    if any("\x00" in code for code in data.provinces):
        raise _invalid("provinces", _("Có mã tỉnh không có trong danh mục."))
    if any("\x00" in code for code in data.countries):
        raise _invalid("countries", _("Có mã quốc gia không có trong danh mục."))
    provinces = list(Province.objects.filter(code__in=set(data.provinces)))
    if len(provinces) != len(set(data.provinces)):
        raise _invalid("provinces", _("Có mã tỉnh không có trong danh mục."))
    links["provinces"] = provinces
    countries = list(Country.objects.filter(iso2__in={c.upper() for c in data.countries}))
    if len(countries) != len({c.upper() for c in data.countries}):
        raise _invalid("countries", _("Có mã quốc gia không có trong danh mục."))
    links["countries"] = countries
    for name in ("partners", "agreements", "requests", "delegations"):
        ids = set(getattr(data, name))
        found = list(selectors.linkable(actor, name).filter(pk__in=ids)) if ids else []
        if len(found) != len(ids):
            raise _invalid(name, _("Có bản ghi liên kết không tồn tại hoặc bạn không được xem."))
        links[name] = found
    return links


def title_from(text: str, limit: int = 160) -> str:
    """The first line, or its first sentence when it is long, cut at a word: a title for pasted text."""
    first = clean_text(next((line for line in text.split("\n") if line.strip()), ""))
    if len(first) > limit:
        sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
        first = sentence if len(sentence) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"
    return first


def _metadata(data: DocumentInput, text: str) -> dict[str, Any]:
    title = clean_text(data.title)[:500]
    if not title:
        title = title_from(text)
    if not title:
        raise _invalid("title", _("Nhập tiêu đề."))
    if data.kind not in Document.Kind.values:
        raise _invalid("kind", _("Loại tài liệu không hợp lệ."))
    if data.visibility not in Document.Visibility.values:
        raise _invalid("visibility", _("Phạm vi không hợp lệ."))
    if data.published_on and data.published_on > timezone.localdate() + dt.timedelta(days=1):
        raise _invalid("published_on", _("Ngày đăng không thể ở tương lai."))
    return {
        "search_text": search_key(title, data.summary, data.source, data.number, data.issuer),
        "title": title,
        "kind": data.kind,
        "source": clean_text(data.source)[:500],
        "published_on": data.published_on,
        "number": clean_text(data.number)[:100],
        "issuer": clean_text(data.issuer)[:300],
        "summary": clean_text(data.summary)[:5000],
        "visibility": data.visibility,
    }


class DuplicateDocument(ServiceError):
    def __init__(self, existing: Document | None) -> None:
        detail = (
            _("Đã có tài liệu cùng nội dung: “%(t)s” (#%(n)d).") % {"t": existing.title, "n": existing.pk}
            if existing is not None
            else _("Đã có tài liệu cùng nội dung trong thư viện.")
        )
        super().__init__(detail, {"text": [detail]})
        self.existing = existing


def _check_duplicate(actor: User, key: str, exclude: int | None = None) -> None:
    """Refused only against documents the actor may read: another organisation's private document with the
    same text is not a duplicate for them (saying so would tell them it exists); both are kept."""
    duplicate = Document.objects.visible_to(actor).filter(text_key=key)
    if exclude is not None:
        duplicate = duplicate.exclude(pk=exclude)
    found = duplicate.order_by("pk").first()
    if found is not None:
        raise DuplicateDocument(found)


def document_create(
    *, actor: User, data: DocumentInput, upload: Upload | None = None, gazetteer: ner.Gazetteer | None = None
) -> Document:
    """Read and analyse first, then write in one short transaction (module docstring)."""
    scope = actor.scope
    if not scope.can_write or scope.org_id is None:
        raise Forbidden()
    g = gazetteer or selectors.gazetteer_for(actor)
    parsed = _parse(upload, data.text, on=data.published_on, gazetteer=g)
    return _create(actor, data, upload, parsed, g)


def _create(
    actor: User, data: DocumentInput, upload: Upload | None, parsed: Parsed, gazetteer: ner.Gazetteer
) -> Document:
    if not actor.scope.can_write or actor.scope.org_id is None:
        raise Forbidden()
    metadata = _metadata(data, parsed.text)
    with files.atomic():
        _check_duplicate(actor, parsed.key)
        links = _validated_links(actor, data)
        document = Document(
            owner_org_id=actor.scope.org_id,
            created_by=actor,
            updated_by=actor,
            text=parsed.text,
            text_key=parsed.key,
            **metadata,
        )
        save_versioned(document, None)
        for name, rows in links.items():
            getattr(document, name).set(rows)
        _add_version(document, actor, parsed, upload)
        _store_entities(document, actor, parsed.entities, gazetteer)
        audit.record(
            actor=actor,
            action="document.create",
            target=document,
            after=audit.snapshot(document, redact=REDACT),
        )
    return document


@transaction.atomic
def document_update(
    *, actor: User, document_id: int, data: DocumentInput, expected_version: int | None
) -> Document:
    document = get_for_action(Document, actor, Action.CHANGE, pk=document_id)
    before = audit.snapshot(document, redact=REDACT)
    links = _validated_links(actor, data)
    for name, value in _metadata(data, document.text).items():
        setattr(document, name, value)
    document.updated_by = actor
    save_versioned(document, expected_version)
    for name, rows in links.items():
        getattr(document, name).set(rows)
    audit.record(
        actor=actor,
        action="document.update",
        target=document,
        before=before,
        after=audit.snapshot(document, redact=REDACT),
    )
    return document


def document_add_version(
    *, actor: User, document_id: int, upload: Upload | None, text: str = "", expected_version: int | None
) -> DocumentVersion:
    """A new text for the document (a corrected file or paste); earlier versions stay downloadable and the
    entities are found again (decisions on the same names are kept). Read and analysed before the
    transaction, like a new document; a concurrent edit still fails on the version."""
    current = get_for_action(Document, actor, Action.CHANGE, pk=document_id)  # 404/403 before any parsing
    g = selectors.gazetteer_for(actor)
    parsed = _parse(upload, text, on=current.published_on, gazetteer=g)
    with files.atomic():
        document = get_for_action(Document, actor, Action.CHANGE, pk=document_id)
        before = audit.snapshot(document, redact=REDACT)
        if parsed.key == document.text_key:
            raise _invalid("file", _("Nội dung giống hệt phiên bản hiện tại."))
        _check_duplicate(actor, parsed.key, exclude=document.pk)
        document.text, document.text_key, document.updated_by = parsed.text, parsed.key, actor
        save_versioned(document, expected_version)
        version = _add_version(document, actor, parsed, upload)
        _store_entities(document, actor, parsed.entities, g)
        audit.record(
            actor=actor,
            action="document.version",
            target=document,
            before=before,
            after={**audit.snapshot(document, redact=REDACT), "version_number": version.number},
        )
    return version


@transaction.atomic
def document_delete(*, actor: User, document_id: int, expected_version: int | None) -> None:
    document = get_for_action(Document, actor, Action.DELETE, pk=document_id)
    before = audit.snapshot(document, redact=REDACT)
    document.deleted_at = timezone.now()
    document.updated_by = actor
    save_versioned(document, expected_version)
    audit.record(actor=actor, action="document.delete", target=document, before=before, after={})


def _add_version(document: Document, actor: User, parsed: Parsed, upload: Upload | None) -> DocumentVersion:
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        format=parsed.format,
        encoding=parsed.encoding,
        text=parsed.text,
        created_by=actor,
    )
    if upload is not None:
        version.name = files.upload_name(upload.name)[:255]
        version.size = len(upload.data)
        version.sha256 = hashlib.sha256(upload.data).hexdigest()
        stored = selectors.stored_copy(sha256=version.sha256, size=version.size)
        if stored and version.file.storage.exists(stored):
            version.file.name = stored  # the same bytes are kept once, whoever uploaded them
        else:
            files.store(version.file, os.path.basename(version.name) or "document", ContentFile(upload.data))
    version.save()
    return version


def _store_entities(
    document: Document, actor: User, found: list[ner.Entity], gazetteer: ner.Gazetteer
) -> None:
    """The entities found before the transaction replace the document's; decisions on the same names stay."""
    decided = {
        (e.type, e.text): (e.status, e.decided_by_id)
        for e in document.entities.exclude(status=DocumentEntity.Status.PROPOSED)
    }
    document.entities.all().delete()
    partner_ids = selectors.partner_ids_by_name(actor, _partner_names(found, gazetteer))
    rows = []
    for e in found:
        target = _target(e, partner_ids)
        status, decided_by = decided.get((e.type, e.text[:300]), (DocumentEntity.Status.PROPOSED, None))
        rows.append(
            DocumentEntity(
                document=document,
                type=e.type,
                text=e.text[:300],
                start=e.start,
                end=e.end,
                norm=e.norm,
                target=target,
                status=status,
                decided_by_id=decided_by,
            )
        )
    DocumentEntity.objects.bulk_create(rows, batch_size=500)


def _partner_names(found: list[ner.Entity], gazetteer: ner.Gazetteer) -> list[str]:
    """Names that can be a partner's: organisations whose folded name is in the gazetteer (which holds the
    partners the actor sees), as written in the text and as written in the directory."""
    names: set[str] = set()
    for e in found:
        if e.type != "ORG":
            continue
        key = ner.name_key(e.text)
        if key in gazetteer.organisations:
            names.add(e.text)
            canonical = gazetteer.organisations[key]
            if canonical:
                names.add(canonical)
    return sorted(names)


def _target(e: ner.Entity, partner_ids: dict[str, int]) -> str:
    if e.type == "PROVINCE" and isinstance(e.norm, dict):
        return f"province:{e.norm['current_code']}"
    if e.type == "COUNTRY" and e.norm and e.norm != "VN":
        return f"country:{e.norm}"
    if e.type == "ORG":
        pk = partner_ids.get(" ".join(fold_terms(e.text)))
        return f"partner:{pk}" if pk else ""
    return ""


@transaction.atomic
def entities_decide(
    *, actor: User, document_id: int, confirm: Iterable[int], reject: Iterable[int]
) -> Document:
    """Confirming a proposed entity links the document to its target; rejecting hides the proposal (and
    removes the link if it was made this way)."""
    document = get_for_action(Document, actor, Action.CHANGE, pk=document_id)
    confirm, reject = set(confirm), set(reject)
    if confirm & reject:
        raise _invalid("entities", _("Một đề xuất không thể vừa xác nhận vừa bỏ."))
    rows = {e.pk: e for e in document.entities.filter(pk__in=confirm | reject)}
    missing = (confirm | reject) - set(rows)
    if missing:
        raise _invalid(
            "entities", _("Không có đề xuất %(ids)s trong tài liệu này.") % {"ids": sorted(missing)}
        )
    changes: dict[str, list[str]] = {"confirmed": [], "rejected": []}
    for pk, entity in rows.items():
        confirming = pk in confirm
        if confirming and not entity.target:
            raise _invalid(
                "entities", _("“%(t)s” không ứng với bản ghi nào để liên kết.") % {"t": entity.text}
            )
        same = document.entities.filter(
            Q(type=entity.type, text=entity.text)
            | (Q(target=entity.target) if entity.target else Q(pk__in=[]))
        )
        same.update(
            status=DocumentEntity.Status.CONFIRMED if confirming else DocumentEntity.Status.REJECTED,
            decided_by=actor,
        )
        if entity.target:
            _link(actor, document, entity.target, add=confirming)
        changes["confirmed" if confirming else "rejected"].append(f"{entity.type}:{entity.text}")
    document.updated_by = actor
    save_versioned(document, None)
    audit.record(actor=actor, action="document.entities", target=document, before={}, after=changes)
    return document


def _link(actor: User, document: Document, target: str, *, add: bool) -> None:
    kind, _sep, value = target.partition(":")
    if kind == "province":
        row: Any = Province.objects.filter(code=value).first()
        relation = document.provinces
    elif kind == "country":
        row = Country.objects.filter(iso2=value).first()
        relation = document.countries
    else:
        row = selectors.linkable(actor, "partners").filter(pk=int(value)).first()
        relation = document.partners
    if row is None:
        raise _invalid("entities", _("Bản ghi liên kết không còn."))
    (relation.add if add else relation.remove)(row)


# --------------------------------------------------------------------------- batch ingestion


@dataclass
class IngestResult:
    path: str
    status: str  # added, duplicate, error, would_add
    message: str = ""
    document_id: int | None = None


@dataclass
class IngestReport:
    results: list[IngestResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def files_under(paths: Iterable[str]) -> list[Path]:
    """Files given, and files in folders given (recursively, sorted); hidden files are skipped."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts)
                )
            )
        else:
            found.append(path)
    return found


def ingest_files(
    *,
    actor: User,
    paths: Iterable[str],
    kind: str = Document.Kind.NEWS,
    visibility: str = Document.Visibility.SHARED,
    dry_run: bool = False,
    progress: Callable[[int, int, IngestResult], None] | None = None,
) -> IngestReport:
    """Add each file as a document, skipping exact and near duplicates (in the library or earlier in the
    batch). Each file is its own transaction: a bad file is reported and the others go on."""
    report = IngestReport()
    items = files_under(paths)
    gazetteer = selectors.gazetteer_for(actor)
    seen: dict[str, str] = {}
    for i, path in enumerate(items, start=1):
        result = _ingest_one(actor, path, kind, visibility, dry_run, gazetteer, seen)
        report.results.append(result)
        if progress:
            progress(i, len(items), result)
    return report


def ingest_uploads(
    *,
    actor: User,
    uploads: list[Upload],
    kind: str = Document.Kind.NEWS,
    visibility: str = Document.Visibility.SHARED,
    dry_run: bool = False,
) -> IngestReport:
    """The upload page's batch: the same rules as `ingest_files`, for files received over HTTP."""
    report = IngestReport()
    gazetteer = selectors.gazetteer_for(actor)
    seen: dict[str, str] = {}
    for upload in uploads:  # the size is checked with the rest of the file, in `_read`
        name = files.upload_name(upload.name)[:255] or "?"
        report.results.append(
            _ingest_bytes(actor, name, upload.data, kind, visibility, dry_run, gazetteer, seen)
        )
    return report


def _ingest_one(
    actor: User,
    path: Path,
    kind: str,
    visibility: str,
    dry_run: bool,
    gazetteer: ner.Gazetteer,
    seen: dict[str, str],
) -> IngestResult:
    shown = str(path)
    try:
        if not path.is_file():
            return IngestResult(shown, "error", _("Không tìm thấy tệp."))
        if path.stat().st_size > settings.NGOAIVU_UPLOAD_MAX_BYTES:
            limit = settings.NGOAIVU_UPLOAD_MAX_BYTES // (1024 * 1024)
            return IngestResult(shown, "error", _("Tệp quá lớn (tối đa %(m)d MB).") % {"m": limit})
        data = path.read_bytes()
    except OSError as exc:
        return IngestResult(shown, "error", _("Không đọc được tệp: %(e)s") % {"e": exc.strerror or exc})
    return _ingest_bytes(actor, shown, data, kind, visibility, dry_run, gazetteer, seen, name=path.name)


def _ingest_bytes(
    actor: User,
    shown: str,
    data: bytes,
    kind: str,
    visibility: str,
    dry_run: bool,
    gazetteer: ner.Gazetteer,
    seen: dict[str, str],
    name: str | None = None,
) -> IngestResult:
    name = name or shown
    try:
        text, fmt, encoding = _read(Upload(name, data), "")
    except ServiceError as exc:
        return IngestResult(
            shown, "error", "; ".join(m for ms in exc.errors.values() for m in ms) or exc.message
        )
    key = text_key(text)
    if key in seen:
        return IngestResult(
            shown, "duplicate", _("Trùng nội dung với %(p)s trong cùng đợt.") % {"p": seen[key]}
        )
    seen[key] = shown
    try:
        _check_duplicate(actor, key)  # before finding entities in a file that will not be added
        if dry_run:
            return IngestResult(shown, "would_add")
        parsed = Parsed(text, fmt, encoding, key, ner.extract(text, gazetteer=gazetteer))
        document = _create(
            actor, DocumentInput(kind=kind, visibility=visibility), Upload(name, data), parsed, gazetteer
        )
    except DuplicateDocument as exc:
        return IngestResult(shown, "duplicate", exc.message, exc.existing.pk if exc.existing else None)
    except ServiceError as exc:
        return IngestResult(shown, "error", exc.as_text())
    return IngestResult(shown, "added", document.title, document.pk)
