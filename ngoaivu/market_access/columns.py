from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, display
from ngoaivu.market_access.models import Dossier


def _next_step(d: Dossier) -> str:
    if not d.next_step:
        return ""
    if not d.next_step_due:
        return d.next_step
    late = (
        f" ({due_text(d.next_step_due)[0]})"
        if d.status in (Dossier.Status.OPEN, Dossier.Status.MARKET_OPEN)
        else ""
    )
    return f"{d.next_step} — {d.next_step_due:%d/%m/%Y}{late}"


DOSSIER_COLUMNS = [
    Column(
        "product", _("Sản phẩm"), lambda d: d.product_vi, sort="product", link=lambda d: d.get_absolute_url()
    ),
    Column("market", _("Thị trường"), lambda d: d.market.name_vi),
    Column("provinces", _("Tỉnh, thành phố"), lambda d: ", ".join(p.name for p in d.provinces.all())),
    Column("as_named", _("Tỉnh khi lập hồ sơ"), lambda d: d.province_as_named),
    Column("mission", _("Cơ quan đại diện hỗ trợ"), lambda d: d.mission.name_vi if d.mission else ""),
    Column("stage", _("Giai đoạn"), lambda d: d.stage.name, sort="stage"),
    Column("status", _("Tình trạng"), lambda d: display(d, "status")),
    Column("opened", _("Ngày bắt đầu"), lambda d: d.opened_on, sort="opened"),
    Column("next_step", _("Việc tiếp theo"), _next_step, sort="due"),
]
