from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.requests.models import ServiceRequest
from ngoaivu.requests.querysets import UNSENT


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


def request_readers(req: ServiceRequest) -> list[str]:
    """`request_scope_q` for VIEW: the sender (drafts too); once sent, the ministry, the organisations it is
    routed to and the missions covering its countries."""
    own = readers.organisation(req.owner_org_id)
    if req.status in UNSENT:
        return own
    routed = [t for r in req.recipients.all() for t in readers.organisation(r.organisation_id)]
    covered = [t for c in req.target_countries.all() for t in readers.covering_missions(c.pk)]
    return [*own, readers.NATIONAL, *routed, *covered]


SEARCH_KINDS = [
    SearchKind(
        key="request",
        label=_("Đặt hàng"),
        model=ServiceRequest,
        document=request_document,
        url_name="requests:request_detail",
        select_related=("owner_org", "category"),
        prefetch_related=("target_countries", "target_partners", "recipients"),
        readers=request_readers,
    )
]
