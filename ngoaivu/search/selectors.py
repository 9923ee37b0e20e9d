"""Reading the index: parse a query, match it the same way on SQLite and PostgreSQL, keep only what the user
may open (the entries' readers in the index scan, then each kind's own `visible_to` on the hits shown), rank,
group and highlight."""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core import search_spec
from ngoaivu.core.actors import Actor
from ngoaivu.core.db import on_replica
from ngoaivu.core.lists import stamped
from ngoaivu.core.search_spec import SearchKind
from ngoaivu.core.text import clean_text, fold, fold_terms, fold_word
from ngoaivu.directory.models import FormerProvince, Province, ProvinceAlias
from ngoaivu.search.access import reader_tokens
from ngoaivu.search.models import MAX_WORD, MIN_TYPO_WORD, SearchEntry, SearchWord, deletion_variants
from ngoaivu.search.registry import kinds

MERGER_DAY = dt.date(2025, 7, 1)
MAX_TERMS = 12
MAX_PLACE_WORDS = 4
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class FormerPlace:
    """A province name of before 1 July 2025 that is no longer a province: records its successor filed
    from then on are found too, marked as such."""

    words: tuple[str, ...]
    name: str
    code: str
    successor_code: str
    successor_name: str
    name_words: tuple[str, ...] = ()

    def named_in(self, text: str) -> bool:
        """Whether an entry's folded `text` names this province (as typed, or by its own name)."""
        return any(f" {' '.join(w)} " in text for w in {self.words, self.name_words or self.words})


@dataclass
class Query:
    raw: str
    terms: list[str] = field(default_factory=list)
    variants: dict[str, list[str]] = field(default_factory=dict)
    places: list[FormerPlace] = field(default_factory=list)

    @property
    def phrase(self) -> str:
        return " ".join(fold_terms(self.raw))

    @property
    def empty(self) -> bool:
        return not self.terms and not self.places


def former_places() -> dict[tuple[str, ...], FormerPlace]:
    """Former province names (and their aliases) that are not also a current province's name.

    Every search parses its words against them: kept by the count cache (`stamped`) while the reference tables
    do not change, instead of reading 119 rows into models on each search (5-25 ms at national scale). Aliases
    have no `updated_at`: the reference loader only adds them, so their number and highest id stand in for it."""
    aliases = ProvinceAlias.objects.aggregate(n=Count("id"), last=Max("id"))
    return stamped(
        "search:former-places",
        [Province.objects.all(), FormerProvince.objects.all()],
        _read_former_places,
        aliases["n"],
        aliases["last"],
    )


def _read_former_places() -> dict[tuple[str, ...], FormerPlace]:
    current = {tuple(fold_terms(n)) for n in Province.objects.values_list("name", flat=True)}
    found: dict[tuple[str, ...], FormerPlace] = {}
    formers = FormerProvince.objects.select_related("successor")
    for f in formers:
        key = tuple(fold_terms(f.name))
        if key not in current:
            found[key] = FormerPlace(key, f.name, f.code, f.successor.code, f.successor.name, key)
    for alias in ProvinceAlias.objects.select_related("former__successor").filter(former__isnull=False):
        key = tuple(fold_terms(alias.alias))
        former = alias.former
        if key and key not in current and key not in found and former is not None:
            successor = former.successor
            found[key] = FormerPlace(
                key, former.name, former.code, successor.code, successor.name, tuple(fold_terms(former.name))
            )
    return found


def parse_query(raw: str) -> Query:
    raw = clean_text(raw)[:300]
    words = fold_terms(raw)[:MAX_TERMS]
    query = Query(raw=raw)
    places = former_places() if words else {}
    i = 0
    while i < len(words):
        for n in range(min(MAX_PLACE_WORDS, len(words) - i), 1, -1):
            place = places.get(tuple(words[i : i + n]))
            if place is not None:
                query.places.append(place)
                i += n
                break
        else:
            query.terms.append(words[i])
            i += 1
    query.variants = typo_variants(query.terms)
    return query


