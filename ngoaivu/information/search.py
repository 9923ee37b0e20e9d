from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.information.models import Brief


def brief_document(brief: Brief) -> IndexDoc:
    return IndexDoc(
        title=brief.title,
        body=" ".join(filter(None, [brief.summary, brief.body[:20000], brief.kind.name_vi])),
        province_codes=[p.code for p in brief.provinces.all()],
        countries=[c.iso2 for c in brief.countries.all()],
        on=brief.published_at.date() if brief.published_at else None,
        extra=brief.owner_org.name_vi,
    )


SEARCH_KINDS = [
    SearchKind(
        key="brief",
        label=_("Bản tin"),
        model=Brief,
        document=brief_document,
        url_name="information:brief_detail",
        select_related=("kind", "owner_org"),
        prefetch_related=("provinces", "countries"),
    )
]
