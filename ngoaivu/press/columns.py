from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display
from ngoaivu.press.models import PressVisit


def answer_due(v: PressVisit) -> str:
    """The answer due date, with "còn N ngày" / "quá hạn N ngày" while the application waits for the answer."""
    if v.answer_due_on is None:
        return ""
    if v.status != PressVisit.Status.RECEIVED:
        return f"{v.answer_due_on:%d/%m/%Y}"
    text, _css = due_text(v.answer_due_on, timezone.localdate(), provisional=False)
    return f"{v.answer_due_on:%d/%m/%Y} ({text})"


class DueColumn(Column):
    """The page shows the due date and how far it is; the Excel export holds the date itself (a date cell),
    whatever the status — as the visit's page shows it."""

    def value(self, obj: Any) -> Any:
        return obj.answer_due_on

    def display(self, obj: Any) -> str:
        return answer_due(obj)


VISIT_COLUMNS = [
    Column(
        "outlet", _("Cơ quan báo chí"), lambda v: v.outlet, sort="outlet", link=lambda v: v.get_absolute_url()
    ),
    Column("country", _("Quốc gia"), lambda v: v.country.name_vi),
    Column("topic", _("Nội dung tác nghiệp"), lambda v: v.topic),
    Column("province", _("Tỉnh đón"), lambda v: v.province.name, sort="province"),
    Column("as_named", _("Tỉnh khi tác nghiệp"), lambda v: v.province_as_named),
    Column("starts", _("Từ ngày"), lambda v: v.starts_on, sort="starts"),
    Column("ends", _("Đến ngày"), lambda v: v.ends_on),
    Column("status", _("Tình trạng"), lambda v: display(v, "status"), sort="status"),
    DueColumn("due", _("Hạn trả lời"), answer_due, sort="due"),
    Column("licence", _("Số giấy phép"), lambda v: v.licence_number),
    Column("reporters", _("Số phóng viên"), lambda v: getattr(v, "reporter_count", None)),
]
"""Reporters' names and personal data are never columns: an export holds no personal data."""
