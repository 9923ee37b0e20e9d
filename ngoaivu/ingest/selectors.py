"""Reading the document library, and the scoped choices and gazetteer its services need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from ngoaivu.agreements.models import Agreement
from ngoaivu.core.actors import Actor
from ngoaivu.core.lists import order
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import fold_terms
from ngoaivu.delegations.models import Delegation
from ngoaivu.directory.models import Country, Partner, Province
from ngoaivu.ingest import entities as ner
from ngoaivu.ingest.entities import display
from ngoaivu.ingest.filters import SORTS, DocumentFilters
from ngoaivu.ingest.models import Document, DocumentVersion
from ngoaivu.requests.models import ServiceRequest

LINKABLE: dict[str, Any] = {
    "partners": Partner,
    "agreements": Agreement,
    "requests": ServiceRequest,
    "delegations": Delegation,
}
MAX_GAZETTEER_PARTNERS = 50_000


def linkable(user: Actor, name: str) -> QuerySet[Any]:
    qs: QuerySet[Any] = LINKABLE[name].objects.visible_to(user)
    return qs


def linked(*, user: Actor, document: Document, name: str) -> QuerySet[Any]:
    """The records of one kind a document links to that `user` may see (a shared document can link to a
    private agreement of its province)."""
    return linkable(user, name).filter(pk__in=getattr(document, name).all())


def link_choices(
    *, user: Actor, name: str, keep: list[int] | None = None, limit: int = 500
) -> list[tuple[int, str]]:
    """The newest records of a kind the user may see, for a select box (plus those already linked)."""
    qs = linkable(user, name)
    rows = list(qs.order_by("-pk")[:limit])
    missing = set(keep or []) - {r.pk for r in rows}
    if missing:
        rows += list(qs.filter(pk__in=missing))
    return [(r.pk, str(r)[:200]) for r in rows]


def document_list(*, user: Actor, filters: DocumentFilters) -> QuerySet[Document]:
    qs = filters.filter(Document.objects.visible_to(user).select_related("owner_org")).distinct()
    return order(qs, filters.sort, SORTS, "-published")


def document_get(*, user: Actor, document_id: int, action: Action = Action.VIEW) -> Document:
    return get_for_action(Document, user, action, pk=document_id)


def gazetteer_for(user: Actor) -> ner.Gazetteer:
    """The reference gazetteer plus the names of the partners `user` may see (as organisations)."""
    names: list[str] = []
    rows = linkable(user, "partners").values_list("name", "name_vi", "abbreviation")[:MAX_GAZETTEER_PARTNERS]
    for name, name_vi, abbreviation in rows:
        names.extend(n for n in (name, name_vi, abbreviation) if n and len(n) >= 3)
    return ner.gazetteer_with(names)


def partner_ids_by_name(user: Actor, names: list[str]) -> dict[str, int]:
    """Folded name → partner id, for the organisations found in a text that are in the directory. One query
    with the names as a set (`IN`), whatever their number: an OR of three comparisons per name failed on
    SQLite past a few hundred names. The names are given as the directory writes them (`_partner_names`
    adds the gazetteer's spelling to the text's), so plain equality finds them."""
    exact = sorted({n for n in names if n})
    wanted = {" ".join(fold_terms(n)) for n in exact}
    if not exact:
        return {}
    found: dict[str, int] = {}
    rows = (
        linkable(user, "partners")
        .filter(Q(name__in=exact) | Q(name_vi__in=exact) | Q(abbreviation__in=exact))
        .values_list("pk", "name", "name_vi", "abbreviation")
    )
    for pk, name, name_vi, abbreviation in rows:
        for n in (name, name_vi, abbreviation):
            key = " ".join(fold_terms(n))
            if key in wanted:
                found.setdefault(key, pk)
    return found


def stored_copy(*, sha256: str, size: int) -> str | None:
    """The stored name of a file with these bytes, if any version already holds it: two organisations may
    keep the same document (neither sees the other's), the file is stored once. Never shown to the user."""
    return (
        DocumentVersion.objects.filter(sha256=sha256, size=size)
        .exclude(file="")
        .order_by("pk")
        .values_list("file", flat=True)
        .first()
    )


@dataclass
class Proposal:
    """One proposed link, however many times its name occurs in the text."""

    entity_id: int
    target: str
    label: str
    type: str
    texts: list[str]
    status: str

    @property
    def type_label(self) -> str:
        return display.type_label(self.type)


def proposals(*, user: Actor, document: Document) -> list[Proposal]:
    rows: dict[str, Proposal] = {}
    for e in document.entities.exclude(target=""):
        row = rows.get(e.target)
        if row is None:
            rows[e.target] = Proposal(e.pk, e.target, e.target, e.type, [e.text], e.status)
        elif e.text not in row.texts:
            row.texts.append(e.text)
    kinds: dict[str, dict[str, str]] = {"province": {}, "country": {}, "partner": {}}
    for target in rows:
        kind, _sep, value = target.partition(":")
        kinds.setdefault(kind, {})[value] = target
    names = {
        **{
            f"province:{c}": n
            for c, n in Province.objects.filter(code__in=kinds["province"]).values_list("code", "name")
        },
        **{
            f"country:{c}": n
            for c, n in Country.objects.filter(iso2__in=kinds["country"]).values_list("iso2", "name_vi")
        },
        **{
            f"partner:{pk}": str(p)
            for pk, p in (
                (p.pk, p)
                for p in linkable(user, "partners").filter(pk__in=[int(v) for v in kinds["partner"]])
            )
        },
    }
    for target, row in rows.items():
        row.label = names.get(target, target)
    return list(rows.values())
