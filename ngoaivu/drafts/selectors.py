"""Reads of drafts: a user only ever reads their own (the user is the whole scope of a draft)."""

from __future__ import annotations

from django.db.models import QuerySet

from ngoaivu.accounts.models import User
from ngoaivu.drafts.models import Draft


def draft_list(*, user: User, page: str) -> QuerySet[Draft]:
    """The user's drafts typed on `page`, newest first."""
    return Draft.objects.filter(user=user, page=page).order_by("-updated_at", "pk")


def draft_count(*, user: User) -> int:
    return Draft.objects.filter(user=user).count()
