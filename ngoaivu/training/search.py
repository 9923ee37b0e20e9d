"""Courses in the site search. Trainees are never indexed (their names are personal data of a history, not a
record to look up across provinces)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.training.models import Course
from ngoaivu.training.querysets import MINISTRY_KINDS


def course_document(c: Course) -> IndexDoc:
    return IndexDoc(
        title=c.title,
        body=" ".join(filter(None, [c.organiser_name, c.topic.name_vi, c.place, c.description])),
        province_codes=[c.owner_org.province_code] if c.owner_org.province_code else [],
        former_codes=[],
        countries=[],
        on=c.starts_on,
    )


def course_readers(c: Course) -> list[str]:
    """`course_scope_q`: the ministry, the owner, every organisation when the ministry runs it or it is
    shared."""
    open_to_all = c.owner_org.kind in MINISTRY_KINDS or c.visibility == "shared"
    return [
        readers.NATIONAL,
        *readers.organisation(c.owner_org_id),
        *([readers.ANY_ORGANISATION] if open_to_all else []),
    ]


SEARCH_KINDS = [
    SearchKind(
        key="training_course",
        label=_("Khóa đào tạo"),
        model=Course,
        document=course_document,
        url_name="training:course_detail",
        select_related=("topic", "owner_org"),
        prefetch_related=(),
        readers=course_readers,
    ),
]
