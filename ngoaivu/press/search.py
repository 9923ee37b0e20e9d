"""The press visits in the site search: agency, topic, places, provinces and licence number — never the
reporters (their names and personal data are not indexed)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.press.models import PressVisit


def visit_document(v: PressVisit) -> IndexDoc:
    return IndexDoc(
        title=f"{v.outlet}: {v.topic}",
        body=" ".join(filter(None, [v.places, v.licence_number, v.receiving_unit, v.outcome_summary])),
        province_codes=[v.province.code, *(p.code for p in v.provinces.all())],
        former_codes=[v.former_province.code] if v.former_province is not None else [],
        countries=[v.country.iso2],
        on=v.starts_on,
    )


def press_visit_readers(v: PressVisit) -> list[str]:
    """`visit_scope_q`: the ministry, the host province, every province when shared, the provinces on the
    route, the missions covering the agency's country."""
    return [
        readers.NATIONAL,
        *readers.province_organisation(v.owner_org_id),
        *([readers.PROVINCES] if v.visibility == "shared" else []),
        *[t for p in v.provinces.all() for t in readers.province_code(p.code)],
        *readers.covering_missions(v.country_id),
    ]


SEARCH_KINDS = [
    SearchKind(
        key="press_visit",
        label=_("Đoàn phóng viên nước ngoài"),
        model=PressVisit,
        document=visit_document,
        url_name="press:visit_detail",
        select_related=("province", "former_province", "country"),
        prefetch_related=("provinces",),
        readers=press_visit_readers,
    ),
]
