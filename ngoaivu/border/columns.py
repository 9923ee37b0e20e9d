from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ngoaivu.border.models import BorderMechanism, BorderMeeting, Commitment
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display


def _open(m: BorderMeeting) -> str:
    n = getattr(m, "open_count", 0) or 0
    late = getattr(m, "overdue_count", 0) or 0
    if not n:
        return ""
    if late:
        return str(_("%(n)d đang thực hiện, %(l)d quá hạn") % {"n": n, "l": late})
    return str(_("%(n)d đang thực hiện") % {"n": n})


def _due(c: Commitment) -> str:
    if c.status != Commitment.Status.OPEN:
        return ""
    text, _css = due_text(c.due_on, timezone.localdate(), provisional=False)
    return text


MECHANISM_COLUMNS = [
    Column("name", _("Cơ chế"), lambda m: m.name_vi, sort="name", link=lambda m: m.get_absolute_url()),
    Column("kind", _("Loại"), lambda m: display(m, "kind"), sort="kind"),
    Column("level", _("Cấp"), lambda m: display(m, "level")),
    Column("provinces", _("Tỉnh thành viên"), lambda m: ", ".join(p.name for p in m.provinces.all())),
    Column("as_named", _("Tên khi thành lập"), lambda m: m.members_as_named),
    Column("countries", _("Quốc gia đối tác"), lambda m: ", ".join(c.name_vi for c in m.countries.all())),
    Column("owner", _("Đơn vị chủ trì"), lambda m: m.owner_org.name_vi),
    Column("founded", _("Thành lập"), lambda m: m.founded_on, sort="founded"),
    Column("cycle", _("Định kỳ họp"), lambda m: display(m, "cycle")),
    Column("meetings", _("Số cuộc họp"), lambda m: getattr(m, "meeting_count", 0)),
    Column("last", _("Họp gần nhất"), lambda m: getattr(m, "last_meeting_on", None)),
    Column("status", _("Tình trạng"), lambda m: display(m, "status"), sort="status"),
]

MEETING_COLUMNS = [
    Column("title", _("Cuộc họp"), lambda m: m.title, sort="title", link=lambda m: m.get_absolute_url()),
    Column("mechanism", _("Cơ chế"), lambda m: m.mechanism.name_vi),
    Column("kind", _("Loại"), lambda m: display(m, "kind")),
    Column("starts", _("Từ ngày"), lambda m: m.starts_on, sort="starts"),
    Column("ends", _("Đến ngày"), lambda m: m.ends_on),
    Column("place", _("Địa điểm"), lambda m: m.place),
    Column("host", _("Bên đăng cai"), lambda m: display(m, "host")),
    Column("status", _("Tình trạng"), lambda m: display(m, "status"), sort="status"),
    Column("commitments", _("Cam kết"), _open),
]

COMMITMENT_COLUMNS = [
    Column(
        "text",
        _("Cam kết"),
        lambda c: c.text,
        link=lambda c: f"{c.meeting.get_absolute_url()}#commitment-{c.pk}",
    ),
    Column("mechanism", _("Cơ chế"), lambda c: c.meeting.mechanism.name_vi),
    Column("meeting", _("Cuộc họp"), lambda c: c.meeting.title, sort="meeting"),
    Column("owner_org", _("Đơn vị chủ trì"), lambda c: c.owner_org.name_vi if c.owner_org else ""),
    Column("owner_person", _("Người phụ trách"), lambda c: c.owner_person),
    Column("due", _("Hạn"), lambda c: c.due_on, sort="due"),
    Column("left", _("Thời hạn"), _due),
    Column("status", _("Tình trạng"), lambda c: display(c, "status"), sort="status"),
    Column("progress", _("Tiến độ"), lambda c: c.progress or c.drop_reason),
]

__all__ = ["COMMITMENT_COLUMNS", "MECHANISM_COLUMNS", "MEETING_COLUMNS", "BorderMechanism"]
