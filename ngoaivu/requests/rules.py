"""The state machine of a recipient's part and of the request (DOMAIN.md §4, "Request")."""

from __future__ import annotations

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
