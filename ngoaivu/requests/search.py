from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.requests.models import ServiceRequest


def request_document(req: ServiceRequest) -> IndexDoc:
    countries = [c.iso2 for c in req.target_countries.all()]
    partners = [p.name_vi or p.name for p in req.target_partners.all()]
    province = req.owner_org.province_code
    return IndexDoc(
        title=req.title,
        body=" ".join(filter(None, [req.description, req.desired_result, req.category.name_vi, *partners])),
        province_codes=[province] if province else [],
        countries=countries,
        on=req.sent_on or req.created_at.date(),
        extra=req.number or "",
    )


SEARCH_KINDS = [
    SearchKind(
        key="request",
        label=_("Đặt hàng"),
        model=ServiceRequest,
        document=request_document,
        url_name="requests:request_detail",
        select_related=("owner_org", "category"),
        prefetch_related=("target_countries", "target_partners"),
    )
]
