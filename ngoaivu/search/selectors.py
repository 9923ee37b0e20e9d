"""Reading the index: parse a query, match it the same way on SQLite and PostgreSQL, keep only what the user
may open (each kind's own `visible_to`, joined in SQL), rank, group and highlight."""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Case, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ngoaivu.core.actors import Actor
from ngoaivu.core.db import on_replica
from ngoaivu.core.search_spec import SearchKind
from ngoaivu.core.text import clean_text, fold, fold_terms
from ngoaivu.directory.models import FormerProvince, Province, ProvinceAlias
from ngoaivu.search.models import MIN_TYPO_WORD, SearchEntry, SearchWord, deletion_variants
from ngoaivu.search.registry import kinds

MERGER_DAY = dt.date(2025, 7, 1)
MAX_TERMS = 12
MAX_PLACE_WORDS = 4
SNIPPET_WORDS = 30
CANDIDATES = 200


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
    """Former province names (and their aliases) that are not also a current province's name."""
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


def _named_q(place: FormerPlace) -> Q:
    """Entries that name the former province: its name (as typed, or its own) in the text, or filed under it."""
    cond = Q(text__contains=f" {' '.join(place.words)} ") | Q(former_provinces__contains=f" {place.code} ")
    if place.name_words and place.name_words != place.words:
        cond |= Q(text__contains=f" {' '.join(place.name_words)} ")
    return cond


def _successor_q(place: FormerPlace) -> Q:
    """Entries of the successor filed since the merger (or undated), whatever they name."""
    return Q(provinces__contains=f" {place.successor_code} ", former_provinces="") & (
        Q(on__gte=MERGER_DAY) | Q(on__isnull=True)
    )


def _place_q(place: FormerPlace, part: str = ALL) -> Q:
    """A former province in the query: ALL — entries naming it and the successor's newer ones; NAMED — only
    those naming it; SUCCESSOR — only the successor's newer entries that do not name it (the page shows them
    apart, under "Theo tên tỉnh cũ", so they do not flood the records that are about the former province)."""
    if part == NAMED:
        return _named_q(place)
    if part == SUCCESSOR:
        return _successor_q(place) & ~_named_q(place)
    return _named_q(place) | _successor_q(place)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    province: str = ""
    country: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def province_filter_q(value: str) -> Q:
    """ "25" is a current province; "f26" a former one (its own records, and its successor's since the
    merger)."""
    if value.startswith("f"):
        former = FormerProvince.objects.select_related("successor").filter(code=value[1:]).first()
        if former is None:
            return Q(pk__in=[])
        return Q(former_provinces__contains=f" {former.code} ") | (
            Q(provinces__contains=f" {former.successor.code} ", former_provinces="")
            & (Q(on__gte=MERGER_DAY) | Q(on__isnull=True))
        )
    return Q(provinces__contains=f" {value} ")


def words_tsquery(query: Query) -> str:
    """The query's words as a PostgreSQL `tsquery` over the `words` column (search migration 0005): every word
    whole, or one of its typo neighbours, the last word also as a prefix, exactly as `_term_q` on `text`. Terms
    are folded `\\w` runs, so they need no escaping inside quotes."""
    parts = []
    for i, term in enumerate(query.terms):
        last = i == len(query.terms) - 1
        options = [f"'{term}':*" if last else f"'{term}'"] + [f"'{v}'" for v in query.variants.get(term, [])]
        parts.append(f"({' | '.join(options)})")
    return " & ".join(parts)


def _words_q(query: Query) -> Q:
    """All the query's words at once: on PostgreSQL one GIN lookup of `words` (a trigram index cannot tell a
    two-letter Vietnamese syllable from the thousands of words sharing its trigrams), elsewhere LIKE on `text`."""
    if not query.terms:
        return Q()
    if connection.vendor == "postgresql":
        condition = RawSQL('"search_searchentry"."words" @@ %s::tsquery', [words_tsquery(query)])
        return Q(ExpressionWrapper(condition, output_field=BooleanField()))
    return functools.reduce(
        operator.and_, [_term_q(query, t, i == len(query.terms) - 1) for i, t in enumerate(query.terms)]
    )


def matching(query: Query, filters: Filters, part: str = ALL) -> Q:
    conds = [_words_q(query)]
    conds += [_place_q(p, part) for p in query.places]
    if filters.province:
        conds.append(province_filter_q(filters.province))
    if filters.country:
        conds.append(Q(countries__contains=f" {filters.country.upper()} "))
    if filters.date_from:
        conds.append(Q(on__gte=filters.date_from))
    if filters.date_to:
        conds.append(Q(on__lte=filters.date_to))
    return functools.reduce(operator.and_, conds, Q())


