from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.columns import Column, display
from ngoaivu.information.models import Brief


def _addressed(b: Brief) -> str:
    if b.audience == Brief.Audience.REGION and b.region is not None:
        return str(b.region.name)
    if b.audience == Brief.Audience.PROVINCES:
        return str(_("Các tỉnh được chọn"))
    return str(display(b, "audience"))


def _useful(b: Any) -> str:
    total = b.useful_count + b.not_useful_count
    return f"{b.useful_count}/{total}" if total else "—"


def _pct(b: Any) -> str:
    """The useful share written as officials write it ("66,7"), blank before any rating."""
    total = b.useful_count + b.not_useful_count
    return f"{100 * b.useful_count / total:.1f}".replace(".", ",") if total else ""


def _status(b: Brief) -> str:
    """ "Đã thu hồi 05/03/2026": a withdrawn brief says when."""
    text = str(display(b, "status"))
    if b.status == Brief.Status.WITHDRAWN and b.withdrawn_at is not None:
        return f"{text} {date_format(timezone.localtime(b.withdrawn_at), 'SHORT_DATE_FORMAT')}"
    return text


BRIEF_COLUMNS = [
    Column("title", _("Tiêu đề"), lambda b: b.title, sort="title", link=lambda b: b.get_absolute_url()),
    Column("kind", _("Loại"), lambda b: b.kind.name),
    Column("author", _("Đơn vị phát hành"), lambda b: b.owner_org.name_vi),
    Column("countries", _("Quốc gia"), lambda b: ", ".join(c.name_vi for c in b.countries.all())),
    Column("products", _("Chương HS"), lambda b: ", ".join(p.code for p in b.products.all())),
    Column("addressed", _("Gửi tới"), _addressed),
    Column("status", _("Tình trạng"), _status),
    Column(
        "published",
        _("Ngày phát hành"),
        lambda b: b.published_at.date() if b.published_at else None,
        sort="published",
    ),
    Column("valid", _("Có giá trị đến"), lambda b: b.valid_until, sort="valid"),
]

READERSHIP_COLUMNS = [
    Column("title", _("Tiêu đề"), lambda b: b.title, sort="title", link=lambda b: b.get_absolute_url()),
    Column(
        "published",
        _("Ngày phát hành"),
        lambda b: b.published_at.date() if b.published_at else None,
        sort="published",
    ),
    Column("addressed", _("Gửi tới"), _addressed),
    Column("opened", _("Số tỉnh đã mở"), lambda b: b.provinces_opened, sort="opened"),
    Column("useful", _("Hữu ích / đã đánh giá"), _useful, sort="useful"),
    Column(
        "useful_pct",
        _("Tỷ lệ hữu ích (%)"),
        _pct,
    ),
]


SUBSCRIPTION_COLUMNS = [
    Column("name", _("Tên"), lambda s: s.name),
    Column("countries", _("Quốc gia"), lambda s: ", ".join(c.name_vi for c in s.countries.all())),
    Column("fields", _("Lĩnh vực"), lambda s: ", ".join(f.name for f in s.fields.all())),
    Column("products", _("Chương HS"), lambda s: ", ".join(p.code for p in s.products.all())),
]
