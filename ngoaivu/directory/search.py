from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.directory.models import Partner


def partner_document(partner: Partner) -> IndexDoc:
    return IndexDoc(
        title=partner.name_vi or partner.name,
        body=" ".join(filter(None, [partner.name, partner.sector, partner.address, partner.description])),
        countries=[partner.country.iso2] if partner.country_id else [],
        extra=partner.abbreviation,
    )


def partner_readers(partner: Partner) -> list[str]:
    """The ministry, the owner, everyone when shared."""
    shared = [readers.EVERYONE] if partner.visibility == Partner.Visibility.SHARED else []
    return [readers.NATIONAL, *readers.organisation(partner.owner_org_id), *shared]


SEARCH_KINDS = [
    SearchKind(
        key="partner",
        label=_("Đối tác"),
        model=Partner,
        document=partner_document,
        url_name="directory:partner_detail",
        select_related=("country",),
        readers=partner_readers,
    )
]
