"""Column specs of the culture lists (the HTML table and the Excel export) and of the counts page."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display
from ngoaivu.culture.models import HeritageTitle


def count(n: int | None) -> str:
    return "" if n is None else number_format(n, 0, use_l10n=True, force_grouping=True)


def _provinces(t: HeritageTitle) -> str:
    others = [p.province.name for p in t.involved.all()]
    return ", ".join([t.province.name, *others])


def _due_status(t: HeritageTitle) -> str:
    """ "còn N ngày" / "quá hạn N ngày" beside the due date (a real date cell in the Excel export)."""
    if t.next_step_due_on is None:
        return ""
    text, _css = due_text(t.next_step_due_on, timezone.localdate(), provisional=False)
    return str(text)


TITLE_COLUMNS = [
    Column(
        "name", _("Danh hiệu, hồ sơ"), lambda t: t.name_vi, sort="name", link=lambda t: t.get_absolute_url()
    ),
    Column("kind", _("Loại"), lambda t: t.kind.name_vi, sort="kind"),
    Column("province", _("Tỉnh chủ trì"), lambda t: t.province.name, sort="province"),
    Column("as_named", _("Tỉnh khi lập hồ sơ"), lambda t: t.province_as_named),
    Column("provinces", _("Các tỉnh có di sản"), _provinces),
    Column("stage", _("Giai đoạn"), lambda t: t.stage.name_vi, sort="stage"),
    Column("stage_on", _("Từ ngày"), lambda t: t.stage_on, sort="stage_on"),
    Column("decision_year", _("Năm công nhận"), lambda t: str(t.decision_year) if t.decision_year else ""),
    Column("next_step", _("Bước tiếp theo"), lambda t: t.next_step),
    Column("due", _("Hạn"), lambda t: t.next_step_due_on, sort="due"),
    Column("due_status", _("Tình trạng hạn"), _due_status),
]

EVENT_COLUMNS = [
    Column("title", _("Sự kiện"), lambda e: e.title_vi, sort="title", link=lambda e: e.get_absolute_url()),
    Column("kind", _("Loại"), lambda e: display(e, "kind"), sort="kind"),
    Column(
        "where", _("Ở nước ngoài / trong nước"), lambda e: _("Nước ngoài") if e.abroad else _("Trong nước")
    ),
    Column("country", _("Quốc gia"), lambda e: e.country.name_vi if e.country else ""),
    Column("city", _("Thành phố"), lambda e: e.city),
    Column("province", _("Tỉnh, thành phố"), lambda e: e.province.name, sort="province"),
    Column("as_named", _("Tỉnh khi tổ chức"), lambda e: e.province_as_named),
    Column("mission", _("Cơ quan đại diện"), lambda e: e.mission.name_vi if e.mission else ""),
    Column("starts", _("Từ ngày"), lambda e: e.starts_on, sort="starts"),
    Column("ends", _("Đến ngày"), lambda e: e.ends_on),
    Column("status", _("Tình trạng"), lambda e: display(e, "status"), sort="status"),
    Column("visitors", _("Lượt khách"), lambda e: count(e.visitors_count)),
]

COUNT_COLUMNS = [
    Column("year", _("Năm"), lambda r: str(r.year)),
    Column("province", _("Tỉnh, thành phố"), lambda r: r.province_name),
    Column("count", _("Số danh hiệu được công nhận"), lambda r: r.count),
]
