"""Writing the index: one record (after each committed write) or everything (`ngoaivu search rebuild`)."""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Mod

from ngoaivu.core.prefetch import attach_related
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.core.text import clean_text, search_key
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.search.models import MAX_WORD, MIN_TYPO_WORD, SearchEntry, SearchWord, deletion_variants
from ngoaivu.search.registry import kinds

logger = logging.getLogger(__name__)

MAX_TEXT = 200_000
MAX_BODY = 5_000
ENTRY_FIELDS = [
    "title",
    "title_exact",
    "title_folded",
    "body",
    "text",
    "provinces",
    "former_provinces",
    "countries",
    "readers",
    "on",
]
NOBODY = " @- "
"""The readers of a record nobody may read through search (an empty `readers` marks an entry to rewrite)."""


class Names:
    """Province and country names, read once per indexing run so the index also matches by name."""

    def __init__(self) -> None:
        self.province = dict(Province.objects.values_list("code", "name"))
        self.former = dict(FormerProvince.objects.values_list("code", "name"))
        self.country = {
            iso2: f"{vi} {en}" for iso2, vi, en in Country.objects.values_list("iso2", "name_vi", "name_en")
        }


def _codes(values: Iterable[str]) -> str:
    codes = sorted({v for v in values if v})
    return f" {' '.join(codes)} " if codes else ""


def entry_values(doc: IndexDoc, names: Names) -> dict[str, Any]:
    title = clean_text(doc.title)[:500]
    body = clean_text(doc.body)
    provinces = list(doc.province_codes)
    formers = list(doc.former_codes)
    countries = list(doc.countries)
    places = [names.province.get(c, "") for c in provinces] + [names.former.get(c, "") for c in formers]
    text = search_key(
        title, doc.extra, *places, *(names.country.get(c, "") for c in countries), body[:MAX_TEXT]
    )
    return {
        "title": title,
        "title_exact": title.lower()[:500],
        "title_folded": search_key(title)[:600],
        "body": body[:MAX_BODY],
        "text": text,
        "provinces": _codes(provinces),
        "former_provinces": _codes(formers),
        "countries": _codes(countries),
        "on": doc.on,
    }


def record_values(kind: SearchKind, obj: Any, names: Names) -> dict[str, Any]:
    """An entry's columns for one record: its searchable face and who may read it."""
    values = entry_values(kind.document(obj), names)
    readers = sorted(set(kind.readers(obj))) if kind.readers is not None else []
    values["readers"] = f" {' '.join(readers)} " if readers else NOBODY
    return values


def add_words(texts: Iterable[str], known: set[str] | None = None) -> int:
    """Add the new words of `texts` to the vocabulary (with their one-deletion variants); returns how many."""
    # the set of every word first (C speed), then the few not seen before are checked: a rebuild's texts repeat
    # the same few thousand words, so filtering each occurrence cost more than the rest of the step
    words = set().union(*(t.split() for t in texts))
    if known is not None:
        words -= known
    words = {w for w in words if 2 <= len(w) <= MAX_WORD and not w.isdigit()}
    if not words:
        return 0
    existing: set[str] = set()
    listed = sorted(words)
    for i in range(0, len(listed), 500):
        chunk = listed[i : i + 500]
        existing.update(
            SearchWord.objects.filter(variant__in=chunk, word__in=chunk).values_list("word", flat=True)
        )
    new = words - existing
    rows = []
    for word in sorted(new):
        rows.append(SearchWord(variant=word, word=word))
        if len(word) >= MIN_TYPO_WORD:
            rows.extend(SearchWord(variant=v, word=word) for v in sorted(deletion_variants(word)))
    SearchWord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    if known is not None:
        known.update(words)
    return len(new)


def _records(kind: SearchKind, qs: QuerySet[Any], chunk: int) -> Iterator[Any]:
    """The records of `qs` in chunks, each chunk's relations attached (`attach_related`)."""
    rows = qs.prefetch_related(None).iterator(chunk_size=chunk)
    while part := list(itertools.islice(rows, chunk)):
        attach_related(part, kind.prefetch_related)
        yield from part


def index_object(kind_key: str, pk: int) -> bool:
    """Index one record as it is now; drop its entry when it is gone or soft-deleted. Idempotent."""
    kind = kinds()[kind_key]
    obj = kind.index_queryset().filter(pk=pk).first()
    with transaction.atomic():
        if obj is None:
            SearchEntry.objects.filter(kind=kind.key, object_id=pk).delete()
            return False
        values = record_values(kind, obj, Names())
        SearchEntry.objects.update_or_create(kind=kind.key, object_id=pk, defaults=values)
        add_words([values["text"]])
    return True


def _upsert(entries: list[SearchEntry], known: set[str]) -> None:
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=ENTRY_FIELDS,
        batch_size=500,
    )
    add_words([e.text for e in entries], known)


def index_many(kind_key: str, ids: list[int], chunk: int = 1000) -> int:
    """Index these records of one kind (a bulk import's rows, which send no signals); entries of ids that are
    gone are dropped. Returns how many were indexed."""
    kind = kinds()[kind_key]
    names = Names()
    known: set[str] = set()
    done = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        objs = list(_records(kind, kind.index_queryset().filter(pk__in=part), chunk))
        with transaction.atomic():
            _upsert(
                [SearchEntry(kind=kind.key, object_id=o.pk, **record_values(kind, o, names)) for o in objs],
                known,
            )
            gone = set(part) - {o.pk for o in objs}
            if gone:
                SearchEntry.objects.filter(kind=kind.key, object_id__in=gone).delete()
        done += len(objs)
    return done


