"""What each app tells the search index about its records (ARCHITECTURE.md §7).

An app's `search.py` lists `SEARCH_KINDS`; the `search` app (top layer) discovers them, so no app
imports `search` and scoping stays in each model's `visible_to`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from ngoaivu.core.actors import Actor


@dataclass(frozen=True)
class IndexDoc:
    """The searchable face of one record. Province codes are current (34) codes; `former_codes` are the
    pre-2025 codes the record was filed under, so a search by a former name finds it."""

    title: str
    body: str = ""
    province_codes: Iterable[str] = ()
    former_codes: Iterable[str] = ()
    countries: Iterable[str] = ()
    on: dt.date | None = None
    extra: str = ""


@dataclass(frozen=True)
class SearchKind:
    """One indexed record kind: a scoped, soft-deletable model, how it reads as an `IndexDoc`, and the
    relations `document` follows (loaded with the rows when the index is built)."""

    key: str
    label: Any
    model: type[models.Model]
    document: Callable[[Any], IndexDoc]
    url_name: str
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    readers: Callable[[Any], Iterable[str]] | None = None
    """Who may read a record, as tokens (below): its `visible_to` for VIEW, stated for the index."""

    def index_queryset(self) -> models.QuerySet[Any]:
        """Every live record, for the index (jobs only: scoping happens when searching)."""
        manager: Any = self.model._default_manager
        qs: models.QuerySet[Any] = (
            manager.system(reason="search index")
            .filter(deleted_at__isnull=True)
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )
        return qs

    def visible(self, user: Actor) -> models.QuerySet[Any]:
        manager: Any = self.model._default_manager
        qs: models.QuerySet[Any] = manager.visible_to(user)
        return qs

    def url(self, pk: int) -> str:
        return self.urls([pk]).get(pk, "")

    def urls(self, pks: list[int]) -> dict[int, str]:
        """The page of each record, for a page of hits (a kind whose links need a query reads them at once)."""
        from django.urls import reverse

        return {pk: reverse(self.url_name, args=[pk]) for pk in pks}


# Who may read an index entry (issue 24): each kind's `readers(record)` names them as tokens, mirroring its
# `visible_to(user, VIEW)`; `search.access.reader_tokens(user)` gives the tokens a user holds. An entry is a
# candidate for a user when the two share a token, so the index scan itself applies the scope; the hits shown
# are then checked once more through `visible_to` (search.selectors), so a stale token can hide a record for a
# moment but never show one. Tokens start with "@": indexed words are folded letters and digits, so no word
# can be taken for a token.
EVERYONE = "@*"
"""Every active user."""
ANY_ORGANISATION = "@A"
"""Every user who belongs to an organisation."""
NATIONAL = "@N"
"""The ministry's Cục (national scope)."""
PROVINCES = "@P"
"""Every province."""
MISSIONS = "@M"
"""Every mission."""
MINISTRY_UNITS = "@U"
"""Every other unit of the ministry."""
NOBODY: tuple[str, ...] = ()


def organisation(org_id: int | None) -> list[str]:
    """The organisation itself, whatever its kind."""
    return [f"@o{org_id}"] if org_id else []


def national_organisation(org_id: int | None) -> list[str]:
    """The organisation, only while it is the Cục (national scope)."""
    return [f"@No{org_id}"] if org_id else []


def province_organisation(org_id: int | None) -> list[str]:
    """The organisation, only while it is a province (a rule such as "the owning province reads")."""
    return [f"@Po{org_id}"] if org_id else []


def mission_organisation(org_id: int | None) -> list[str]:
    return [f"@Mo{org_id}"] if org_id else []


def unit_organisation(org_id: int | None) -> list[str]:
    return [f"@Uo{org_id}"] if org_id else []


def unit_code(code: str) -> list[str]:
    """A ministry unit known by its organisation code (the consular unit, the overseas Vietnamese committee)."""
    return [f"@Ug{code}"] if code else []


def province_code(code: str | None) -> list[str]:
    """The users of the province with this (current) code."""
    return [f"@Pp{code}"] if code else []


def covering_missions(country_id: int | None) -> list[str]:
    """The missions accredited to this country."""
    return [f"@Mc{country_id}"] if country_id else []
