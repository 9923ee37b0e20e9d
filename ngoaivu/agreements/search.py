from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.models import Agreement
from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind


def agreement_document(agreement: Agreement) -> IndexDoc:
    partners = [p.name_vi or p.name for p in agreement.partners.all()]
    return IndexDoc(
        title=agreement.title_vi,
        body=" ".join(
            filter(
                None,
                [
                    agreement.title_foreign,
                    agreement.vn_party,
                    *partners,
                    agreement.description,
                    agreement.signed_place,
                    agreement.signatories_vn,
                    agreement.signatories_foreign,
                ],
            )
        ),
        province_codes=[agreement.province.code] if agreement.province_id else [],
        former_codes=[agreement.former_province.code] if agreement.former_province is not None else [],
        countries=[agreement.country.iso2] if agreement.country_id else [],
        on=agreement.signed_on or agreement.created_at.date(),
        extra=agreement.province_as_named,
    )


def agreement_readers(agreement: Agreement) -> list[str]:
    """`agreement_scope_q` for VIEW: the ministry; the owning province; every province when shared; the missions
    covering its country; the ministry units consulted in its legal steps."""
    consulted = [t for s in agreement.legal_steps.all() for t in readers.unit_organisation(s.body_org_id)]
    return [
        readers.NATIONAL,
        *readers.province_organisation(agreement.owner_org_id),
        *([readers.PROVINCES] if agreement.visibility == Agreement.Visibility.SHARED else []),
        *readers.covering_missions(agreement.country_id),
        *consulted,
    ]


SEARCH_KINDS = [
    SearchKind(
        key="agreement",
        label=_("Thỏa thuận quốc tế"),
        model=Agreement,
        document=agreement_document,
        url_name="agreements:agreement_detail",
        select_related=("province", "former_province", "country"),
        prefetch_related=("partners", "legal_steps"),
        readers=agreement_readers,
    )
]
