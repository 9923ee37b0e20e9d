"""Where a request stands for the people who read it: the workflow keeps a sent request "Đã gửi" while its
recipients acknowledge, answer and get rated, so the status shown is derived from the recipients' parts.

Computed, not stored: every list page, the Excel export and the detail page already read the parts
(`selectors.with_parts`, the export's rows, `request_get`'s prefetch), so the derivation costs no query, and the
workflow's own `status` (what the rules, the filters and the API speak) stays as it is."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ngoaivu.requests.models import Recipient, ServiceRequest

R = Recipient.Status
S = ServiceRequest.Status

ANSWERED_LIKE = frozenset({R.ANSWERED, R.RATED, R.CLOSED})
"""A part of a sent request that is answered: rated or not; a closed part of a request still sent was answered
and closed unrated when the rating period ran out (withdrawing, closing or merging change the request's state)."""

PARTLY_ANSWERED = "partly_answered"
"""The derived status the list can be filtered by (`?status=partly_answered`): the others are parts' states."""


@dataclass(frozen=True)
class Progress:
    code: str
    """sent | in_progress | clarification | partly_answered | answered | rated | declined, or the request's own
    state when it is not sent (draft, pending_approval, closed, withdrawn, merged)."""
    label: str
    answered: int = 0
    total: int = 0

    def __str__(self) -> str:
        return self.label


def request_progress(status: str, part_statuses: Iterable[str]) -> Progress:
    """The request's status as read from its own state and its parts' states. Forwarded parts do not count:
    the mission they were forwarded to holds a part of its own. Remembered per language and combination of
    states: an export derives it for every row."""
    return _progress(get_language() or "", str(status), tuple(sorted(str(p) for p in part_statuses)))


@functools.lru_cache(maxsize=1024)
def _progress(language: str, status: str, part_statuses: tuple[str, ...]) -> Progress:
    if status != S.SENT:
        return Progress(status, str(S(status).label) if status in S.values else status)
    parts = [p for p in part_statuses if p != R.FORWARDED]
    total = len(parts)
    answered = sum(1 for p in parts if p in ANSWERED_LIKE)
    rated = sum(1 for p in parts if p == R.RATED)
    declined = sum(1 for p in parts if p == R.DECLINED)
    if not total:
        return Progress("sent", _("Đã gửi"))
    if declined == total:
        return Progress("declined", _("Bị từ chối"), 0, total)
    if answered + declined == total:  # every part has its outcome
        if rated == answered:
            return Progress("rated", _("Đã đánh giá"), answered, total)
        return Progress("answered", _("Đã trả lời"), answered, total)
    if answered:
        return Progress(
            PARTLY_ANSWERED,
            _("Đã trả lời một phần (%(a)d/%(n)d)") % {"a": answered, "n": total},
            answered,
            total,
        )
    if any(p == R.CLARIFICATION for p in parts):
        return Progress("clarification", _("Chờ tỉnh làm rõ"), 0, total)
    if any(p != R.NEW for p in parts):
        return Progress("in_progress", _("Đang xử lý"), 0, total)
    return Progress("sent", _("Đã gửi"), 0, total)


def was_answered(parts: Iterable[Recipient]) -> bool:
    """Whether any part was ever answered (a reopened part keeps its `answered_on`): a request with an answer
    can no longer be withdrawn, only closed."""
    return any(p.answered_on is not None or p.status in (R.ANSWERED, R.RATED) for p in parts)
