from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.border.models import BorderMechanism, BorderMeeting
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


SEARCH_KINDS = [
    SearchKind(
        key="border_mechanism",
        label=_("Cơ chế hợp tác biên giới"),
        model=BorderMechanism,
        document=mechanism_document,
        url_name="border:mechanism_detail",
        prefetch_related=("countries", "provinces", "former_provinces", "foreign_members"),
    ),
    SearchKind(
        key="border_meeting",
        label=_("Cuộc họp hợp tác biên giới"),
        model=BorderMeeting,
        document=meeting_document,
        url_name="border:meeting_detail",
        select_related=("mechanism",),
        prefetch_related=("mechanism__countries", "mechanism__provinces"),
    ),
]