def typo_variants(terms: list[str]) -> dict[str, list[str]]:
    """Words one edit away for each longer term that is not itself in the vocabulary (nor, for the last
    term, the start of a word): the index's own deletion variants, so both databases agree."""
    found: dict[str, list[str]] = {}
    for i, term in enumerate(terms):
        if len(term) < MIN_TYPO_WORD or term.isdigit():
            continue
        last = i == len(terms) - 1
        known = SearchWord.objects.filter(variant=term, word=term)
        if last:
            known = SearchWord.objects.filter(variant__startswith=term, word__startswith=term)
        if known.exists():
            continue
        keys = deletion_variants(term) | {term}
        words = (
            SearchWord.objects.filter(variant__in=sorted(keys))
            .exclude(word=term)
            .values_list("word", flat=True)
            .distinct()
        )
        close = sorted({w for w in words if _one_edit(term, w)})[:8]
        if close:
            found[term] = close
    return found


def _one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance at most 1 (deletion neighbours can be two edits apart)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) <= 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _term_q(query: Query, term: str, last: bool) -> Q:
    cond = Q(text__contains=f" {term}") if last else Q(text__contains=f" {term} ")
    for variant in query.variants.get(term, []):
        cond |= Q(text__contains=f" {variant} ")
    return cond


ALL = "all"
NAMED = "named"
SUCCESSOR = "successor"


def _by_words(tsquery: str, exact: Q) -> Q:
    """`exact` (LIKE on the text and code columns: what decides, on both databases), found on PostgreSQL through
    the `words` GIN index first. `tsquery` must match every entry `exact` keeps — the phrase's words, or the place
    and country tokens of search migration 0007 ("@p25", "@f26", "@cJP") — so no trigram scan is needed."""
    if connection.vendor != "postgresql":
        return exact
    return _raw('"search_searchentry"."words" @@ %s::tsquery', [tsquery]) & exact


def _all_words(words: Iterable[str]) -> str:
    return f"({' & '.join(_token(w) for w in words)})"


def _named_q(place: FormerPlace, kind: str = "") -> Q:
    """Entries that name the former province: its name (as typed, or its own) in the text, or filed under it."""
    cond = Q(text__contains=f" {' '.join(place.words)} ") | Q(former_provinces__contains=f" {place.code} ")
    found = [_all_words(place.words), _token(f"@f{place.code}")]
    if place.name_words and place.name_words != place.words:
        cond |= Q(text__contains=f" {' '.join(place.name_words)} ")
        found.append(_all_words(place.name_words))
    return _by_words(_with_kind(" | ".join(found), kind), cond)


def _with_kind(tsquery: str, kind: str) -> str:
    """A place's tokens are common (a province's every record): with one kind asked for, the GIN lookup also
    takes the kind's token, so PostgreSQL intersects the two lists instead of reading every date of the kind."""
    return f"({tsquery}) & {_token(f'@k{kind}')}" if kind else tsquery


def _coded_q(column: str, token: str, code: str, kind: str = "") -> Q:
    """Entries whose code column (" 25 48 ") holds `code`, found through its token ("@p25", "@f26", "@cJP") on
    PostgreSQL; a value that cannot be a token is only compared as text (and finds nothing)."""
    exact = Q(**{f"{column}__contains": f" {code} "})
    if not CODE.fullmatch(code):
        return exact
    return _by_words(_with_kind(_token(f"{token}{code}"), kind), exact)


CODE = re.compile(r"[0-9A-Za-z]{1,8}")
"""A province or country code that can be a token."""


def _since_merger(successor_code: str) -> Q:
    """Entries of the successor filed since the merger (or undated), whatever they name: the exact condition."""
    return Q(provinces__contains=f" {successor_code} ", former_provinces="") & (
        Q(on__gte=MERGER_DAY) | Q(on__isnull=True)
    )