# dropped before building into an empty index on PostgreSQL and built once at the end (search migrations
# 0005 to 0007), several times faster than maintaining it row by row
FRESH_BUILD_INDEXES = (("search_entry_words", "USING gin (words)"),)
INDEX_BUILD_MEMORY = "512MB"
"""`maintenance_work_mem` for building them: PostgreSQL builds a GIN index in memory chunks of this size and
merges them (its default, 64 MB, is a fraction of the national index's posting lists)."""


def _create_fresh_index(name: str, definition: str) -> None:
    """One index, on this thread's own connection (PostgreSQL 15 builds a GIN index on one core: several are
    built side by side)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_searchentry {definition}")
            cursor.execute("RESET maintenance_work_mem")
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def rebuild(
    *,
    only: list[str] | None = None,
    missing_only: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    chunk: int = 1000,
    jobs: int = 1,
) -> dict[str, int]:
    """Re-index every record of every kind (or `only` these kinds; or, with `missing_only`, the records that
    have no entry yet, as after a bulk load) in chunks, then drop stale entries. The site keeps serving:
    entries are upserted, never emptied first. Building into an empty index on PostgreSQL drops the text
    indexes and builds them once at the end (`FRESH_BUILD_INDEXES`). With `jobs` > 1 (PostgreSQL only) that
    many processes share the work, each taking the records whose id leaves its remainder: folding the text is
    Python work, one core each."""
    counts: dict[str, int] = {}
    chosen = [key for key in kinds() if not only or key in only]
    postgres = connection.vendor == "postgresql"
    # several processes only on PostgreSQL and outside a transaction (each process has its own connection)
    jobs = jobs if postgres and not connection.in_atomic_block else 1
    fresh = postgres and not SearchEntry.objects.exists()
    if fresh:
        with connection.cursor() as cursor:
            for name, _definition in FRESH_BUILD_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        if jobs > 1:
            connections.close_all()  # each process opens its own
            context = multiprocessing.get_context("fork")
            with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
                parts = {
                    pool.submit(_rebuild_part, key, part, jobs, chunk, missing_only): key
                    for key in chosen
                    for part in range(jobs)
                }
                for future in concurrent.futures.as_completed(parts):
                    key = parts[future]
                    counts[key] = counts.get(key, 0) + future.result()
            for key in chosen:
                _drop_stale(kinds()[key])
                if progress:
                    progress(key, counts[key], counts[key])
        else:
            names = Names()
            known: set[str] = set()
            for key in chosen:
                counts[key] = _rebuild_kind(kinds()[key], names, known, progress, chunk, missing_only)
    finally:
        if fresh:
            started = time.monotonic()
            if jobs > 1:
                with concurrent.futures.ThreadPoolExecutor(len(FRESH_BUILD_INDEXES)) as threads:
                    for built in [
                        threads.submit(_create_fresh_index, *index) for index in FRESH_BUILD_INDEXES
                    ]:
                        built.result()
            else:
                for index in FRESH_BUILD_INDEXES:
                    _create_fresh_index(*index)
            logger.info("search rebuild: text indexes built in %.1f s", time.monotonic() - started)
    return counts


def _rebuild_part(key: str, part: int, parts: int, chunk: int, missing_only: bool) -> int:
    """One process's share of a kind: the records whose id modulo `parts` is `part`."""
    try:
        return _rebuild_kind(kinds()[key], Names(), set(), None, chunk, missing_only, (part, parts))
    finally:
        connections.close_all()


def _rebuild_kind(
    kind: SearchKind,
    names: Names,
    known: set[str],
    progress: Callable[[str, int, int], None] | None,
    chunk: int,
    missing_only: bool = False,
    share: tuple[int, int] | None = None,
) -> int:
    qs = kind.index_queryset()
    if missing_only:  # NOT EXISTS: an anti-join; NOT IN over a million ids is quadratic on PostgreSQL
        # an entry without readers was written before they were kept (search migration 0006): rewrite it
        written = SearchEntry.objects.filter(kind=kind.key, object_id=OuterRef("pk")).exclude(readers="")
        qs = qs.exclude(Exists(written))
    if share is not None:
        qs = qs.alias(share=Mod("pk", share[1])).filter(share=share[0])
    total = qs.count()
    done = 0
    batch: list[SearchEntry] = []

    def flush() -> None:
        _upsert(batch, known)
        batch.clear()

    for obj in _records(kind, qs.order_by("pk"), chunk):
        batch.append(SearchEntry(kind=kind.key, object_id=obj.pk, **record_values(kind, obj, names)))
        done += 1
        if len(batch) >= chunk:
            flush()
            if progress:
                progress(kind.key, done, total)
    if batch:
        flush()
    if share is None:
        _drop_stale(kind)
    if progress:
        progress(kind.key, done, total)
    return done


def _drop_stale(kind: SearchKind) -> None:
    live = kind.index_queryset().filter(pk=OuterRef("object_id")).values("pk")
    stale = SearchEntry.objects.filter(kind=kind.key).exclude(Exists(live)).values_list("pk", flat=True)
    SearchEntry.objects.filter(pk__in=list(stale)).delete()
