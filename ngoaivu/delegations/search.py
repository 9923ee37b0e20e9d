from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit, Visibility


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


def province_record_readers(record: Delegation | Conference) -> list[str]:
    """`province_record_q` and the missions' country rule: the ministry, the owning province, every province
    when shared, the missions covering one of its countries."""
    covered = [t for c in record.countries.all() for t in readers.covering_missions(c.pk)]
    return [
        readers.NATIONAL,
        *readers.province_organisation(record.owner_org_id),
        *([readers.PROVINCES] if record.visibility == Visibility.SHARED else []),
        *covered,
    ]


def visit_readers(v: LeaderVisit) -> list[str]:
    """The ministry and the province visited."""
    return [readers.NATIONAL, *readers.province_code(v.province.code)]


SEARCH_KINDS = [
    SearchKind(
        key="delegation",
        label=_("Đoàn ra, đoàn vào"),
        model=Delegation,
        document=delegation_document,
        url_name="delegations:delegation_detail",
        select_related=("province",),
        prefetch_related=("countries", "partners"),
        readers=province_record_readers,
    ),
    SearchKind(
        key="visit",
        label=_("Chuyến thăm, làm việc"),
        model=LeaderVisit,
        document=visit_document,
        url_name="delegations:visit_detail",
        select_related=("province",),
        readers=visit_readers,
    ),
    SearchKind(
        key="conference",
        label=_("Hội nghị, hội thảo quốc tế"),
        model=Conference,
        document=conference_document,
        url_name="delegations:conference_detail",
        select_related=("province",),
        prefetch_related=("countries",),
        readers=province_record_readers,
    ),
]