def _successor_q(successor_code: str, kind: str = "") -> Q:
    return _by_words(_with_kind(_token(f"@p{successor_code}"), kind), _since_merger(successor_code))


def _place_q(place: FormerPlace, part: str = ALL, kind: str = "") -> Q:
    """A former province in the query: ALL — entries naming it and the successor's newer ones; NAMED — only
    those naming it; SUCCESSOR — only the successor's newer entries that do not name it (the page shows them
    apart, under "Theo tên tỉnh cũ", so they do not flood the records that are about the former province)."""
    if part == NAMED:
        return _named_q(place, kind)
    if part == SUCCESSOR:
        return _successor_q(place.successor_code, kind) & ~_named_q(place)
    return _named_q(place, kind) | _successor_q(place.successor_code, kind)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    province: str = ""
    country: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def province_filter_q(value: str, kind: str = "") -> Q:
    """ "25" is a current province; "f26" a former one (its own records, and its successor's since the
    merger)."""
    if value.startswith("f"):
        former = FormerProvince.objects.select_related("successor").filter(code=value[1:]).first()
        if former is None:
            return Q(pk__in=[])
        # one GIN lookup of both tokens (two OR-ed lookups cost 3-4 ms more with one kind asked)
        exact = Q(former_provinces__contains=f" {former.code} ") | _since_merger(former.successor.code)
        tokens = f"{_token(f'@f{former.code}')} | {_token(f'@p{former.successor.code}')}"
        return _by_words(_with_kind(tokens, kind), exact)
    return _coded_q("provinces", "@p", value, kind)


def country_filter_q(value: str, kind: str = "") -> Q:
    return _coded_q("countries", "@c", value.upper(), kind)


def words_tsquery(
    query: Query, held: list[str] | None = None, kind: str = "", prefix_words: list[str] | None = None
) -> str:
    """The query as a PostgreSQL `tsquery` over the `words` column (search migrations 0005 and 0006): every word
    whole, or one of its typo neighbours, the last word also as a prefix, exactly as `_term_q` on `text` —
    or, when `prefix_words` lists them, the indexed words it begins (a prefix makes GIN collect every entry of
    every word it begins before it can intersect, ~100 ms for "tu" at national scale; whole words it skips
    through). Then, when given, "readable by one of `held`" and "of `kind`" (tokens of migration 0006). Terms
    are folded `\\w` runs and tokens start with "@", so they need no escaping inside quotes."""
    parts = []
    for i, term in enumerate(query.terms):
        last = i == len(query.terms) - 1
        if last and prefix_words is not None:
            options = [f"'{w}'" for w in sorted({term, *prefix_words})]
        else:
            options = [f"'{term}':*" if last else f"'{term}'"]
        options += [f"'{v}'" for v in query.variants.get(term, [])]
        parts.append(f"({' | '.join(options)})")
    if held is not None:
        parts.append(f"({' | '.join(_token(t) for t in held)})")
    if kind:
        parts.append(_token(f"@k{kind}"))
    return " & ".join(parts)


def _token(token: str) -> str:
    return "'" + token.replace("'", "") + "'"


MAX_PREFIX_WORDS = 24


def prefix_words(query: Query) -> list[str] | None:
    """The indexed words the last term begins (itself included when it is one), or None when they are too many
    to list (then the tsquery keeps the prefix) or the term is not in the vocabulary's alphabet (digits, one
    letter: the vocabulary keeps words of two letters or more that are not numbers)."""
    if not query.terms:
        return None
    term = query.terms[-1]
    if len(term) < 2 or term.isdigit() or len(term) > MAX_WORD:
        return None
    words = list(
        SearchWord.objects.filter(variant__startswith=term, variant=F("word"))
        .values_list("word", flat=True)
        .order_by("word")[: MAX_PREFIX_WORDS + 1]
    )
    return None if len(words) > MAX_PREFIX_WORDS else words


