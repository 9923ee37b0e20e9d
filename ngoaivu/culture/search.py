from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.culture.models import CulturalEvent, HeritageTitle


def title_document(t: HeritageTitle) -> IndexDoc:
    return IndexDoc(
        title=t.name_vi,
        body=" ".join(filter(None, [t.name_en, t.kind.name_vi, t.province_as_named, t.next_step, t.summary])),
        province_codes=[t.province.code, *(p.province.code for p in t.involved.all())],
        former_codes=[t.former_province.code] if t.former_province is not None else [],
        countries=[],
        on=t.stage_on,
    )


def event_document(e: CulturalEvent) -> IndexDoc:
    return IndexDoc(
        title=e.title_vi,
        body=" ".join(filter(None, [e.title_en, e.organisers, e.city, e.outcome_summary])),
        province_codes=[e.province.code, *(p.code for p in e.provinces.all())],
        former_codes=[e.former_province.code] if e.former_province is not None else [],
        countries=[e.country.iso2] if e.country is not None else [],
        on=e.starts_on,
    )


def title_readers(t: HeritageTitle) -> list[str]:
    """`title_scope_q`: the ministry, the owner, provinces, missions and ministry units when shared, the lead
    province and every province involved."""
    return [
        readers.NATIONAL,
        *readers.organisation(t.owner_org_id),
        *([readers.PROVINCES, readers.MISSIONS, readers.MINISTRY_UNITS] if t.visibility == "shared" else []),
        *readers.province_code(t.province.code if t.province_id else None),
        *[x for i in t.involved.all() for x in readers.province_code(i.province.code)],
    ]


def cultural_event_readers(e: CulturalEvent) -> list[str]:
    """`event_scope_q`: the ministry, the organising province, every province when shared, the provinces
    taking part, the mission taking part and the missions covering the host country."""
    return [
        readers.NATIONAL,
        *readers.province_organisation(e.owner_org_id),
        *([readers.PROVINCES] if e.visibility == "shared" else []),
        *[t for p in e.provinces.all() for t in readers.province_code(p.code)],
        *readers.mission_organisation(e.mission.organisation_id if e.mission is not None else None),
        *readers.covering_missions(e.country_id),
    ]


SEARCH_KINDS = [
    SearchKind(
        key="heritage_title",
        label=_("Danh hiệu, hồ sơ UNESCO"),
        model=HeritageTitle,
        document=title_document,
        url_name="culture:title_detail",
        select_related=("kind", "province", "former_province"),
        prefetch_related=("involved__province",),
        readers=title_readers,
    ),
    SearchKind(
        key="cultural_event",
        label=_("Sự kiện ngoại giao văn hóa"),
        model=CulturalEvent,
        document=event_document,
        url_name="culture:event_detail",
        select_related=("province", "former_province", "country", "mission"),
        prefetch_related=("provinces",),
        readers=cultural_event_readers,
    ),
]
