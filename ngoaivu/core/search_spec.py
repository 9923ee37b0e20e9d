"""What each app tells the search index about its records (ARCHITECTURE.md §7).

An app's `search.py` lists `SEARCH_KINDS`; the `search` app (top layer) discovers them, so no app
imports `search` and scoping stays in each model's `visible_to`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


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
    key: str
    label: Any
    model: type[models.Model]
    document: Callable[[Any], IndexDoc]
    url_name: str
    index_queryset: Callable[[], models.QuerySet]
    visible: Callable[[Any], models.QuerySet]
    weight: int = 1
    related: tuple[str, ...] = field(default=())

    def url(self, pk: int) -> str:
        from django.urls import reverse

        return reverse(self.url_name, args=[pk])
