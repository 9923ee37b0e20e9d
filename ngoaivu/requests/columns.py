from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display


def _parts(req: Any) -> str:
    return "; ".join(f"{p.organisation.name_vi}: {display(p, 'status')}" for p in req.parts)


def _ratings(req: Any) -> str:
    return ", ".join(f"{p.organisation.name_vi} {p.rating}/5" for p in req.parts if p.rating)


REQUEST_COLUMNS = [
    Column(
        "number",
        _("Số"),
        lambda r: r.number or _("Dự thảo"),
        sort="number",
        link=lambda r: reverse("requests:request_detail", args=[r.pk]),
    ),
    Column("title", _("Tiêu đề"), lambda r: r.title, sort="title"),
    Column("category", _("Lĩnh vực"), lambda r: r.category.name),
    Column("sender", _("Tỉnh gửi"), lambda r: r.owner_org.name_vi),
    Column("sent", _("Ngày gửi"), lambda r: r.sent_at, sort="sent"),
    # where the request stands from its recipients' parts ("Đã trả lời một phần (2/3)"), see `progress`
    Column("status", _("Trạng thái"), lambda r: r.display_status),
    Column("recipients", _("Nơi nhận và tình trạng"), _parts),
    Column("due", _("Hạn trả lời gần nhất"), lambda r: r.next_due, sort="due"),
    Column("due_text", _("Còn / quá hạn"), lambda r: due_text(r.next_due)[0]),
    Column("rating", _("Đánh giá"), _ratings),
]
RESPONSIVENESS_COLUMNS = [
    Column("name", _("Đơn vị nhận"), lambda u: u.name),
    Column("received", _("Số đặt hàng nhận"), lambda u: u.received),
    Column("ack", _("Xác nhận đúng hạn (%)"), lambda u: u.ack_on_time_pct),
    Column("answer", _("Trả lời đúng hạn (%)"), lambda u: u.answer_on_time_pct),
    Column("median", _("Trung vị ngày làm việc để trả lời"), lambda u: u.median_days),
    Column("rating", _("Điểm đánh giá trung bình"), lambda u: u.average_rating),
    Column("open", _("Đang xử lý"), lambda u: u.open),
    Column("overdue", _("Quá hạn"), lambda u: u.overdue),
]
