from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
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


def dossier_readers(d: Dossier) -> list[str]:
    """`dossier_scope_q`: the ministry and its units, the owning province, every province when shared, the
    supporting mission and the missions covering the market."""
    return [
        readers.NATIONAL,
        readers.MINISTRY_UNITS,
        *readers.province_organisation(d.owner_org_id),
        *([readers.PROVINCES] if d.visibility == "shared" else []),
        *readers.mission_organisation(d.mission.organisation_id if d.mission is not None else None),
        *readers.covering_missions(d.market_id),
    ]


SEARCH_KINDS = [
    SearchKind(
        key="dossier",
        label=_("Hồ sơ mở cửa thị trường"),
        model=Dossier,
        document=dossier_document,
        url_name="market_access:dossier_detail",
        select_related=("market", "stage", "former_province", "mission"),
        readers=dossier_readers,
        prefetch_related=("provinces",),
    )
]
