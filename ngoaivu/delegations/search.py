from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit


def delegation_document(d: Delegation) -> IndexDoc:
    """Only the summary every reader of a shared delegation is shown (issue 16): one index entry serves every
    user, so purpose, cities, partners and results stay out of it (the delegations list searches those for the
    users who read them)."""
    return IndexDoc(
        title=d.title,
        body=" ".join(filter(None, [d.head_name, d.head_position])),
        province_codes=[d.province.code] if d.province_id else [],
        countries=[c.iso2 for c in d.countries.all()],
        on=d.departs_on,
    )


def visit_document(v: LeaderVisit) -> IndexDoc:
    return IndexDoc(
        title=str(v),
        body=" ".join(
            filter(None, [v.ministry_leaders, v.province_leaders, v.agenda, v.agreed, v.follow_up])
        ),
        province_codes=[v.province.code],
        on=v.starts_on,
    )


def conference_document(c: Conference) -> IndexDoc:
    return IndexDoc(
        title=c.title,
        body=" ".join(filter(None, [c.organiser, c.venue, c.report_text])),
        province_codes=[c.province.code],
        countries=[x.iso2 for x in c.countries.all()],
        on=c.starts_on,
    )


SEARCH_KINDS = [
    SearchKind(
        key="delegation",
        label=_("Đoàn ra, đoàn vào"),
        model=Delegation,
        document=delegation_document,
        url_name="delegations:delegation_detail",
        select_related=("province",),
        prefetch_related=("countries", "partners"),
    ),
    SearchKind(
        key="visit",
        label=_("Chuyến thăm, làm việc"),
        model=LeaderVisit,
        document=visit_document,
        url_name="delegations:visit_detail",
        select_related=("province",),
    ),
    SearchKind(
        key="conference",
        label=_("Hội nghị, hội thảo quốc tế"),
        model=Conference,
        document=conference_document,
        url_name="delegations:conference_detail",
        select_related=("province",),
        prefetch_related=("countries",),
    ),
]
