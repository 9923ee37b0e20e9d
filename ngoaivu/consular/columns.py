from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.consular.models import CitizenCase
from ngoaivu.consular.selectors import SummaryRow
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display, xlsx_response


def notify_state(c: CitizenCase) -> str:
    """ "Đã thông báo 12/03/2026", "Đã thông báo 13/03/2026 (quá hạn)", or the time left / overdue."""
    if c.notified_on is not None:
        text = _("Đã thông báo %(d)s") % {"d": f"{c.notified_on:%d/%m/%Y}"}
        return text + (f" ({_('quá hạn')})" if c.notified_on > c.notify_due_on else "")
    if c.status != CitizenCase.Status.RECEIVED:
        return ""
    return due_text(c.notify_due_on, timezone.localdate(), provisional=False)[0]


CASE_COLUMNS = [
    Column(
        "reference",
        gettext_lazy("Số hồ sơ"),
        lambda c: c.reference,
        sort="reference",
        link=lambda c: c.get_absolute_url(),
    ),
    Column("kind", gettext_lazy("Loại vụ việc"), lambda c: display(c, "kind"), sort="kind"),
    Column("country", gettext_lazy("Quốc gia"), lambda c: c.country.name_vi, sort="country"),
    Column("mission", gettext_lazy("Cơ quan đại diện xử lý"), lambda c: c.mission.name_vi),
    Column("province", gettext_lazy("Tỉnh quê quán"), lambda c: c.province.name, sort="province"),
    Column("as_named", gettext_lazy("Tỉnh khi tiếp nhận"), lambda c: c.province_as_named),
    Column("received", gettext_lazy("Ngày tiếp nhận"), lambda c: c.received_on, sort="received"),
    Column("status", gettext_lazy("Tình trạng"), lambda c: display(c, "status"), sort="status"),
    Column("due", gettext_lazy("Hạn thông báo tỉnh"), lambda c: c.notify_due_on, sort="due"),
    Column("notified", gettext_lazy("Thông báo tỉnh"), notify_state),
]
"""No personal data and no summary: the list and its export carry neither (a case is opened to read them)."""


def summary_workbook(
    rows: list[SummaryRow],
    kinds: list[tuple[str, Any]],
    by_kind: dict[str, int],
    total: int,
    *,
    year: int | None,
) -> FileResponse:
    """The counts page as a workbook: one row per country, one column per kind, the totals last."""

    def count_of(kind: str) -> Callable[[SummaryRow], int]:
        return lambda r: r.counts.get(kind, 0)

    columns = [
        Column("country", gettext_lazy("Quốc gia"), lambda r: r.country_name),
        *[Column(k, label, count_of(k)) for k, label in kinds],
        Column("total", gettext_lazy("Tổng số"), lambda r: r.total),
    ]
    title = _("Vụ việc bảo hộ công dân theo quốc gia và loại")
    if year:
        title = f"{title} — {year}"
    everything = [*rows, SummaryRow("", _("Tổng cộng"), by_kind, total)]
    return xlsx_response(everything, columns, title=title, filename_stem="bao-ho-cong-dan-so-lieu")