def _words_q(query: Query) -> Q:
    """All the query's words at once, on SQLite (LIKE on `text`); PostgreSQL reads them through `words`."""
    if not query.terms:
        return Q()
    return functools.reduce(
        operator.and_, [_term_q(query, t, i == len(query.terms) - 1) for i, t in enumerate(query.terms)]
    )


def _raw(sql: str, params: list[Any]) -> Q:
    return Q(ExpressionWrapper(RawSQL(sql, params), output_field=BooleanField()))  # noqa: S611 - constant SQL, values as parameters


def _words_condition(query: Query, prefixes: list[str] | None, held: list[str] | None = None) -> Q:
    """The query's words (and, when given, one of `held`) in one GIN lookup on PostgreSQL; LIKE on SQLite."""
    if connection.vendor != "postgresql":
        condition = _words_q(query)
        return condition & _readers_condition(held) if held is not None else condition
    tsquery = words_tsquery(query, held, prefix_words=prefixes)
    return _raw('"search_searchentry"."words" @@ %s::tsquery', [tsquery]) if tsquery else Q()


def _readers_condition(held: list[str] | None) -> Q:
    """Entries one of `held` may read (None: every entry), checked on each row read: a common token ("every
    province") in the GIN lookup costs more than it saves."""
    if held is None:
        return Q()
    if connection.vendor == "postgresql":
        return _raw("""string_to_array(btrim("search_searchentry"."readers"), ' ') && %s::text[]""", [held])
    return functools.reduce(operator.or_, [Q(readers__contains=f" {t} ") for t in held], Q(pk__in=[]))


def _filters_q(query: Query, filters: Filters, part: str, kind: str = "") -> Q:
    """The place, province, country and date conditions; `kind` when one kind is read (see `_with_kind`)."""
    conds = [_place_q(p, part, kind) for p in query.places]
    if filters.province:
        conds.append(province_filter_q(filters.province, kind))
    if filters.country:
        conds.append(country_filter_q(filters.country, kind))
    if filters.date_from:
        conds.append(Q(on__gte=filters.date_from))
    if filters.date_to:
        conds.append(Q(on__lte=filters.date_to))
    return functools.reduce(operator.and_, conds, Q())


def _rank(query: Query) -> Case:
    """Best first: the query as typed (with diacritics) in the title, the folded phrase in the title, the phrase
    in the text, then (in the ordering) newest."""
    phrase = query.phrase
    ranks = [When(title_exact__contains=query.raw.lower(), then=Value(4))] if query.raw else []
    ranks += [
        When(title_folded__contains=f" {phrase} ", then=Value(3)),
        When(text__contains=f" {phrase} ", then=Value(2)),
    ]
    return Case(*ranks, default=Value(1), output_field=IntegerField())


NEWEST = (F("on").desc(nulls_last=True), F("object_id").desc())
HIT_FIELDS = ("kind", "object_id", "title", "body", "text", "on")
CANDIDATES = 200
RARE_MATCHES = 5_000
RARE_ESTIMATE = 2_000
WINDOW = 1_000
WIDE_WINDOW = 10_000
BROAD = frozenset(
    {
        search_spec.EVERYONE,
        search_spec.ANY_ORGANISATION,
        search_spec.NATIONAL,
        search_spec.PROVINCES,
        search_spec.MISSIONS,
        search_spec.MINISTRY_UNITS,
    }
)
"""Reader tokens most entries carry: the user's other tokens (its organisation, province, covered countries)
are few entries each, worth a GIN lookup of their own."""


@dataclass(frozen=True)
class Candidate:
    kind: str
    id: int
    object_id: int
    on: dt.date | None
    rank: int = 1

    @property
    def newest(self) -> tuple[bool, int, int]:
        return (self.on is None, -(self.on or dt.date.min).toordinal(), -self.object_id)

    @property
    def order(self) -> tuple[int, bool, int, int]:
        """Best rank, then newest (undated last), then the newest record."""
        return (-self.rank, *self.newest)


