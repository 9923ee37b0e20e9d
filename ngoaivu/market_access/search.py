from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.market_access.models import Dossier


def dossier_document(dossier: Dossier) -> IndexDoc:
    return IndexDoc(
        title=dossier.title,
        body=" ".join(
            filter(
                None,
                [
                    dossier.product_en,
                    dossier.hs_code,
                    dossier.vn_authority,
                    dossier.foreign_authority,
                    dossier.stage.name_vi,
                    dossier.next_step,
                ],
            )
        ),
        province_codes=[p.code for p in dossier.provinces.all()],
        former_codes=[dossier.former_province.code] if dossier.former_province is not None else [],
        countries=[dossier.market.iso2],
        on=dossier.opened_on,
        extra=dossier.province_as_named,
    )


SEARCH_KINDS = [
    SearchKind(
        key="dossier",
        label=_("Hồ sơ mở cửa thị trường"),
        model=Dossier,
        document=dossier_document,
        url_name="market_access:dossier_detail",
        select_related=("market", "stage", "former_province"),
        prefetch_related=("provinces",),
    )
]
