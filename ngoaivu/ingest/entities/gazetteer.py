"""Gazetteers of places, countries and organisations from the reference files (and the directory's partners),
the lookup of their names in a folded text, and the places and countries found that way."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ngoaivu.ingest.entities.text import JOINERS, TOKEN, Entity, _cap, _entity, _fold_name, _spelling

DIRECTORY_DATA = Path(__file__).resolve().parent.parent.parent / "directory" / "data"
INGEST_DATA = Path(__file__).resolve().parent.parent / "data"
MERGER_DAY = dt.date(2025, 7, 1)
COUNTRY_CONTEXT = {"nuoc", "phia", "tai", "voi", "sang", "den", "tham", "cua", "va", "quoc", "ban", "tu", "o"}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    era: str  # "current" or "former"
    successor: str  # the current code a former unit belongs to


@dataclass
class Gazetteer:
    places: dict[str, list[Place]] = field(default_factory=dict)  # folded name -> units of that name
    countries: dict[str, tuple[str, bool]] = field(default_factory=dict)  # folded -> (iso2, needs context)
    organisations: dict[str, str | None] = field(default_factory=dict)  # folded -> canonical
    not_acronyms: frozenset[str] = frozenset()
    spellings: dict[str, set[str]] = field(default_factory=dict)  # folded -> names as written (lower case)

    def spell(self, name: str) -> str:
        folded = _fold_name(name)
        self.spellings.setdefault(folded, set()).add(_spelling(name))
        return folded

    def written_as(self, surface: str) -> bool:
        """In a text written with diacritics, a name must be spelled as listed ("Lao" is not "Lào")."""
        return _spelling(surface) in self.spellings.get(_fold_name(surface), set())

    @functools.cached_property
    def _longest(self) -> dict[int, int]:
        """Words in the longest name of each table, counted once (the tables are complete before the first
        text is read; a partner gazetteer holds tens of thousands of names)."""
        tables = (self.places, self.countries, self.organisations)
        return {id(t): max((k.count(" ") + 1 for k in t), default=1) for t in tables}

    def longest(self, table: dict[str, Any]) -> int:
        return self._longest[id(table)]

    @functools.cached_property
    def _prefixes(self) -> dict[int, frozenset[str]]:
        """Every leading run of whole words of every name, per table: a lookup stops as soon as the words read
        so far begin no name (a long text costs one or two lookups per word, not `longest`)."""
        tables = (self.places, self.countries, self.organisations)
        found: dict[int, frozenset[str]] = {}
        for t in tables:
            runs: set[str] = set()
            for key in t:
                words = key.split(" ")
                runs.update(" ".join(words[: n + 1]) for n in range(len(words)))
            found[id(t)] = frozenset(runs)
        return found

    def prefixes(self, table: dict[str, Any]) -> frozenset[str]:
        return self._prefixes[id(table)]


def _tokens(folded: str, start: int = 0, stop: int | None = None) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group())
        for m in TOKEN.finditer(folded, start, len(folded) if stop is None else stop)
    ]


def _joined(folded: str, a: int, b: int) -> bool:
    return all(c in JOINERS for c in folded[a:b])


def gazetteer_matches(
    folded: str, table: dict[str, Any], longest: int, prefixes: frozenset[str] | None = None
) -> list[tuple[int, int, str]]:
    """Every run of whole words (joined by spaces or dashes) whose key is in `table`: a dictionary lookup per
    word and length, so the cost grows with the text, not with the number of names. With `prefixes` (the
    table's leading word runs, `Gazetteer.prefixes`) a run stops at the first words that begin no name."""
    tokens = _tokens(folded)
    found = []
    for i in range(len(tokens)):
        key = ""
        for n in range(longest):
            j = i + n
            if j >= len(tokens) or (n and not _joined(folded, tokens[j - 1][1], tokens[j][0])):
                break
            key = tokens[j][2] if not n else f"{key} {tokens[j][2]}"
            if prefixes is not None and key not in prefixes:
                break
            if key in table:
                found.append((tokens[i][0], tokens[j][1], key))
    return found


def match_at(folded: str, pos: int, table: dict[str, Any], longest: int) -> int | None:
    """The end of the longest name of `table` starting at `pos`, if any."""
    tokens = _tokens(folded, pos, min(len(folded), pos + 200))
    if not tokens or tokens[0][0] != pos:
        return None
    end, key = None, ""
    for n in range(min(longest, len(tokens))):
        if n and not _joined(folded, tokens[n - 1][1], tokens[n][0]):
            break
        key = tokens[n][2] if not n else f"{key} {tokens[n][2]}"
        if key in table:
            end = tokens[n][1]
    return end


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def reference_gazetteer() -> Gazetteer:
    """The gazetteer from the repository's reference files alone (no database): used by the evaluation and
    as the base of every other."""
    g = Gazetteer()
    current = {r["code"]: r for r in _read(DIRECTORY_DATA / "provinces.csv")}
    former = {r["code"]: r for r in _read(DIRECTORY_DATA / "former_provinces.csv")}
    for code, row in current.items():
        _add_place(g, row["name"], Place(code, row["name"], "current", code))
    for code, row in former.items():
        _add_place(g, row["name"], Place(code, row["name"], "former", row["successor_code"]))
    for row in _read(DIRECTORY_DATA / "province_aliases.csv"):
        alias = re.sub(r"^(TP\.?\s*|Tp\.?\s*|Thành phố\s+|Thủ đô\s+|Tỉnh\s+)", "", row["alias"]).strip(" .")
        if not alias:
            continue
        if row["era"] == "current" and row["code"] in current:
            _add_place(g, alias, Place(row["code"], current[row["code"]]["name"], "current", row["code"]))
        elif row["code"] in former:
            f = former[row["code"]]
            _add_place(g, alias, Place(row["code"], f["name"], "former", f["successor_code"]))
    for row in _read(DIRECTORY_DATA / "countries.csv"):
        for name in [row["name_vi"], row["name_en"], *filter(None, row["aliases"].split(";"))]:
            g.countries.setdefault(g.spell(name), (row["iso2"], False))
    for row in _read(INGEST_DATA / "country_aliases.csv"):
        g.countries[g.spell(row["alias"])] = (row["iso2"], row["needs_context"] == "1")
    for row in _read(DIRECTORY_DATA / "missions.csv"):
        g.organisations[g.spell(row["name_vi"])] = row["name_vi"]
    for row in _read(INGEST_DATA / "organisations.csv"):
        g.organisations[g.spell(row["name"])] = row["canonical"] or row["name"]
    g.not_acronyms = frozenset((INGEST_DATA / "not_org_acronyms.txt").read_text(encoding="utf-8").split())
    return g


def _add_place(g: Gazetteer, name: str, place: Place) -> None:
    units = g.places.setdefault(g.spell(name), [])
    if place not in units:
        units.append(place)


def gazetteer_with(organisations: Iterable[str]) -> Gazetteer:
    """The reference gazetteer plus organisation names (the directory's partners)."""
    base = reference_gazetteer()
    g = Gazetteer(
        dict(base.places),
        dict(base.countries),
        dict(base.organisations),
        base.not_acronyms,
        {k: set(v) for k, v in base.spellings.items()},
    )
    for name in organisations:
        if len(_fold_name(name)) >= 3:
            g.organisations.setdefault(g.spell(name), name)
    return g


def find_places(
    text: str, folded: str, g: Gazetteer, era_day: dt.date | None, marked: bool = True
) -> list[Entity]:
    found = []
    for start, end, key in gazetteer_matches(folded, g.places, g.longest(g.places), g.prefixes(g.places)):
        surface = text[start:end]
        if not (_cap(surface) or surface.isascii()) or (marked and not g.written_as(surface)):
            continue
        found.append(_entity("PROVINCE", text, start, end, _place_norm(g.places[key], era_day)))
    for start, end, key in gazetteer_matches(
        folded, g.countries, g.longest(g.countries), g.prefixes(g.countries)
    ):
        surface = text[start:end]
        if (not _cap(surface) and not surface.isupper()) or (marked and not g.written_as(surface)):
            continue
        iso2, needs_context = g.countries[key]
        if needs_context and not _country_context(text, folded, start, end):
            continue
        found.append(_entity("COUNTRY", text, start, end, iso2))
    return found


def _place_norm(units: list[Place], era_day: dt.date | None) -> dict[str, str]:
    """A name means the unit of the document's era: before 1 July 2025 the former province, from then on the
    current one (a name that is only a former one keeps its former code)."""
    old_era = era_day is not None and era_day < MERGER_DAY
    preferred = "former" if old_era else "current"
    unit = next((u for u in units if u.era == preferred), units[0])
    return {"code": unit.code, "current_code": unit.successor}


def _previous_word(text: str, start: int) -> list[str]:
    """`text[:start].split()[-1:]` without copying and splitting everything before `start` (that was done
    for every country name, so a long text cost its length squared): a window that doubles until it holds
    the whole word."""
    size = 64
    while True:
        lo = max(0, start - size)
        chunk = text[lo:start]
        words = chunk.split()
        if lo == 0 or len(words) >= 2 or (words and chunk[0].isspace()) or text[lo - 1].isspace():
            return words[-1:]
        size *= 2


def _country_context(text: str, folded: str, start: int, end: int) -> bool:
    before = folded[max(0, start - 12) : start].split()
    after = text[end : end + 3]
    prev_word = _previous_word(text, start)
    if (
        prev_word
        and _cap(prev_word[0])
        and not prev_word[0].endswith((",", ".", ":", ";"))
        and not re.search(r"[-–(]$", prev_word[0])
    ):
        return False
    if re.match(r"\s[A-ZĐÀ-Ỹ]", after):
        return False
    return bool(before) and before[-1] in COUNTRY_CONTEXT
