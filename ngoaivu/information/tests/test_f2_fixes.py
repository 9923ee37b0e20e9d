"""Fixes after the review of issue 23: the digest's window (from the person's last digest that left, whatever
the job's frequency or a missed run), a failed digest sent again by the next run, a withdrawn brief shown as
withdrawn (with its date) and left out of default lists and digests, and a published brief's version history
saying what an update changed besides its text."""

from __future__ import annotations

import pytest
from django.core import mail
from freezegun import freeze_time

from ngoaivu.accounts.models import User
from ngoaivu.core.testing.world import text_of
from ngoaivu.information import delivery, services
from ngoaivu.information.models import BriefDigest, BriefVersion
from ngoaivu.information.tests.factories import make_brief, make_subscription

pytestmark = pytest.mark.django_db


def _digests(address: str = "a@example.org") -> list[str]:
    return [m.body for m in mail.outbox if m.to == [address] and "[ngoaivu] Bản tin trong tuần" in m.subject]


@pytest.fixture
def only_a_editor_mailed(world):
    User.objects.filter(username="a_editor").update(email="a@example.org")
    User.objects.exclude(username="a_editor").update(email="")
    make_subscription(world, "A", countries=("JP",))


def test_a_missed_run_does_not_lose_the_briefs_published_since_the_last_digest(
    world, only_a_editor_mailed, django_capture_on_commit_callbacks
):
    with freeze_time("2026-03-03 10:00:00"):  # Tuesday, ISO week 10
        first = make_brief(world, "X", to=("A",), countries=("JP",), marker="DIGFIRST01Q")
    with freeze_time("2026-03-04 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 1
    with freeze_time("2026-03-07 10:00:00"):  # Saturday of week 10, after that week's digest
        second = make_brief(world, "X", to=("A",), countries=("JP",), marker="DIGSECOND01Q")
    mail.outbox.clear()
    # the job did not run for nine days (server down): Monday of week 12 — the brief is 9 days old
    with freeze_time("2026-03-16 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 1
    bodies = _digests()
    assert len(bodies) == 1
    assert second.title in bodies[0]
    assert first.title not in bodies[0]


def test_a_failed_digest_is_rebuilt_and_sent_once_by_the_next_run_after_commit(
    world, only_a_editor_mailed, django_capture_on_commit_callbacks, monkeypatch
):
    with freeze_time("2026-03-09 06:00:00"):
        first = make_brief(world, "X", to=("A",), countries=("JP",), marker="DIGFAIL01Q")
    mail.outbox.clear()

    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as m:
        m.setattr(delivery, "send_mail", down)
        with freeze_time("2026-03-09 07:00:00"), django_capture_on_commit_callbacks(execute=True):
            assert delivery.send_weekly_digest() == 1
    row = BriefDigest.objects.get()
    assert (row.sent_at, row.attempts) == (None, 1)
    with freeze_time("2026-03-09 12:00:00"):  # published between the failure and the retry
        second = make_brief(world, "X", to=("A",), countries=("JP",), marker="DIGFAIL02Q")
    mail.outbox.clear()
    with freeze_time("2026-03-10 07:00:00"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert delivery.send_weekly_digest() == 1
    assert _digests() == []  # recorded, not sent before the commit
    for callback in callbacks:
        callback()
    bodies = _digests()
    assert len(bodies) == 1
    assert first.title in bodies[0]
    assert second.title in bodies[0]
    row.refresh_from_db()
    assert row.sent_at is not None
    assert row.attempts == 2
    assert row.briefs == 2
    # later runs of the same week and of the next week send nothing more (nothing new)
    for when in ("2026-03-11 07:00:00", "2026-03-16 07:00:00"):
        with freeze_time(when), django_capture_on_commit_callbacks(execute=True):
            assert delivery.send_weekly_digest() == 0
    assert len(_digests()) == 1
    # a stale callback of the failed attempt cannot send a second e-mail
    delivery._send(row.pk, 1, "[ngoaivu] Bản tin trong tuần 11/2026", "x", "a@example.org")
    assert len(_digests()) == 1


def test_at_most_one_digest_leaves_per_person_per_iso_week(
    world, only_a_editor_mailed, django_capture_on_commit_callbacks
):
    with freeze_time("2026-03-09 06:00:00"):
        make_brief(world, "X", to=("A",), countries=("JP",))
    with freeze_time("2026-03-09 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 1
    with freeze_time("2026-03-10 06:00:00"):
        later = make_brief(world, "X", to=("A",), countries=("JP",), marker="DIGLATER01Q")
    mail.outbox.clear()
    with freeze_time("2026-03-12 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 0  # week 11 has had its digest
    with freeze_time("2026-03-16 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 1  # week 12: what came since
    bodies = _digests()
    assert len(bodies) == 1
    assert later.title in bodies[0]


def test_a_withdrawn_brief_is_shown_as_withdrawn_and_left_out_of_lists_and_digests(
    world, only_a_editor_mailed, django_capture_on_commit_callbacks
):
    with freeze_time("2026-03-09 06:00:00"):
        kept = make_brief(world, "X", to=("A",), countries=("JP",), marker="WDKEPT01Q")
        gone = make_brief(world, "X", to=("A",), countries=("JP",), marker="WDGONE01Q")
    with freeze_time("2026-03-10 09:00:00"):
        services.brief_withdraw(actor=world.users["x_officer"], brief_id=gone.pk, expected_version=None)
    client = world.client("a_editor")
    page = text_of(client.get(f"/briefs/{gone.pk}/"))
    assert "Đã thu hồi ngày 10/03/2026" in page
    assert "Đã thu hồi" not in text_of(client.get(f"/briefs/{kept.pk}/")).replace(
        "Tất cả, kể cả đã thu hồi", ""
    )
    listed = text_of(client.get("/briefs/"))
    assert kept.marker in listed
    assert gone.marker not in listed
    everything = text_of(client.get("/briefs/?status=all"))
    assert gone.marker in everything
    assert "Đã thu hồi 10/03/2026" in everything
    assert gone.marker in text_of(client.get("/briefs/?status=withdrawn"))
    api = client.get("/api/v1/briefs").json()
    ids = {row["id"] for row in api["items"]}
    assert kept.pk in ids
    assert gone.pk not in ids
    detail = client.get(f"/api/v1/briefs/{gone.pk}").json()
    assert detail["status"] == "withdrawn"
    assert detail["withdrawn_at"].startswith("2026-03-10")
    # the author still counts it in its readership page
    assert gone.marker in text_of(world.client("x_officer").get("/briefs/readership/"))
    mail.outbox.clear()
    with freeze_time("2026-03-10 10:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_weekly_digest() == 1
    bodies = _digests()
    assert kept.title in bodies[0]
    assert gone.title not in bodies[0]


def test_readdressing_a_published_brief_is_kept_in_its_version_history(world):
    x = world.users["x_officer"]
    brief = make_brief(world, "X", to=("A",), countries=("JP",), products=("03",), marker="VERADDR01Q")
    data = services.brief_input_of(brief)
    brief = services.brief_update(
        actor=x,
        brief_id=brief.pk,
        expected_version=brief.version,
        data=services.BriefInput(
            **{
                **data.__dict__,
                "provinces": ("48", "12"),
                "countries": ("JP", "KR"),
                "products": ("03", "09"),
            }
        ),
    )
    version = BriefVersion.objects.get(brief=brief)  # the text did not change; the addressing did
    assert version.title == "VERADDR01Q"
    assert version.changed_by == x
    fields = {c["field"]: c for c in version.changes}
    assert set(fields) == {"audience", "countries", "products"}
    assert fields["products"]["before"] == "03"
    assert fields["products"]["after"] == "03, 09"
    assert "Lai Châu" not in fields["audience"]["before"]
    assert "Lai Châu" in fields["audience"]["after"]
    page = text_of(world.client("a_editor").get(f"/briefs/{brief.pk}/"))
    assert "Phiên bản 1" in page
    assert "Sản phẩm (chương HS): trước “03”, sau “03, 09”" in page
    # an update that changes nothing adds no version
    services.brief_update(
        actor=x, brief_id=brief.pk, expected_version=brief.version, data=services.brief_input_of(brief)
    )
    assert BriefVersion.objects.filter(brief=brief).count() == 1


def test_ask_more_prefills_the_category_the_briefs_kind_suggests(world):
    """Walk finding 8: a market brief's "Hỏi thêm" was filed under the first category (Xúc tiến đầu tư)."""
    market = make_brief(world, "X", to=("A",), kind="market")
    warning = make_brief(world, "X", to=("A",), kind="warning")
    client = world.client("a_editor")
    assert client.get(f"/briefs/{market.pk}/ask/").context["form"].initial["category"] == "trade"
    assert client.get(f"/briefs/{warning.pk}/ask/").context["form"].initial["category"] == "other"


def test_the_brief_form_says_where_attachments_are_added(world):
    """Walk finding 18: the form has no upload field and said nothing about it."""
    assert "Tệp đính kèm được thêm trên trang của bản tin, sau khi lưu." in text_of(
        world.client("x_officer").get("/briefs/new/")
    )
