from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display
from ngoaivu.training.models import Course


def _deadline(c: Course) -> str:
    if c.nomination_deadline is None:
        return ""
    day = f"{c.nomination_deadline:%d/%m/%Y}"
    if c.status != Course.Status.OPEN:
        return day
    text, _css = due_text(c.nomination_deadline, timezone.localdate(), provisional=False)
    return f"{day} ({text})"


def _places(c: Course) -> str:
    taken = getattr(c, "accepted_count", 0) or 0
    return f"{taken}/{c.capacity}" if c.capacity else str(taken)


COURSE_COLUMNS = [
    Column("title", _("Khóa học"), lambda c: c.title, sort="title", link=lambda c: c.get_absolute_url()),
    Column("organiser", _("Đơn vị tổ chức"), lambda c: c.organiser_name),
    Column("topic", _("Chủ đề"), lambda c: c.topic.name_vi, sort="topic"),
    Column("starts", _("Từ ngày"), lambda c: c.starts_on, sort="starts"),
    Column("ends", _("Đến ngày"), lambda c: c.ends_on),
    Column("hours", _("Số giờ"), lambda c: c.hours),
    Column("format", _("Hình thức"), lambda c: display(c, "format")),
    Column("place", _("Địa điểm"), lambda c: c.place),
    Column("places", _("Học viên đã nhận / tối đa"), _places),
    Column("deadline", _("Hạn cử cán bộ"), _deadline, sort="deadline"),
    Column("status", _("Tình trạng"), lambda c: display(c, "status"), sort="status"),
]

NOMINATION_COLUMNS = [
    Column(
        "trainee",
        _("Học viên"),
        lambda n: n.trainee.full_name,
        sort="name",
        link=lambda n: n.trainee.get_absolute_url(),
    ),
    Column("position", _("Chức vụ"), lambda n: n.trainee.position),
    Column("unit", _("Đơn vị công tác"), lambda n: n.trainee.unit),
    Column("province", _("Tỉnh cử"), lambda n: n.province.name, sort="province"),
    Column(
        "course", _("Khóa học"), lambda n: n.course.title, sort="course", link=lambda n: n.get_absolute_url()
    ),
    Column("topic", _("Chủ đề"), lambda n: n.course.topic.name_vi),
    Column("starts", _("Từ ngày"), lambda n: n.course.starts_on, sort="starts"),
    Column("status", _("Tình trạng"), lambda n: display(n, "status"), sort="status"),
    Column("result", _("Kết quả"), lambda n: display(n, "result") if n.result else ""),
    Column("certificate", _("Số chứng chỉ"), lambda n: n.certificate_number),
]
"""E-mail and phone are personal data: never in the list or its export."""
