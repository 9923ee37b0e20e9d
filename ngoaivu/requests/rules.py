"""The state machine of a recipient's part and of the request (DOMAIN.md §4, "Request")."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ngoaivu.requests.models import Recipient, ServiceRequest

R = Recipient.Status
S = ServiceRequest.Status

# action -> statuses of the recipient's part from which it is allowed
RECIPIENT_ACTIONS: dict[str, tuple[str, ...]] = {
    "acknowledge": (R.NEW,),
    "assign": (R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED),
    "clarify": (R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED),
    "answer": (R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED),
    "decline": (R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED),
    "forward": (R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED),
    "handover": (R.NEW, R.ACKNOWLEDGED, R.ASSIGNED, R.REOPENED),
    # actions of the sending province on a part
    "reply_clarification": (R.CLARIFICATION,),
    "rate": (R.ANSWERED,),
    "reopen": (R.ANSWERED, R.RATED),
}
SENDER_PART_ACTIONS = frozenset({"reply_clarification", "rate", "reopen"})
REQUEST_ACTIONS: dict[str, tuple[str, ...]] = {
    "submit": (S.DRAFT,),
    "approve": (S.PENDING_APPROVAL,),
    "return": (S.PENDING_APPROVAL,),
    "withdraw": (S.DRAFT, S.PENDING_APPROVAL, S.SENT),
    "close": (S.SENT,),
    "merge": (S.SENT,),
}
ALL_ACTIONS = frozenset(RECIPIENT_ACTIONS) | frozenset(REQUEST_ACTIONS)

ACTION_LABELS = {
    "submit": _("Trình / gửi"),
    "approve": _("Duyệt và gửi"),
    "return": _("Trả lại dự thảo"),
    "withdraw": _("Rút đặt hàng"),
    "close": _("Đóng đặt hàng"),
    "merge": _("Gộp vào đặt hàng trùng"),
    "acknowledge": _("Xác nhận đã nhận"),
    "assign": _("Phân công"),
    "clarify": _("Đề nghị làm rõ"),
    "reply_clarification": _("Trả lời làm rõ"),
    "answer": _("Trả lời"),
    "rate": pgettext_lazy("action", "Đánh giá"),
    "reopen": _("Mở lại"),
    "decline": _("Từ chối"),
    "forward": _("Chuyển cơ quan đại diện"),
    "handover": _("Chuyển cơ quan đại diện khác"),
}
"""What each step is called on its button, in the page's messages and in the service's refusals."""

CONFIRMED_ACTIONS = frozenset({"withdraw", "decline", "close", "merge", "return"})
"""Steps that cannot be undone (or send a draft back): their form asks before it posts (`data-confirm`)."""
