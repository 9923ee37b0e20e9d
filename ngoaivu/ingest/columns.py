from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display

DOCUMENT_COLUMNS = [
    Column(
        "title",
        _("Tiêu đề"),
        lambda d: d.title,
        sort="title",
        link=lambda d: reverse("ingest:document_detail", args=[d.pk]),
    ),
    Column("kind", _("Loại"), lambda d: display(d, "kind")),
    Column("published", _("Ngày"), lambda d: d.published_on, sort="published"),
    Column("source", _("Nguồn"), lambda d: d.source),
    Column("number", _("Số, ký hiệu"), lambda d: d.number),
    Column("owner", _("Đơn vị nhập"), lambda d: d.owner_org.name_vi),
    Column("created", _("Ngày nhập"), lambda d: d.created_at, sort="created"),
]
