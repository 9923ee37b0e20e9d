"""The agreement pages save through core.web (save_form, run_action): one stale message, the roadmap's fragment,
the small forms' one-sentence problems; the API detail reads the agreement itself (issue 17)."""

import datetime as dt
import json

import pytest
from django.contrib.messages import get_messages

from ngoaivu.agreements import services
from ngoaivu.agreements.models import Agreement
from ngoaivu.agreements.services import AgreementInput
from ngoaivu.core.testing.api import if_match
from ngoaivu.core.testing.world import make_agreement
from ngoaivu.core.web import STALE

pytestmark = pytest.mark.django_db
FORM = {"kind": "provincial", "title_vi": "Trang", "country": "KR", "visibility": "shared"}
MILESTONE = {"title": "Mốc", "owner": "Sở", "due_on": "2027-06-01", "status": "planned", "progress": "0"}


def said(response, client):
    """The flash messages this response set (the message cookie is dropped so the next request starts empty)."""
    found = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    client.cookies.pop("messages", None)
    return found


def test_a_stale_edit_and_stale_buttons_answer_the_one_stale_message(world):
    agreement = make_agreement(world, "A", signed=True)
    client = world.client("a_editor")
    client.post(f"/agreements/{agreement.pk}/milestones/", MILESTONE)
    milestone = agreement.milestones.get()
    edit = client.post(
        f"/agreements/{agreement.pk}/edit/", {**FORM, "signed_on": "2024-05-06", "version": 99}
    )
    assert edit.status_code == 409
    assert str(STALE) in edit.content.decode()
    button = client.post(f"/agreements/{agreement.pk}/action/suspend/", {"version": 99})
    assert (button.status_code, button["Location"]) == (302, f"/agreements/{agreement.pk}/")
    assert said(button, client) == [("error", str(STALE))]
    stale = client.post(
        f"/agreements/{agreement.pk}/milestones/{milestone.pk}/",
        {**MILESTONE, "version": 99},
    )
    # issue 18: the page again, with the stale message (not a redirect that loses what was typed)
    assert stale.status_code == 409
    assert str(STALE) in stale.content.decode()


def test_registration_redirects_to_the_new_agreement_and_says_so(world):
    client = world.client("a_editor")
    response = client.post("/agreements/new/", {**FORM, "state": "proposed"})
    agreement = Agreement.objects.system(reason="test").get(title_vi="Trang")
    assert response["Location"] == f"/agreements/{agreement.pk}/"
    assert said(response, client) == [("success", "Đã đăng ký thỏa thuận.")]
    refused = client.post("/agreements/new/", {**FORM, "state": "proposed", "province": "Atlantis"})
    assert refused.status_code == 400
    assert "Atlantis" in refused.content.decode()


def test_the_roadmap_and_the_small_forms_keep_their_messages_and_fragment(world):
    agreement = make_agreement(world, "A", signed=True)
    client = world.client("a_editor")
    base = f"/agreements/{agreement.pk}/"
    created = client.post(base + "milestones/", MILESTONE)
    assert (created["Location"], said(created, client)) == (
        base + "#roadmap",
        [("success", "Đã thêm mốc lộ trình.")],
    )
    invalid = client.post(base + "milestones/", {**MILESTONE, "title": "", "owner": "Sở Công Thương"})
    # issue 18: the form comes back as typed with its message instead of a redirect to the roadmap
    assert invalid.status_code == 400
    page = invalid.content.decode()
    assert "Trường này là bắt buộc." in page
    assert 'value="Sở Công Thương"' in page
    activity = client.post(base + "activity/", {"text": ""})
    assert (activity["Location"], said(activity, client)) == (
        base,
        [("error", "Ghi ngày và nội dung hoạt động.")],
    )
    upload = client.post(base + "files/", {"kind": "evidence"})
    assert said(upload, client) == [("error", "Chọn tệp và loại tài liệu.")]


def test_the_api_detail_reads_the_agreement(world):
    partner = world.partner("A", visibility="shared", country="KR")
    agreement = services.agreement_create(
        actor=world.users["a_editor"],
        data=AgreementInput(
            kind="provincial",
            title_vi="Đọc từ ORM",
            country="KR",
            province="Quang Nam",
            partner_ids=(partner.pk,),
            fields=("investment",),
            signed_on=dt.date(2023, 5, 2),
            state="in_implementation",
        ),
    )
    client = world.client("a_editor")
    url = f"/api/v1/agreements/{agreement.pk}"
    body = client.get(url).json()
    assert (body["kind"], body["province"], body["former_province"], body["country"]) == (
        "provincial",
        "48",
        "49",
        "KR",
    )
    assert (body["owner"], body["renews"], body["fields"]) == ("tinh-48", None, ["investment"])
    assert body["partners"] == [{"id": partner.pk, "name": str(partner)}]
    assert body["dormant"] is True
    assert "lộ trình" in body["dormant_reason"]
    assert "suspend" in body["actions"]
    assert world.client("ministry").get(url).json()["actions"] == []  # the reader's own actions
    suspended = client.post(
        f"{url}/suspend",
        json.dumps({"text": "tạm dừng"}),
        content_type="application/json",
        headers=if_match(client, url),
    )
    assert suspended.status_code == 200
    assert (suspended.json()["state"], suspended.json()["actions"]) == (
        "suspended",
        ["resume", "terminate", "decide_expiry"],
    )