ROW = ("kind", "id", "object_id", "on")


def _estimated(condition: Q) -> int:
    """PostgreSQL's own estimate of how many entries match (EXPLAIN, no execution): for choosing how to read."""
    matched = SearchEntry.objects.filter(condition).values("id")
    sql, params = matched.query.sql_with_params()
    with connections[matched.db].cursor() as cursor:  # the replica, when the search reads there
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _union(querysets: list[Any]) -> list[Any]:
    """The rows of several sliced, ordered querysets: one UNION ALL statement where the database allows it."""
    if not querysets:
        return []
    if connections[SearchEntry.objects.db].features.supports_slicing_ordering_in_compound:
        return list(querysets[0].union(*querysets[1:], all=True))
    return [row for qs in querysets for row in qs]  # SQLite: no ORDER BY / LIMIT inside a UNION


WINDOW_COLUMNS = 'id, kind, object_id, "on", readers, provinces, former_provinces, countries'
KIND_WINDOW_SQL = """
SELECT search_searchentry.kind, search_searchentry.id, search_searchentry.object_id, search_searchentry."on"
FROM (SELECT {columns} FROM search_searchentry WHERE kind = {kind}
      ORDER BY "on" DESC NULLS LAST, object_id DESC LIMIT %s) AS search_searchentry
WHERE {where}
ORDER BY search_searchentry."on" DESC NULLS LAST, search_searchentry.object_id DESC
LIMIT %s"""
WINDOW_SQL = "SELECT * FROM ({window}) AS w"
LATERAL_WINDOW_SQL = """SELECT w.kind, w.id, w.object_id, w."on" FROM unnest(%s::text[]) AS keys(key)
CROSS JOIN LATERAL ({window}) AS w"""


def _windows(keys: list[str], window: int, condition: Q, *, text: bool = False) -> list[Any]:
    """Per kind, the newest CANDIDATES + 1 matches among its newest `window` entries, in one statement: a walk of
    the (kind, on) index that stops as soon as a common word has filled the page. The window carries only the
    columns the condition reads (`text` only for a former province's name), not the titles and bodies.

    PostgreSQL runs the window once per kind through a LATERAL join over the kinds: the same plan as a UNION ALL
    of one copy per kind, without 23 copies of the condition to send, convert and plan (27 KB of SQL for a
    common word; 44 -> 28 ms at national scale)."""
    matched = SearchEntry.objects.filter(condition)
    compiler = matched.query.get_compiler(using=matched.db)
    try:
        where, params = compiler.compile(matched.query.where)
    except EmptyResultSet:
        return []
    if not where:
        where = "TRUE" if connection.vendor == "postgresql" else "1"
    postgres = connection.vendor == "postgresql"
    # the words: `words` on PostgreSQL, LIKE on `text` elsewhere; `text` also for a former province's name
    columns = WINDOW_COLUMNS + (", words" if postgres else "") + (", text" if text or not postgres else "")
    if postgres:
        per_kind = KIND_WINDOW_SQL.format(where=where, columns=columns, kind="keys.key")
        sql = LATERAL_WINDOW_SQL.format(window=per_kind)
        values: list[Any] = [list(keys), window, *params, CANDIDATES + 1]
    else:
        per_kind = KIND_WINDOW_SQL.format(where=where, columns=columns, kind="%s")
        sql = " UNION ALL ".join(WINDOW_SQL.format(window=per_kind) for _key in keys)
        values = []
        for key in keys:
            values += [key, window, *params, CANDIDATES + 1]
    with connections[matched.db].cursor() as cursor:
        cursor.execute(sql, values)
        return list(cursor.fetchall())


def _reads_all_at_once(query: Query, words: Q) -> bool:
    """Whether to read every match in one lookup: on SQLite (small databases), for a former province's name
    alone (its words and tokens find a name's few records), and for words PostgreSQL expects to be rare — the
    GIN lookup costs what the words' own matches cost, whatever the filters keep of them."""
    if connection.vendor != "postgresql" or not query.terms:
        return True
    return _estimated(words) <= RARE_ESTIMATE


