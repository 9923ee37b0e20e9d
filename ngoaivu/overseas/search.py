"""Search kinds of the overseas app: associations, notable people and programmes (never contact details, nor the leader's
name: personal data, indexed for every reader)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.overseas.models import OverseasAssociation, OverseasPerson, OverseasProgramme
from ngoaivu.overseas.querysets import OVERSEAS_UNIT


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


def directory_like_readers(record: OverseasAssociation | OverseasPerson) -> list[str]:
    """`directory_like_q`: the Cục and the overseas Vietnamese committee, the owner, every organisation when
    shared."""
    return [
        readers.NATIONAL,
        *readers.unit_code(OVERSEAS_UNIT),
        *readers.organisation(record.owner_org_id),
        *([readers.ANY_ORGANISATION] if record.visibility == "shared" else []),
    ]


def programme_readers(p: OverseasProgramme) -> list[str]:
    """As associations, and the missions covering one of its countries."""
    covered = [t for c in p.countries.all() for t in readers.covering_missions(c.pk)]
    return [*directory_like_readers(p), *covered]  # type: ignore[arg-type]


SEARCH_KINDS = [
    SearchKind(
        key="overseas_association",
        label=_("Hội đoàn người Việt Nam ở nước ngoài"),
        model=OverseasAssociation,
        document=association_document,
        url_name="overseas:association_detail",
        select_related=("country",),
        readers=directory_like_readers,
    ),
    SearchKind(
        key="overseas_person",
        label=_("Kiều bào tiêu biểu"),
        model=OverseasPerson,
        document=person_document,
        url_name="overseas:person_detail",
        select_related=("country",),
        readers=directory_like_readers,
    ),
    SearchKind(
        key="overseas_programme",
        label=_("Chương trình với kiều bào"),
        model=OverseasProgramme,
        document=programme_document,
        url_name="overseas:programme_detail",
        prefetch_related=("provinces", "countries"),
        readers=programme_readers,
    ),
]
