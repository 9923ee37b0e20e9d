from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.aid.models import AidProject
from ngoaivu.core import search_spec as readers
from ngoaivu.core.search_spec import IndexDoc, SearchKind


def aid_project_document(project: AidProject) -> IndexDoc:
    return IndexDoc(
        title=project.title,
        body=" ".join(
            filter(
                None,
                [
                    project.ngo.name,
                    project.ngo.name_vi,
                    project.ngo.abbreviation,
                    project.localities,
                    project.approval_number,
                    project.approving_body,
                    project.description,
                ],
            )
        ),
        province_codes=sorted({project.province.code, *(p.code for p in project.provinces.all())}),
        former_codes=[project.former_province.code] if project.former_province is not None else [],
        countries=[project.country.iso2],
        on=project.approval_date or project.created_at.date(),
        extra=project.province_as_named,
    )


def aid_project_readers(p: AidProject) -> list[str]:
    """`aid_scope_q`: the ministry, the owning province, the missions covering the NGO's own country."""
    return [
        readers.NATIONAL,
        *readers.province_organisation(p.owner_org_id),
        *readers.covering_missions(p.ngo.country_id if p.ngo_id else None),
    ]


SEARCH_KINDS = [
    SearchKind(
        key="aid_project",
        label=_("Dự án viện trợ PCPNN"),
        model=AidProject,
        document=aid_project_document,
        url_name="aid:project_detail",
        select_related=("ngo", "country", "province", "former_province"),
        prefetch_related=("provinces",),
        readers=aid_project_readers,
    )
]
