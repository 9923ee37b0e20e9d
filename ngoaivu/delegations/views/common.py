"""What the delegations app's pages share: the tabs above every list, the workflow buttons' labels."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ngoaivu.accounts.models import User
from ngoaivu.delegations import services
from ngoaivu.delegations.models import Delegation

ACTION_LABELS = services.ACTION_LABELS
"""The delegation workflow's buttons (`services.ALL_ACTIONS`): verbs."""

EVENT_LABELS = {
    # the history says what happened (the context tells the translator: "Submitted", "Approved" …)
    "submit": pgettext_lazy("history", "Trình duyệt"),
    "approve": pgettext_lazy("history", "Đồng ý"),
    "return": pgettext_lazy("history", "Trả lại để bổ sung"),
    "refuse": pgettext_lazy("history", "Không đồng ý"),
    "report": pgettext_lazy("history", "Báo cáo kết quả"),
    "postpone": pgettext_lazy("history", "Hoãn chuyến đi"),
    "resume": pgettext_lazy("history", "Chuẩn bị lại"),
    "cancel": pgettext_lazy("history", "Hủy đoàn"),
    "close": pgettext_lazy("history", "Đóng hồ sơ đoàn"),
    "create": gettext_lazy("Lập kế hoạch đoàn"),
    "update": gettext_lazy("Sửa kế hoạch"),
    "briefing": gettext_lazy("Ghi chú của cơ quan đại diện"),
    "trip": gettext_lazy("Chuyến đi theo lịch"),
    "record_decision": gettext_lazy("Ghi nhận quyết định bằng văn bản của lãnh đạo"),
}
"""The delegation history's lines."""


def confirm_question(action: str, delegation: Delegation) -> str:
    """The question a button that cannot be undone asks before it posts (data-confirm); empty for the others."""
    questions = {
        "refuse": _("Không đồng ý đoàn “%(t)s”? Không thể hoàn tác."),
        "return": _("Trả lại đoàn “%(t)s” để bổ sung?"),
        "postpone": _("Hoãn chuyến đi của đoàn “%(t)s”?"),
        "cancel": _("Hủy đoàn “%(t)s”? Không thể hoàn tác."),
        "close": _("Đóng hồ sơ đoàn “%(t)s”? Không thể hoàn tác."),
    }
    question = questions.get(action)
    return question % {"t": delegation.title} if question else ""


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
