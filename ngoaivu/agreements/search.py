from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.agreements.models import Agreement
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


SEARCH_KINDS = [
    SearchKind(
        key="agreement",
        label=_("Thỏa thuận quốc tế"),
        model=Agreement,
        document=agreement_document,
        url_name="agreements:agreement_detail",
        select_related=("province", "former_province", "country"),
        prefetch_related=("partners",),
    )
]
