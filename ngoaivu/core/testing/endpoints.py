"""Every route of the site, declared once by its app (`<app>/tests/endpoints.py`), for the leak suite."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

APPS_WITH_ENDPOINTS = [
    "ngoaivu.accounts",
    "ngoaivu.directory",
    "ngoaivu.requests",
    "ngoaivu.agreements",
    "ngoaivu.indicators",
    "ngoaivu.aid",
    "ngoaivu.market_access",
    "ngoaivu.events",
    "ngoaivu.culture",
    "ngoaivu.press",
    "ngoaivu.overseas",
    "ngoaivu.consular",
    "ngoaivu.training",
    "ngoaivu.border",
    "ngoaivu.delegations",
    "ngoaivu.ingest",
    "ngoaivu.information",
    "ngoaivu.partnering",
    "ngoaivu.search",
    "ngoaivu.drafts",
    "ngoaivu.reports",
    "ngoaivu.config",
]


@dataclass(frozen=True)
class Endpoint:
    """kind: "list" (scoped rows: markers checked), "object" (one scoped record), "reference" (readable by any
    signed-in user), "public" (no sign-in), "self" (the user's own data only), "users" (an organisation's people,
    for its administrators: action "list" is refused with 403 to anyone else, action "object" — a person — is 404
    to anyone who does not administer that person's organisation)."""

    route: str
    kind: str
    url: Callable[[Any], str]
    api: bool = False
    method: str = "get"
    model: str = "partner"  # for list/object: which scoped record the markers are made of
    action: str = "view"
    body: Callable[[Any], dict[str, Any]] | None = None
    policy: str = "default"  # "audit_log": ministry and organisation admins only; "sent_only": never drafts

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.route}"


def all_endpoints() -> list[Endpoint]:
    found: list[Endpoint] = []
    for app in APPS_WITH_ENDPOINTS:
        module = importlib.import_module(f"{app}.tests.endpoints")
        found.extend(module.ENDPOINTS)
    return found


def site_routes() -> set[str]:
    """Every URL pattern of the site as a route string (Django and django-ninja)."""
    routes: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                routes.add(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return routes
