"""Citizen cases in the search index: only the reference number and the summary (which carries no names), never
the citizens' personal data; found only by those the case's `visible_to` lets in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.consular.models import CitizenCase
from ngoaivu.consular.querysets import CONSULAR_UNIT
from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind


def case_document(c: CitizenCase) -> IndexDoc:
    return IndexDoc(
        title=c.reference,
        body=c.summary,
        province_codes=[c.province.code],
        former_codes=[c.former_province.code] if c.former_province is not None else [],
        countries=[c.country.iso2],
        on=c.received_on,
    )


def case_readers(c: CitizenCase) -> list[str]:
    """`case_scope_q` for VIEW: the mission handling it, the province of the citizen, the consular unit (not
    the Cục: personal data is read where the case is handled)."""
    return [
        *readers.mission_organisation(c.owner_org_id),
        *readers.province_code(c.province.code if c.province_id else None),
        *readers.unit_code(CONSULAR_UNIT),
    ]


SEARCH_KINDS = [
    SearchKind(
        key="citizen_case",
        label=_("Vụ việc bảo hộ công dân"),
        model=CitizenCase,
        document=case_document,
        url_name="consular:case_detail",
        select_related=("province", "former_province", "country"),
        readers=case_readers,
    ),
]
