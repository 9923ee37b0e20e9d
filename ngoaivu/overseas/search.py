"""Search kinds of the overseas app: associations, notable people and programmes (never contact details, nor the leader's
name: personal data, indexed for every reader)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.overseas.models import OverseasAssociation, OverseasPerson, OverseasProgramme


def association_document(a: OverseasAssociation) -> IndexDoc:
    return IndexDoc(
        title=a.name_vi,
        body=" ".join(filter(None, [a.name_original, a.city, a.fields, a.note])),
        countries=[a.country.iso2],
    )


def person_document(p: OverseasPerson) -> IndexDoc:
    return IndexDoc(
        title=p.full_name,
        body=" ".join(filter(None, [p.organisation, p.position, p.note])),
        countries=[p.country.iso2],
    )


def programme_document(g: OverseasProgramme) -> IndexDoc:
    return IndexDoc(
        title=g.title,
        body=" ".join(filter(None, [g.place, g.organiser_name, g.outcomes])),
        province_codes=[p.code for p in g.provinces.all()],
        countries=[c.iso2 for c in g.countries.all()],
        on=g.starts_on,
    )


SEARCH_KINDS = [
    SearchKind(
        key="overseas_association",
        label=_("Hội đoàn người Việt Nam ở nước ngoài"),
        model=OverseasAssociation,
        document=association_document,
        url_name="overseas:association_detail",
        select_related=("country",),
    ),
    SearchKind(
        key="overseas_person",
        label=_("Kiều bào tiêu biểu"),
        model=OverseasPerson,
        document=person_document,
        url_name="overseas:person_detail",
        select_related=("country",),
    ),
    SearchKind(
        key="overseas_programme",
        label=_("Chương trình với kiều bào"),
        model=OverseasProgramme,
        document=programme_document,
        url_name="overseas:programme_detail",
        prefetch_related=("provinces", "countries"),
    ),
]
