from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.aid.models import AidProject
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


SEARCH_KINDS = [
    SearchKind(
        key="aid_project",
        label=_("Dự án viện trợ PCPNN"),
        model=AidProject,
        document=aid_project_document,
        url_name="aid:project_detail",
        select_related=("ngo", "country", "province", "former_province"),
        prefetch_related=("provinces",),
    )
]