_kind_sizes: dict[str, tuple[float, dict[str, int]]] = {}


def kind_sizes() -> dict[str, int]:
    """Entries per kind, read at most every ten minutes per process: only to skip the wide window of a kind the
    first window already held whole (a stale figure costs a wasted read or, for a kind that just outgrew the
    window, the older matches beyond it)."""
    cached = _kind_sizes.get(SearchEntry.objects.db)
    if cached is None or time.monotonic() - cached[0] > 600:
        sizes = dict(SearchEntry.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
        cached = (time.monotonic(), sizes)
        _kind_sizes[SearchEntry.objects.db] = cached
    return cached[1]


def candidates(
    query: Query, filters: Filters, part: str, held: list[str] | None, keys: list[str]
) -> dict[str, list[Candidate]]:
    """The newest CANDIDATES + 1 entries of each kind that match and that `held` may read, with their rank.

    Rare words (by PostgreSQL's estimate; always on SQLite): one lookup of every match of every kind. Common
    words: each kind's newest WINDOW entries, read in date order until the page fills (one statement for all
    kinds); then, for kinds left short, one GIN lookup of the words among the user's own entries (its
    organisation, province, covered countries: few each) and, when one kind is asked for, a WIDE_WINDOW. So a
    common word answers from the newest records, without joining each kind's `visible_to` to the index."""
    postgres = connection.vendor == "postgresql"
    prefixes = prefix_words(query) if postgres else None
    base = _filters_q(query, filters, part, keys[0] if len(keys) == 1 else "") & Q(kind__in=keys)
    words = _words_condition(query, prefixes)
    readable_words = words & _readers_condition(held)
    found: dict[str, dict[int, Candidate]] = {key: {} for key in keys}

    def add(rows: list[Any]) -> None:
        for kind, pk, object_id, on in rows:
            found[kind][pk] = Candidate(kind, pk, object_id, on)

    rare = _reads_all_at_once(query, words)
    rows = (
        list(SearchEntry.objects.filter(readable_words, base).values_list(*ROW)[: RARE_MATCHES + 1])
        if rare
        else []
    )
    if rare and len(rows) <= RARE_MATCHES:
        add(rows)
    else:
        add(_windows(keys, WINDOW, readable_words & base, text=bool(query.places)))
        short = [key for key in keys if len(found[key]) <= CANDIDATES]
        # the ministry's own tokens add little to what it reads as the ministry: only the others' own records
        narrow = [t for t in held or [] if t not in BROAD] if search_spec.NATIONAL not in (held or []) else []
        if short and narrow and query.terms and postgres:
            own = _words_condition(query, prefixes, narrow) & base & Q(kind__in=short)
            add(list(SearchEntry.objects.filter(own).values_list(*ROW)[: RARE_MATCHES + 1]))
        # one kind asked for (its own page): ten times the window for a kind still short; the overview of every
        # kind stays on the newest entries (a common word's older records are one click away, on that page)
        sizes = kind_sizes()
        wide = [k for k in keys if len(found[k]) <= CANDIDATES and sizes.get(k, WIDE_WINDOW) > WINDOW]
        wide = wide if len(keys) == 1 else []
        if wide:
            add(_windows(wide, WIDE_WINDOW, readable_words & base, text=bool(query.places)))
    newest = {key: sorted(found[key].values(), key=lambda c: c.newest) for key in keys}
    kept = {key: rows[: CANDIDATES + 1] for key, rows in newest.items()}
    ids = [c.id for rows in kept.values() for c in rows]
    ranks = dict(SearchEntry.objects.filter(pk__in=ids).annotate(rank=_rank(query)).values_list("id", "rank"))
    return {
        key: [Candidate(c.kind, c.id, c.object_id, c.on, ranks.get(c.id, 1)) for c in rows]
        for key, rows in kept.items()
    }


def readable(user: Actor, pages: dict[str, list[Candidate]]) -> set[tuple[str, int]]:
    """(kind, record id) of the hits about to be shown that `user` may open, by each kind's own `visible_to`:
    the index's readers chose them, this makes sure (a record whose access changed a moment ago, before its
    entry was rewritten, is left out rather than shown). One statement."""
    registry = kinds()
    checks = [
        registry[key]
        .visible(user)
        .filter(pk__in=[c.object_id for c in page])
        .annotate(search_kind=Value(key, output_field=CharField()))
        .order_by()
        .values_list("search_kind", "pk")
        for key, page in pages.items()
        if page
    ]
    if not checks:
        return set()
    return {(k, pk) for k, pk in checks[0].union(*checks[1:], all=True)}


@dataclass
class Hit:
    kind: str
    id: int
    title: SafeString
    snippet: SafeString
    url: str
    on: dt.date | None
    via_former: str


@dataclass
class Group:
    """`count` stops at CANDIDATES (`capped`): an exact count of a common word over a million entries costs
    more than the search itself, and "more than 200" is what a reader needs."""

    kind: str
    label: str
    count: int
    hits: list[Hit]
    capped: bool = False


def hit_from(entry: SearchEntry, kind: SearchKind, query: Query, url: str) -> Hit:
    via = ""
    for place in query.places:
        if not place.named_in(entry.text):
            via = f"{place.name} → {place.successor_name}"
    return Hit(
        kind=kind.key,
        id=entry.object_id,
        title=highlight(entry.title, query),
        snippet=highlight(snippet(entry.body, query), query),
        url=url,
        on=entry.on,
        via_former=via,
    )


@on_replica
def search(
    user: Actor,
    raw: str,
    filters: Filters,
    *,
    per_kind: int = 5,
    offset: int = 0,
    limit: int | None = None,
    part: str = ALL,
) -> tuple[Query, list[Group]]:
    """Every kind's page of hits `user` may open. With a former province in the query, `part` chooses the
    entries naming it (NAMED), the successor's newer ones (SUCCESSOR) or both (ALL, the API's answer)."""
    query = parse_query(raw)
    return query, run(user, query, filters, per_kind=per_kind, offset=offset, limit=limit, part=part)


def run(
    user: Actor,
    query: Query,
    filters: Filters,
    *,
    per_kind: int = 5,
    offset: int = 0,
    limit: int | None = None,
    part: str = ALL,
) -> list[Group]:
    """`search` of a parsed query: for each kind, the newest CANDIDATES matches `user` may read (the index's
    readers), ranked; the count is exact up to CANDIDATES ("200+" beyond)."""
    if query.empty or (part == SUCCESSOR and not query.places):
        return []
    held = reader_tokens(user)
    if held == []:
        return []
    registry = kinds()
    keys = [key for key in registry if not filters.kind or key == filters.kind]
    found = candidates(query, filters, part, held, keys)
    size = limit if limit is not None else per_kind
    pages = {key: sorted(found[key], key=lambda c: c.order)[offset : offset + size] for key in keys}
    allowed = readable(user, pages)
    shown = [c for page in pages.values() for c in page if (c.kind, c.object_id) in allowed]
    entries = {e.pk: e for e in SearchEntry.objects.filter(pk__in=[c.id for c in shown]).only(*HIT_FIELDS)}
    groups = []
    for key in keys:
        count = min(len(found[key]), CANDIDATES)
        if not count:
            continue
        kind = registry[key]
        page = [entries[c.id] for c in pages[key] if (key, c.object_id) in allowed and c.id in entries]
        urls = kind.urls([e.object_id for e in page])
        groups.append(
            Group(
                key,
                str(kind.label),
                count,
                [hit_from(e, kind, query, urls.get(e.object_id, "")) for e in page],
                capped=len(found[key]) > CANDIDATES,
            )
        )
    return groups


@dataclass
class Page:
    """The search page: the hits (for a former province, those naming it) and, apart, the successor's newer
    records found only through the merger (`former`), a few per kind."""

    query: Query
    groups: list[Group]
    former: list[Group]
    former_only: bool = False

    @property
    def former_heading(self) -> str:
        return "; ".join(
            _("Theo tên tỉnh cũ: %(former)s → nay thuộc %(current)s")
            % {"former": p.name, "current": p.successor_name}
            for p in self.query.places
        )


@on_replica
def search_page(
    user: Actor,
    raw: str,
    filters: Filters,
    *,
    offset: int = 0,
    limit: int | None = None,
    former_only: bool = False,
    former_per_kind: int = 3,
) -> Page:
    """What the search page shows. A former province ("quang nam"): first the records that name it, ranked
    as usual; the successor's records filed since the merger that do not name it come in `former` (a few per
    kind, each with its count) — or, with `former_only` (the page's "see all" link), as the results."""
    query = parse_query(raw)
    if not query.places:
        return Page(query, run(user, query, filters, offset=offset, limit=limit), [])
    if former_only:
        groups = run(user, query, filters, offset=offset, limit=limit, part=SUCCESSOR)
        return Page(query, groups, [], former_only=True)
    named = run(user, query, filters, offset=offset, limit=limit, part=NAMED)
    former = run(user, query, filters, per_kind=former_per_kind, part=SUCCESSOR)
    return Page(query, named, former)


_WORD = re.compile(r"\w+")


def matched_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query matched in `text`: single words for the query's words (and their typo neighbours; the
    last word also as a prefix), whole runs for a former province name ("Quảng Nam", not any "năm")."""
    tokens = [(m.start(), m.end(), fold_word(m.group())) for m in _WORD.finditer(text)]
    singles = set(query.terms)
    for words in query.variants.values():
        singles.update(words)
    prefix = query.terms[-1] if query.terms else ""
    spans = [(a, b) for a, b, w in tokens if w in singles or (prefix and w.startswith(prefix))]
    for place in query.places:
        n = len(place.words)
        for i in range(len(tokens) - n + 1):
            if tuple(t[2] for t in tokens[i : i + n]) == place.words:
                spans.append((tokens[i][0], tokens[i + n - 1][1]))
    return sorted(spans)


def highlight(text: str, query: Query) -> SafeString:
    """HTML-escaped `text` with what matched in <mark>."""
    out: list[str] = []
    pos = 0
    for a, b in matched_spans(text, query):
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


def snippet(body: str, query: Query) -> str:
    """About SNIPPET_WORDS words of `body` around its first match."""
    if not body.strip():
        return ""
    spans = matched_spans(body, query)
    first = spans[0][0] if spans else 0
    words = [m for m in re.finditer(r"\S+", body)]
    index = next((i for i, m in enumerate(words) if m.end() > first), 0)
    start = max(0, index - 8)
    piece = " ".join(m.group() for m in words[start : start + SNIPPET_WORDS])
    return ("… " if start else "") + piece + (" …" if start + SNIPPET_WORDS < len(words) else "")


def filters_from(params: Any) -> Filters:
    kind = params.type if params.type in kinds() else ""
    return Filters(
        kind=kind,
        province=params.province,
        country=params.country,
        date_from=params.date_from,
        date_to=params.date_to,
    )


def province_choices() -> list[tuple[str, str]]:
    """Current provinces, then former ones marked with what they became."""
    current = [(p.code, p.name) for p in Province.objects.order_by("sort_key")]
    former = [
        (
            f"f{f.code}",
            _("%(name)s (cũ, nay thuộc %(successor)s)") % {"name": f.name, "successor": f.successor.name},
        )
        for f in FormerProvince.objects.select_related("successor").order_by("sort_key")
        if fold(f.name) != fold(f.successor.name)
    ]
    return current + former