def _ranked(entries: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
    """Best first: the query as typed (with diacritics) in the title, the folded phrase in the title, the phrase
    in the text, then newest."""
    phrase = query.phrase
    ranks = [When(title_exact__contains=query.raw.lower(), then=Value(4))] if query.raw else []
    ranks += [
        When(title_folded__contains=f" {phrase} ", then=Value(3)),
        When(text__contains=f" {phrase} ", then=Value(2)),
    ]
    return entries.annotate(rank=Case(*ranks, default=Value(1), output_field=IntegerField())).order_by(
        "-rank", F("on").desc(nulls_last=True), "-object_id"
    )


HIT_FIELDS = ("kind", "object_id", "title", "body", "text", "on")
WINDOW = 4_000
WIDE_WINDOW = 40_000
WIDE_CANDIDATES = 5_000
NEWEST_SQL = """
SELECT search_searchentry.id, search_searchentry.object_id
FROM (SELECT * FROM search_searchentry WHERE kind = %s
      ORDER BY "on" DESC NULLS LAST, object_id DESC LIMIT %s) AS search_searchentry
WHERE {where}
ORDER BY search_searchentry."on" DESC NULLS LAST, search_searchentry.object_id DESC
LIMIT %s"""


def newest_in_window(
    kind: str, matched: QuerySet[SearchEntry], window: int, limit: int = CANDIDATES
) -> list[tuple[int, int]]:
    """(entry id, record id) of the newest CANDIDATES matches among the newest `window` entries of `kind`,
    read in index order. PostgreSQL cannot tell a common word from a rare one in a trigram index: left to
    itself it fetches and sorts every match of "hợp tác" (a third of a million rows, seconds)."""
    compiler = matched.query.get_compiler(using=matched.db)
    try:
        where, params = compiler.compile(matched.query.where)
    except EmptyResultSet:
        return []
    with connections[matched.db].cursor() as cursor:
        cursor.execute(NEWEST_SQL.format(where=where), [kind, window, *params, limit])
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _visible_pool(user: Actor, kind: SearchKind, candidates: list[tuple[int, int]]) -> list[int]:
    """The entry ids of the candidates whose records `user` may open, in the candidates' order."""
    ids = [object_id for _pk, object_id in candidates]
    visible = set(kind.visible(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [pk for pk, object_id in candidates if object_id in visible]


def _page(pool: list[int], query: Query, offset: int, size: int) -> list[SearchEntry]:
    ranked = _ranked(SearchEntry.objects.filter(pk__in=pool), query)
    return list(ranked.only(*HIT_FIELDS)[offset : offset + size])


RARE_MATCHES = 2_000


class Matches:
    """Every match of the query across all kinds, read with one index lookup the first time a kind needs more
    than its newest entries — that is, when the words are rare. Each kind then works on its own ids: one GIN
    lookup for the whole search instead of two per kind (each 17-20 ms at national scale, because a rare word
    still has to be intersected with the posting list of a common one such as "da"). When more than
    RARE_MATCHES entries match, `of_kind` answers None and each kind reads the index itself."""

    def __init__(self, query: Query, filters: Filters, part: str = ALL) -> None:
        self.filters = filters
        self.condition = matching(
            query, filters, part
        )  # built once: a former-province filter reads the database
        self._by_kind: dict[str, list[tuple[int, int]]] | None = None
        self._read = False
        self._windows: dict[str, list[tuple[int, int]]] = {}
        self._small: dict[str, bool] = {}

    def entries(self, key: str) -> QuerySet[SearchEntry]:
        """The matching entries of kind `key`."""
        return SearchEntry.objects.filter(kind=key).filter(self.condition)

    def whole_kind_in_window(self, key: str) -> bool:
        """Whether kind `key` has no more than WINDOW entries (read once)."""
        if key not in self._small:
            self._small[key] = not SearchEntry.objects.filter(kind=key)[WINDOW : WINDOW + 1].exists()
        return self._small[key]

    def window(self, key: str) -> list[tuple[int, int]]:
        """`newest_in_window` of kind `key`, read once."""
        if key not in self._windows:
            self._windows[key] = newest_in_window(key, self.entries(key), WINDOW)
        return self._windows[key]

    def of_kind(self, key: str) -> list[tuple[int, int]] | None:
        """(entry id, record id) of every match of kind `key`, newest first; None when there are too many, or
        when the words fill the newest window of a kind already read (too common for one lookup: the GIN
        bitmap of "xúc tiến đầu tư" across every kind costs more than each kind's own)."""
        if any(len(w) == CANDIDATES for w in self._windows.values()):
            return None
        if not self._read:
            self._read = True
            entries = SearchEntry.objects.filter(self.condition)
            if self.filters.kind:
                entries = entries.filter(kind=self.filters.kind)
            rows = list(entries.values_list("kind", "id", "object_id", "on")[: RARE_MATCHES + 1])
            if len(rows) <= RARE_MATCHES:
                rows.sort(key=lambda r: (r[3] is not None, r[3] or dt.date.min, r[2]), reverse=True)
                self._by_kind = {}
                for kind, pk, object_id, _on in rows:
                    self._by_kind.setdefault(kind, []).append((pk, object_id))
        return None if self._by_kind is None else self._by_kind.get(key, [])


def kind_page(
    user: Actor,
    kind: SearchKind,
    query: Query,
    filters: Filters,
    offset: int,
    size: int,
    matches: Matches | None = None,
) -> tuple[list[SearchEntry], int, bool]:
    """(entries of the page, count, count capped) for one kind, only what `user` may open.

    Cheapest first: the newest matches among the newest WINDOW entries of the kind, kept if the kind's own
    `visible_to` allows them (primary-key lookups), ranked, when they fill the page; else every match of the
    kind (`matches`, read once for all kinds when they are few; otherwise joined to `visible_to` here), ranked.
    So common words answer from the newest records, ranking ("exact title first") applies among those, and the
    count reads "200+"; rare words reach the whole index with an exact count up to 200."""
    needed = offset + size
    matches = matches or Matches(query, filters)
    matched = matches.entries(kind.key)
    newest = matches.window(kind.key)
    pool = _visible_pool(user, kind, newest)
    if len(newest) < CANDIDATES and matches.whole_kind_in_window(kind.key):
        # the window held every entry of the kind (a small kind: answers, contacts, visits at a province's
        # scale), so `newest` holds all its matches: no second reading joined to `visible_to`
        return (_page(pool, query, offset, size) if len(pool) > offset else []), len(pool), False
    visible_matches = matched.filter(object_id__in=kind.visible(user).values("pk"))
    if len(pool) < needed and len(newest) == CANDIDATES:
        # a common word the user may see little of (a mission, a province's own requests): ten times the
        # window, visibility still checked on the candidates only
        pool = _visible_pool(user, kind, newest_in_window(kind.key, matched, WIDE_WINDOW, WIDE_CANDIDATES))
        pool = pool[:CANDIDATES]
        if len(pool) >= needed:
            return _page(pool, query, offset, size), len(pool), True
    if len(pool) >= needed:
        if len(newest) == CANDIDATES:  # a common word: "200+" without counting the rest
            return _page(pool, query, offset, size), len(pool), True
        if matches.whole_kind_in_window(kind.key):
            return _page(pool, query, offset, size), len(pool), False  # the window held the whole kind
    known = matches.of_kind(kind.key)
    if known is not None:
        every = _visible_pool(user, kind, known)
        page = _page(every, query, offset, size) if len(every) > offset else []
        return page, min(len(every), CANDIDATES), len(every) > CANDIDATES
    if len(pool) >= needed:
        total = visible_matches.order_by()[: CANDIDATES + 1].count()
        return _page(pool, query, offset, size), min(total, CANDIDATES), total > CANDIDATES
    entries = _ranked(visible_matches, query)
    page = list(entries.only(*HIT_FIELDS)[offset : offset + size])
    count = offset + len(page) if len(page) < size else entries.order_by()[: CANDIDATES + 1].count()
    return page, min(count, CANDIDATES), count > CANDIDATES


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


def hit_from(entry: SearchEntry, kind: SearchKind, query: Query) -> Hit:
    via = ""
    for place in query.places:
        if not place.named_in(entry.text):
            via = f"{place.name} → {place.successor_name}"
    return Hit(
        kind=kind.key,
        id=entry.object_id,
        title=highlight(entry.title, query),
        snippet=highlight(snippet(entry.body, query), query),
        url=kind.url(entry.object_id),
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
    """`search` of a parsed query."""
    if query.empty or (part == SUCCESSOR and not query.places):
        return []
    groups = []
    matches = Matches(query, filters, part)
    chosen = {key: kind for key, kind in kinds().items() if not filters.kind or key == filters.kind}
    for key in chosen:
        matches.window(key)  # every kind's newest first: they tell whether the words are rare
    for key, kind in chosen.items():
        size = limit if limit is not None else per_kind
        page, count, capped = kind_page(user, kind, query, filters, offset, size, matches)
        if not count:
            continue
        groups.append(
            Group(key, str(kind.label), count, [hit_from(e, kind, query) for e in page], capped=capped)
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
    tokens = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
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
