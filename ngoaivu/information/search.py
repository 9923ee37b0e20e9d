from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
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


def brief_readers(b: Brief) -> list[str]:
    """`brief_scope_q`: the author organisation (drafts too); once issued, the ministry and its units and the
    provinces addressed (all, a region's, or those named)."""
    own = [*readers.national_organisation(b.owner_org_id), *readers.unit_organisation(b.owner_org_id)]
    own += readers.mission_organisation(b.owner_org_id)
    if b.status == "draft":
        return own
    if b.audience == "all":
        addressed = [readers.PROVINCES]
    elif b.audience == "region":
        region = b.region
        members = region.provinces.all() if region is not None else []
        addressed = [t for p in members for t in readers.province_code(p.code)]
    else:
        addressed = [t for p in b.provinces.all() for t in readers.province_code(p.code)]
    return [*own, readers.NATIONAL, readers.MINISTRY_UNITS, *addressed]


SEARCH_KINDS = [
    SearchKind(
        key="brief",
        label=_("Bản tin"),
        model=Brief,
        document=brief_document,
        url_name="information:brief_detail",
        select_related=("kind", "owner_org", "region"),
        prefetch_related=("provinces", "countries", "region__provinces"),
        readers=brief_readers,
    )
]
