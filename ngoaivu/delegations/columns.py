from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.accounts.models import User
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display
from ngoaivu.delegations.models import Delegation
from ngoaivu.delegations.selectors import mask, reads_details


def _report(d: Delegation) -> str:
    if d.reported_on:
        return str(_("đã báo cáo"))
    if not d.report_missing:
        return ""
    return f"{d.report_due_on:%d/%m/%Y} ({due_text(d.report_due_on)[0]})"


DELEGATION_COLUMNS = [
    Column(
        "title",
        _("Tên đoàn"),
        lambda d: d.title,
        sort="title",
        link=lambda d: d.get_absolute_url(),
    ),
    Column("direction", _("Loại"), lambda d: display(d, "direction")),
    Column("province", _("Tỉnh, thành phố"), lambda d: d.province.name),
    Column("countries", _("Quốc gia"), lambda d: ", ".join(c.name_vi for c in d.countries.all())),
    Column("head", _("Trưởng đoàn"), lambda d: d.head_name),
    Column("departs", _("Từ ngày"), lambda d: d.departs_on, sort="departs"),
    Column("returns", _("Đến ngày"), lambda d: d.returns_on),
    Column("state", _("Trạng thái"), lambda d: display(d, "state"), sort="state"),
    Column("report", _("Báo cáo kết quả"), _report, sort="report_due"),
]


def _members(d: Delegation, *, unmasked: bool) -> str:
    parts = []
    for m in d.members.all():
        number = m.passport_number if unmasked else mask(m.passport_number)
        born = m.birth_date if unmasked else (m.birth_date[:4] if m.birth_date else "")
        parts.append(", ".join(x for x in (m.full_name, m.position, born, number) if x))
    return "; ".join(parts)


def delegation_export_columns(*, unmasked: bool, user: User) -> list[Column]:
    """The list's columns plus the members: masked unless the user asked for the personal data and may see
    it (the view logs that read); left empty for another province's shared delegation (`reads_details`)."""
    label = _("Thành viên (họ tên, chức vụ, ngày sinh, số hộ chiếu)") if unmasked else _("Thành viên")

    def members(d: Delegation) -> str:
        return _members(d, unmasked=unmasked) if reads_details(user, d) else ""

    return [*DELEGATION_COLUMNS, Column("members", label, members)]


VISIT_COLUMNS = [
    Column(
        "when",
        _("Thời gian"),
        lambda v: v.starts_on,
        sort="starts",
        link=lambda v: v.get_absolute_url(),
    ),
    Column("direction", _("Hình thức"), lambda v: display(v, "direction")),
    Column("province", _("Tỉnh, thành phố"), lambda v: v.province.name),
    Column("leaders", _("Lãnh đạo Bộ"), lambda v: v.ministry_leaders),
    Column("status", _("Tình trạng"), lambda v: display(v, "status")),
]

CONFERENCE_COLUMNS = [
    Column(
        "title",
        _("Hội nghị, hội thảo"),
        lambda c: c.title,
        sort="title",
        link=lambda c: c.get_absolute_url(),
    ),
    Column("province", _("Tỉnh, thành phố"), lambda c: c.province.name),
    Column("starts", _("Khai mạc"), lambda c: c.starts_on, sort="starts"),
    Column("level", _("Cấp cho phép"), lambda c: display(c, "approval_level")),
    Column(
        "dossier_due",
        _("Hạn trình hồ sơ"),
        lambda c: (
            f"{c.dossier_due_on:%d/%m/%Y}"
            + (f" ({due_text(c.dossier_due_on)[0]})" if c.state == "planned" else "")
        ),
        sort="dossier_due",
    ),
    Column("state", _("Trạng thái"), lambda c: display(c, "state")),
]
