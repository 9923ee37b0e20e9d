from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.ingest.models import Document


def document_document(d: Document) -> IndexDoc:
    return IndexDoc(
        title=d.title,
        body=" ".join(filter(None, [d.summary, d.text])),
        province_codes=[p.code for p in d.provinces.all()],
        countries=[c.iso2 for c in d.countries.all()],
        on=d.published_on or d.created_at.date(),
        extra=" ".join(filter(None, [d.number, d.issuer, d.source])),
    )


def document_readers(d: Document) -> list[str]:
    """The library: the ministry, the owner, everyone when shared."""
    shared = [readers.EVERYONE] if d.visibility == Document.Visibility.SHARED else []
    return [readers.NATIONAL, *readers.organisation(d.owner_org_id), *shared]


SEARCH_KINDS = [
    SearchKind(
        key="document",
        label=_("Tài liệu, tin tức"),
        model=Document,
        document=document_document,
        url_name="ingest:document_detail",
        prefetch_related=("provinces", "countries"),
        readers=document_readers,
    )
]
