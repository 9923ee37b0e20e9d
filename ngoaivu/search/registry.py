"""The record kinds the index holds, discovered from each app's `search.py` (`SEARCH_KINDS`), and those the
search app defines itself (`search.kinds`: answers and partner contacts)."""

from __future__ import annotations

import functools
import importlib
import importlib.util

from django.apps import apps
from django.db import models

from ngoaivu.core.search_spec import SearchKind

ORDER = [
    "request",
    "answer",
    "agreement",
    "delegation",
    "visit",
    "conference",
    "promotion_event",
    "dossier",
    "aid_project",
    "heritage_title",
    "cultural_event",
    "press_visit",
    "overseas_association",
    "overseas_person",
    "overseas_programme",
    "citizen_case",
    "training_course",
    "border_mechanism",
    "border_meeting",
    "document",
    "partner",
    "contact",
]


@functools.cache
def kinds() -> dict[str, SearchKind]:
    found: dict[str, SearchKind] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("ngoaivu.") or config.name == "ngoaivu.search":
            continue
        name = f"{config.name}.search"
        if importlib.util.find_spec(name) is None:
            continue
        for kind in importlib.import_module(name).SEARCH_KINDS:
            found[kind.key] = kind
    for kind in importlib.import_module("ngoaivu.search.kinds").SEARCH_KINDS:  # the search app's own
        found.setdefault(kind.key, kind)
    return dict(sorted(found.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else len(ORDER)))


def kind_for(model: type[models.Model]) -> SearchKind | None:
    return next((k for k in kinds().values() if k.model is model), None)
