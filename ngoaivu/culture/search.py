from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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


SEARCH_KINDS = [
    SearchKind(
        key="heritage_title",
        label=_("Danh hiệu, hồ sơ UNESCO"),
        model=HeritageTitle,
        document=title_document,
        url_name="culture:title_detail",
        select_related=("kind", "province", "former_province"),
        prefetch_related=("involved__province",),
    ),
    SearchKind(
        key="cultural_event",
        label=_("Sự kiện ngoại giao văn hóa"),
        model=CulturalEvent,
        document=event_document,
        url_name="culture:event_detail",
        select_related=("province", "former_province", "country"),
        prefetch_related=("provinces",),
    ),
]
