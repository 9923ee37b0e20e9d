"""The fixes after the walk and the review of issue 21: default due dates never in the past and worded as a
default period, commitments only for organisations that see the mechanism, a usable commitment row, the
meetings filter by mechanism name, the counts page's scope note, the meeting's history with its commitments,
calendar links from URL names, and the home work list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ngoaivu.border import selectors, services
from ngoaivu.border.models import Commitment
from ngoaivu.border.tests.helpers import add_commitment, editor, make_mechanism, make_meeting
from ngoaivu.core.exceptions import ServiceError

pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-06-01 10:00:00+07:00")]

D = dt.date
TODAY = D(2026, 6, 1)


# --- 1. the default due date ------------------------------------------------------------------------------------


def test_a_commitment_written_down_long_after_the_meeting_is_not_born_overdue(world):
    """The meeting ended on 25/09/2025; a commitment added today without a due date used to get 09/10/2025
    (meeting + 14 days), "quá hạn 235 ngày" at birth. The default now counts from today."""
    m = make_mechanism(world, "A", countries=("CN",))
    meeting = make_meeting(world, m, "A", starts_on=D(2025, 9, 24))
    c = services.commitment_add(
        actor=editor(world, "A"),
        meeting_id=meeting.pk,
        data=services.CommitmentInput(text="Mở thêm cặp chợ biên giới", owner_person="Sở Công Thương"),
    )
    assert c.due_on == D(2026, 6, 15)
    assert c.due_on >= TODAY
    assert c.due_rule.startswith("Hạn mặc định: 14 ngày sau ngày ghi cam kết")
    assert "Nhắc trước hạn" in c.due_rule  # the rule it comes from, named as such
    page = world.client("a_editor").get(meeting.get_absolute_url()).content.decode()
    assert "quá hạn" not in page
    assert "Hạn mặc định: 14 ngày sau ngày ghi cam kết" in page


def test_the_default_counts_from_the_meeting_when_it_ends_today_or_later(world):
    m = make_mechanism(world, "A", countries=("CN",))
    meeting = make_meeting(world, m, "A", starts_on=D(2026, 5, 31))  # ends 01/06/2026, today
    c = services.commitment_add(
        actor=editor(world, "A"),
        meeting_id=meeting.pk,
        data=services.CommitmentInput(text="Khảo sát cửa khẩu phụ", owner_person="Sở Ngoại vụ"),
    )
    assert c.due_on == D(2026, 6, 15)
    assert c.due_rule.startswith("Hạn mặc định: 14 ngày sau cuộc họp (quy tắc “")


# --- 2. owner organisations -------------------------------------------------------------------------------------


def test_a_commitment_cannot_be_given_to_an_organisation_that_cannot_see_the_mechanism(world):
    m = make_mechanism(
        world, "A", countries=("JP",)
    )  # B is not a member; Tokyo (X) covers Japan, Seoul does not
    meeting = make_meeting(world, m, "A")
    for code in ("tinh-12", "cqdd-kr-seoul"):
        with pytest.raises(ServiceError) as caught:
            add_commitment(world, meeting, "A", owner_org=code)
        assert "không xem được cơ chế này" in caught.value.errors["owner_org"][0]
    for code in ("tinh-48", "mofa", "cqdd-jp-tokyo"):
        assert add_commitment(world, meeting, "A", owner_org=code).owner_org.code == code
    with pytest.raises(ServiceError) as caught:
        add_commitment(world, meeting, "A", owner_org="khong-co")
    assert "Không có đơn vị" in caught.value.errors["owner_org"][0]


def test_a_member_province_may_be_given_a_commitment_and_report_on_it(world):
    m = make_mechanism(world, "A", countries=("CN",), members=("B",))
    meeting = make_meeting(world, m, "A")
    c = add_commitment(world, meeting, "A", owner_org="tinh-12")
    done = services.commitment_update(
        actor=world.users["b_editor"],
        meeting_id=meeting.pk,
        commitment_id=c.pk,
        action="progress",
        expected_version=None,
        note="Đã khảo sát",
    )
    assert done.progress == "Đã khảo sát"


def test_the_owner_select_offers_exactly_the_organisations_that_see_the_mechanism(world):
    from ngoaivu.accounts.models import Organisation

    m = make_mechanism(world, "A", countries=("JP",))
    meeting = make_meeting(world, m, "A")
    page = world.client("a_editor").get(meeting.get_absolute_url()).content.decode()
    offered = set(services.commitment_owner_orgs(m).values_list("code", flat=True))
    assert {"tinh-48", "mofa", "cqdd-jp-tokyo"} <= offered
    assert not offered & {"tinh-12", "cqdd-kr-seoul"}
    for org in Organisation.objects.filter(is_active=True):
        assert (f'<option value="{org.code}"' in page) == (org.code in offered), org.code


# --- 3. the commitment row --------------------------------------------------------------------------------------


def test_each_commitment_row_has_one_update_panel_that_works_without_javascript(world):
    m = make_mechanism(world, "A", countries=("CN",))
    meeting = make_meeting(world, m, "A", commitments=2)
    page = world.client("a_editor").get(meeting.get_absolute_url()).content.decode()
    assert page.count('<details class="row-update"') == 2
    assert page.count("<summary>Cập nhật</summary>") == 2
    c = meeting.commitments.first()
    r = world.client("a_editor").post(
        reverse("border:commitment_action", args=[meeting.pk, c.pk]),
        {"action": "progress", "note": "Đã họp liên ngành", "version": c.version},
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.progress == "Đã họp liên ngành"


# --- 4. the meetings filter by mechanism --------------------------------------------------------------------------


def test_the_meetings_filter_offers_the_visible_mechanisms_by_name(world):
    mine = make_mechanism(world, "A", countries=("CN",), marker="BORDERSELECTMINE")
    other = make_mechanism(world, "B", countries=("CN",), marker="BORDERSELECTOTHER")
    make_meeting(world, mine, "A", marker="BORDERMEETMINEQ")
    make_meeting(world, other, "B", marker="BORDERMEETOTHERQ")
    page = world.client("a_editor").get(reverse("border:meeting_list")).content.decode()
    assert "Mã cơ chế" not in page
    assert 'type="number" name="mechanism"' not in page
    assert f'<option value="{mine.pk}"' in page
    assert "BORDERSELECTMINE" in page
    assert "BORDERSELECTOTHER" not in page
    filtered = world.client("a_editor").get(reverse("border:meeting_list") + f"?mechanism={mine.pk}")
    text = filtered.content.decode()
    assert "BORDERMEETMINEQ" in text
    assert f'<option value="{mine.pk}" selected' in text


# --- 5. the counts page's scope note --------------------------------------------------------------------------------


def test_a_province_member_of_no_mechanism_is_told_why_its_counts_are_zero(world):
    make_mechanism(world, "A", countries=("CN",))
    page = world.client("b_editor").get(reverse("border:counts")).content.decode()
    assert "chỉ tính những cơ chế bạn được xem" in page
    assert "chưa là thành viên của cơ chế hợp tác biên giới nào" in page
    assert "đơn vị chủ trì cơ chế" in page
    own = world.client("a_editor").get(reverse("border:counts")).content.decode()
    assert "chưa là thành viên" not in own


# --- 6. the meeting's history shows its commitments -----------------------------------------------------------------


def test_commitment_changes_appear_in_the_meetings_history(world):
    m = make_mechanism(world, "A", countries=("CN",))
    meeting = make_meeting(world, m, "A")
    c = add_commitment(world, meeting, "A", text="Cam kết có lịch sử")
    services.commitment_update(
        actor=editor(world, "A"),
        meeting_id=meeting.pk,
        commitment_id=c.pk,
        action="complete",
        expected_version=None,
        done_on=TODAY,
    )
    events = selectors.meeting_history(user=world.users["ministry"], meeting=meeting)
    actions = [e.action for e in events]
    assert "border_commitment.create" in actions
    assert "border_commitment.complete" in actions
    assert "border_meeting.hold" in actions
    other = make_meeting(world, m, "A")
    add_commitment(world, other, "A")
    assert all(
        e.target_id in {str(meeting.pk), str(c.pk)}
        for e in selectors.meeting_history(user=world.users["ministry"], meeting=meeting)
    )


# --- 7. calendar links from URL names -------------------------------------------------------------------------------


def test_calendar_links_are_the_records_urls(world):
    m = make_mechanism(world, "A", countries=("CN",))
    meeting = make_meeting(world, m, "A")
    add_commitment(world, meeting, "A", due_on=TODAY + dt.timedelta(days=5))
    entries = selectors.calendar_entries(
        user=editor(world, "A"), start=TODAY - dt.timedelta(days=30), end=TODAY + dt.timedelta(days=30)
    )
    urls = {e.kind: e.url for e in entries}
    assert urls["border"] == meeting.get_absolute_url()
    assert urls["deadline"] == meeting.get_absolute_url() + "#commitments"


# --- 8. the home work list --------------------------------------------------------------------------------------


def _rows(world, who: str) -> dict[str, dict]:
    return {r["label"]: r for r in selectors.work_counts(user=world.users[who], today=TODAY)}


def test_work_counts_link_to_exactly_the_rows_they_count(world):
    from django.core.cache import cache

    cache.clear()
    m = make_mechanism(world, "A", countries=("CN",), members=("B",))
    meeting = make_meeting(world, m, "A", starts_on=D(2026, 1, 5))
    add_commitment(world, meeting, "A", due_on=D(2026, 3, 1), text="Quá hạn một")  # overdue
    add_commitment(world, meeting, "A", due_on=D(2026, 6, 10), text="Sắp đến hạn")  # within 14 days
    add_commitment(world, meeting, "A", due_on=D(2026, 9, 1), text="Còn xa")
    b_own = add_commitment(world, meeting, "B", owner_org="tinh-12", owner_person="", due_on=D(2026, 2, 1))
    make_meeting(world, m, "A", starts_on=D(2026, 5, 1))  # held, no minutes
    rows = _rows(world, "a_editor")
    assert set(rows) == {
        "cam kết biên giới quá hạn",
        "cam kết biên giới đến hạn trong 14 ngày",
        "cuộc họp biên giới đã họp, chưa ghi biên bản",
    }
    assert rows["cam kết biên giới quá hạn"]["n"] == 2  # A leads the mechanism: its own and B's
    assert rows["cam kết biên giới đến hạn trong 14 ngày"]["n"] == 1
    assert rows["cuộc họp biên giới đã họp, chưa ghi biên bản"]["n"] == 2
    b_rows = _rows(world, "b_editor")
    assert b_rows["cam kết biên giới quá hạn"]["n"] == 1  # B: only the one it owns
    assert b_rows["cuộc họp biên giới đã họp, chưa ghi biên bản"]["n"] == 0  # B does not lead
    assert _rows(world, "y_officer")["cam kết biên giới quá hạn"]["n"] == 0
    client = world.client("a_editor")
    for row in rows.values():
        page = client.get(row["url"]).content.decode()
        assert f"{row['n']} bản ghi" in page, row
    b_page = world.client("b_editor").get(b_rows["cam kết biên giới quá hạn"]["url"]).content.decode()
    assert b_own.text in b_page
    assert "Quá hạn một" not in b_page


def test_work_counts_are_bounded_queries(world, django_assert_max_num_queries):
    from django.core.cache import cache

    m = make_mechanism(world, "A", countries=("CN",))
    make_meeting(world, m, "A", commitments=3)
    cache.clear()
    with django_assert_max_num_queries(12):
        selectors.work_counts(user=world.users["a_editor"], today=TODAY)
    assert Commitment.objects.count() == 3
