"""What the delegations app's pages share: the tabs above every list, the workflow buttons' labels."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.accounts.models import User
from ngoaivu.delegations import services

ACTION_LABELS = {
    "submit": gettext_lazy("Trình duyệt"),
    "approve": gettext_lazy("Đồng ý"),
    "return": gettext_lazy("Trả lại để bổ sung"),
    "refuse": gettext_lazy("Không đồng ý"),
    "report": gettext_lazy("Báo cáo kết quả"),
    "postpone": gettext_lazy("Hoãn"),
    "resume": gettext_lazy("Chuẩn bị lại"),
    "cancel": gettext_lazy("Hủy đoàn"),
    "close": gettext_lazy("Đóng hồ sơ đoàn"),
}
"""The delegation workflow's buttons (`services.ALL_ACTIONS`)."""


def may_record_visits(user: User) -> bool:
    """Leader visits are recorded by the ministry (national scope) or a site administrator, with write access."""
    return user.scope.can_write and (user.scope.is_national or user.scope.is_site_admin)


def tabs(user: User) -> list[dict[str, str]]:
    """The links above the delegation, visit and conference lists: what the user may create, then the lists."""
    actions = []
    if services.may_plan(user):
        actions += [
            {"url": reverse("delegations:delegation_create"), "label": _("Lập kế hoạch đoàn")},
            {"url": reverse("delegations:conference_create"), "label": _("Đăng ký hội nghị quốc tế")},
        ]
    if may_record_visits(user):
        actions.append(
            {"url": reverse("delegations:visit_create"), "label": _("Ghi chuyến làm việc của lãnh đạo")}
        )
    return [
        *actions,
        {
            "url": reverse("delegations:delegation_list") + "?report_missing=true",
            "label": _("Đoàn chưa báo cáo"),
        },
        {"url": reverse("delegations:visit_list"), "label": _("Lãnh đạo làm việc")},
        {"url": reverse("delegations:conference_list"), "label": _("Hội nghị quốc tế")},
        {"url": reverse("delegations:calendar"), "label": _("Lịch chung")},
        {"url": reverse("delegations:deputies"), "label": _("Ủy quyền duyệt")},
        {"url": reverse("delegations:approval_chain"), "label": _("Quy trình duyệt")},
    ]
