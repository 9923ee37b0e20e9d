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
        from django.urls import reverse

        return reverse(self.url_name, args=[pk])
