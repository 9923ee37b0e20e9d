"""Writes of drafts: save while typing, discard, drop a page's drafts once its form went through, purge.

Drafts are a user's private scratch, not records of the organisation, and are deliberately NOT written to the
audit log: the log is kept forever and read by administrators, so auditing a draft would copy half-typed,
possibly personal text (encrypted here) into a permanent place others read, every two seconds of typing. What
the user finally submits is audited by the service that saves it, as always."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import User
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.text import clean_line, clean_text
from ngoaivu.drafts import selectors
from ngoaivu.drafts.models import KEEP_DAYS, MAX_DRAFTS_PER_USER, MAX_TEXT_CHARS, Draft


@dataclass(frozen=True)
class DraftKey:
    page: str
    field: str


def draft_key(*, page: str, field: str) -> DraftKey:
    """A page path (never a full URL, never another site's) and a field name, NFC, within their columns."""
    page = clean_line(page)
    field = clean_line(field)
    page_max = Draft._meta.get_field("page").max_length or 500
    field_max = Draft._meta.get_field("field").max_length or 300
    if not page.startswith("/") or page.startswith("//") or "\\" in page or len(page) > page_max:
        raise ServiceError(_("Trang của bản nháp không hợp lệ."), {"page": [_("Không hợp lệ.")]})
    if not field or len(field) > field_max:
        raise ServiceError(_("Tên trường của bản nháp không hợp lệ."), {"field": [_("Không hợp lệ.")]})
    return DraftKey(page, field)


@transaction.atomic
def draft_save(*, actor: User, page: str, field: str, text: str) -> Draft | None:
    """Keep the text typed into `field` on `page`; an empty text discards the draft (returns None)."""
    key = draft_key(page=page, field=field)
    text = clean_text(text)
    if len(text) > MAX_TEXT_CHARS:
        raise ServiceError(
            _("Bản nháp dài quá %(n)s ký tự nên không được lưu; nội dung trên trang vẫn còn.")
            % {"n": f"{MAX_TEXT_CHARS:,}".replace(",", ".")},
            {"text": [_("Quá dài.")]},
        )
    if not text:
        draft_discard(actor=actor, page=key.page, field=key.field)
        return None
    now = timezone.now()
    updated = Draft.objects.filter(user=actor, page=key.page, field=key.field).update(
        text=text, updated_at=now
    )
    if updated:
        return Draft.objects.get(user=actor, page=key.page, field=key.field)
    if selectors.draft_count(user=actor) >= MAX_DRAFTS_PER_USER:
        raise ServiceError(
            _(
                "Bạn đã có %(n)s bản nháp chưa gửi nên bản nháp này không được lưu; hãy gửi hoặc bỏ bớt các "
                "bản nháp cũ. Nội dung trên trang vẫn còn."
            )
            % {"n": MAX_DRAFTS_PER_USER},
            {"text": [_("Quá nhiều bản nháp.")]},
        )
    try:
        with transaction.atomic():
            return Draft.objects.create(user=actor, page=key.page, field=key.field, text=text, updated_at=now)
    except IntegrityError:  # the same field saved twice at once (two tabs): the later text wins
        Draft.objects.filter(user=actor, page=key.page, field=key.field).update(text=text, updated_at=now)
        return Draft.objects.get(user=actor, page=key.page, field=key.field)


def draft_discard(*, actor: User, page: str, field: str) -> int:
    """Drop the user's draft of `field` on `page`; the number dropped (0 when there was none)."""
    key = draft_key(page=page, field=field)
    deleted, _by_model = Draft.objects.filter(user=actor, page=key.page, field=key.field).delete()
    return deleted


def drafts_discard_page(*, actor: User, page: str, posted_to: str | None = None) -> int:
    """Drop the user's drafts of the form that was saved on `page`: those keyed `<posted_to>#<field>` (a form
    posting elsewhere, as js/drafts.js keys them), or the plain field names when the form posted to the page
    itself. The drafts of the page's other forms (an answer typed while acknowledging) stay."""
    mine = Draft.objects.filter(user=actor, page=page)
    if posted_to is not None:
        spent = Q(field__startswith=posted_to + "#")
        if posted_to == page:
            spent |= ~Q(field__contains="#")
        mine = mine.filter(spent)
    deleted, _by_model = mine.delete()
    return deleted


def drafts_purge(now: dt.datetime | None = None) -> int:
    """Drop every draft not touched for KEEP_DAYS days (periodic job); the number dropped."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=KEEP_DAYS)
    deleted, _by_model = Draft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
