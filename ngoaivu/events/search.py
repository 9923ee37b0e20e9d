from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.events.models import PromotionEvent


def event_document(e: PromotionEvent) -> IndexDoc:
    return IndexDoc(
        title=e.title_vi,
        body=" ".join(filter(None, [e.title_en, e.organisers, e.place, e.outcome_summary])),
        province_codes=[e.province.code, *(p.code for p in e.provinces.all())],
        former_codes=[e.former_province.code] if e.former_province is not None else [],
        countries=[c.iso2 for c in e.countries.all()],
        on=e.starts_on,
    )


def event_readers(e: PromotionEvent) -> list[str]:
    """`event_scope_q`: the ministry, the organising province, every province when shared, the missions taking
    part and those covering one of its countries."""
    return [
        readers.NATIONAL,
        *readers.province_organisation(e.owner_org_id),
        *([readers.PROVINCES] if e.visibility == "shared" else []),
        *[t for c in e.countries.all() for t in readers.covering_missions(c.pk)],
        *[t for m in e.missions.all() for t in readers.mission_organisation(m.organisation_id)],
    ]


SEARCH_KINDS = [
    SearchKind(
        key="promotion_event",
        label=_("Sự kiện xúc tiến"),
        model=PromotionEvent,
        document=event_document,
        url_name="events:event_detail",
        select_related=("province", "former_province"),
        prefetch_related=("countries", "provinces", "missions"),
        readers=event_readers,
    ),
]
