"""Issue 16 §5: a line break in a title ("…\\nBcc: …") made every notification e-mail about it fail.

Single-line fields are single-line everywhere: forms (every one-line input), API schemas (`Line`), the
agreement import, notification titles, and e-mail subjects (defence in depth)."""

from __future__ import annotations

import io

import pytest
from django import forms
from django.core import mail
from openpyxl import Workbook

from ngoaivu.accounts.models import Notification
from ngoaivu.accounts.notifications import notify
from ngoaivu.accounts.tasks import send_notification_email
from ngoaivu.agreements import importer
from ngoaivu.core.forms import BaseForm
from ngoaivu.core.text import clean_line
from ngoaivu.delegations.schemas import DelegationIn
from ngoaivu.directory.forms import PartnerForm
from ngoaivu.requests.schemas import RequestIn

HOSTILE = "Đoàn công tác\r\nBcc: attacker@example.invalid"
FLAT = "Đoàn công tác Bcc: attacker@example.invalid"
BREAKS = ("\r", "\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029")


@pytest.mark.parametrize("brk", BREAKS)
def test_clean_line_leaves_one_line(brk):
    value = clean_line(f"  Hợp tác {brk}{brk} đầu tư\t \u00a0")
    assert value == "Hợp tác đầu tư"
    assert value.splitlines() == [value]


def test_a_form_keeps_line_breaks_only_in_a_textarea():
    class Sample(BaseForm):
        title = forms.CharField()
        email = forms.EmailField(required=False)
        notes = forms.CharField(widget=forms.Textarea)

    form = Sample(data={"title": HOSTILE, "notes": "dòng 1\r\ndòng 2"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == FLAT
    assert form.cleaned_data["notes"] == "dòng 1\r\ndòng 2"


def test_a_real_form_flattens_its_name():
    form = PartnerForm(
        data={"kind": "company", "name": HOSTILE, "address": "1 Lê Lợi\nĐà Nẵng"}, country_choices=[]
    )
    form.is_valid()
    assert form.cleaned_data["name"] == FLAT
    assert form.cleaned_data["address"] == "1 Lê Lợi Đà Nẵng"


def test_api_schemas_flatten_titles_and_keep_descriptions():
    req = RequestIn(title=HOSTILE, description="a\nb", category="investment", recipients=["mofa"])
    assert req.title == FLAT
    assert req.description == "a\nb"
    assert (
        DelegationIn.model_validate(
            {
                "direction": "outbound",
                "title": HOSTILE,
                "purpose": "mục đích\nthứ hai",
                "head_name": "Nguyễn\nVăn An",
                "departs_on": "2027-01-10",
                "returns_on": "2027-01-15",
                "countries": ["KR"],
            }
        ).title
        == FLAT
    )


@pytest.mark.django_db
def test_an_imported_title_is_one_line(world):
    wb = Workbook()
    ws = wb.active
    ws.append([c.header for c in importer.COLUMNS])
    values = {
        "kind": "mou",
        "title_vi": "Bản ghi nhớ\nBcc: attacker@example.invalid",
        "province": "Da Nang",
        "country": "Nhật Bản",
        "signed_on": "15/03/2022",
        "description": "dòng 1\ndòng 2",
    }
    ws.append([values.get(c.key) for c in importer.COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    planned, _result = importer.plan(world.users["a_editor"], out.getvalue())
    assert planned[0].data.title_vi == "Bản ghi nhớ Bcc: attacker@example.invalid"
    assert planned[0].data.description == "dòng 1\ndòng 2"


@pytest.mark.django_db
def test_a_notification_about_a_multiline_title_is_e_mailed(world, django_capture_on_commit_callbacks):
    user = world.users["ministry"]
    user.email = "bo@example.invalid"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], kind="request", title=f"Đặt hàng mới: {HOSTILE}", dedupe_key="h7-single-line")
    n = Notification.objects.get(dedupe_key__startswith="h7-single-line")
    assert "\n" not in n.title
    assert n.email_sent_at is not None, n.email_error
    assert mail.outbox[-1].subject == f"[ngoaivu] Đặt hàng mới: {FLAT}"
    assert mail.outbox[-1].bcc == []


@pytest.mark.django_db
def test_a_stored_multiline_title_still_gets_its_e_mail(world):
    """Rows written before the fix keep their line breaks; the subject is built as one line anyway."""
    user = world.users["ministry"]
    user.email = "bo@example.invalid"
    user.save(update_fields=["email"])
    n = Notification.objects.create(user=user, kind="request", title=HOSTILE, dedupe_key="h7-legacy")
    assert send_notification_email.call(n.pk) == "sent"
    assert mail.outbox[-1].subject == f"[ngoaivu] {FLAT}"
