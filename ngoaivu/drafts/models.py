"""A user's private scratch: the text of a long field typed on a page, kept while it is being written.

Not a record of the organisation: no scope, no version, no audit (see services). Encrypted at rest like the
personal data, because an answer being drafted may name people and is nobody else's to read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ngoaivu.core.crypto import EncryptedTextField

MAX_TEXT_CHARS = 20_000
MAX_DRAFTS_PER_USER = 200
KEEP_DAYS = 30


class Draft(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    # the path of the page the form is on (the record's page), never a full URL
    page = models.CharField(_("Trang"), max_length=500)
    # the textarea's name, prefixed with its form's action path when that is not the page itself
    field = models.CharField(_("Trường"), max_length=300)
    text = EncryptedTextField(_("Nội dung"), blank=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), db_index=True)

    class Meta:
        verbose_name = _("Bản nháp")
        verbose_name_plural = _("Bản nháp")
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "field"], name="draft_one_per_user_page_field")
        ]

    def __str__(self) -> str:
        return f"{self.page} {self.field}"
