from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.border.models import BorderMechanism, BorderMeeting
from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind


def mechanism_document(m: BorderMechanism) -> IndexDoc:
    return IndexDoc(
        title=m.name_vi,
        body=" ".join(
            filter(
                None,
                [m.name_en, m.members_as_named, m.founding_doc_number, m.founding_doc_title, m.description],
            )
        ),
        province_codes=[p.code for p in m.provinces.all()],
        former_codes=[f.code for f in m.former_provinces.all()],
        countries=[c.iso2 for c in m.countries.all()],
        on=m.founded_on,
        extra=" ".join(f.name for f in m.foreign_members.all()),
    )


def meeting_document(m: BorderMeeting) -> IndexDoc:
    mechanism = m.mechanism
    return IndexDoc(
        title=m.title,
        body=" ".join(filter(None, [mechanism.name_vi, m.place, m.delegations, m.minutes_number, m.summary])),
        province_codes=[p.code for p in mechanism.provinces.all()],
        countries=[c.iso2 for c in mechanism.countries.all()],
        on=m.starts_on,
    )


def mechanism_readers(m: BorderMechanism) -> list[str]:
    """`mechanism_scope_q`: the ministry and its units, the owner, the member provinces, the missions covering
    one of its countries."""
    return [
        readers.NATIONAL,
        readers.MINISTRY_UNITS,
        *readers.organisation(m.owner_org_id),
        *[t for p in m.provinces.all() for t in readers.province_code(p.code)],
        *[t for c in m.countries.all() for t in readers.covering_missions(c.pk)],
    ]


def meeting_readers(meeting: BorderMeeting) -> list[str]:
    """A meeting follows its mechanism (nobody, once the mechanism is deleted)."""
    mechanism = meeting.mechanism
    return [] if mechanism.deleted_at is not None else mechanism_readers(mechanism)


SEARCH_KINDS = [
    SearchKind(
        key="border_mechanism",
        label=_("Cơ chế hợp tác biên giới"),
        model=BorderMechanism,
        document=mechanism_document,
        url_name="border:mechanism_detail",
        prefetch_related=("countries", "provinces", "former_provinces", "foreign_members"),
        readers=mechanism_readers,
    ),
    SearchKind(
        key="border_meeting",
        label=_("Cuộc họp hợp tác biên giới"),
        model=BorderMeeting,
        document=meeting_document,
        url_name="border:meeting_detail",
        select_related=("mechanism",),
        prefetch_related=("mechanism__countries", "mechanism__provinces"),
        readers=meeting_readers,
    ),
]
