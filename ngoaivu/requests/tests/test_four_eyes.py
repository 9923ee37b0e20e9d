"""Four eyes on request drafts (DOMAIN.md §2, issue 16 §3): when the organisation wants drafts approved,
whoever submits one never approves it, even as head; another head does."""

import pytest

from ngoaivu.accounts.models import Notification, Organisation
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.testing.world import second_head
from ngoaivu.requests import selectors, services
from ngoaivu.requests.models import ServiceRequest
from ngoaivu.requests.services import DraftInput

pytestmark = pytest.mark.django_db
S = ServiceRequest.Status


@pytest.fixture
def approval_required(world):
    Organisation.objects.filter(pk=world.orgs["A"].pk).update(request_approval_required=True)


def submitted_by_head(world):
    second_head(world, "A")  # four eyes needs another head, or the submission is refused
    head = world.users["a_editor"]
    req = services.request_create(
        actor=head,
        data=DraftInput(
            title="Kết nối doanh nghiệp bán dẫn Hàn Quốc",
            description="Đề nghị giới thiệu đối tác",
            category="investment",
            recipients=["mofa"],
        ),
    )
    services.request_action(actor=head, request_id=req.pk, action="submit")
    req.refresh_from_db()
    return req


def test_a_heads_own_draft_waits_for_another_head(world, approval_required):
    other = second_head(world, "A")
    req = submitted_by_head(world)
    assert req.status == S.PENDING_APPROVAL
    assert req.submitted_by == world.users["a_editor"]
    assert req.number is None
    assert Notification.objects.filter(user=other, kind="request.approval").exists()
    assert not Notification.objects.filter(user=world.users["a_editor"], kind="request.approval").exists()


def test_the_submitter_head_cannot_approve_nor_return_and_another_head_can(world, approval_required):
    req = submitted_by_head(world)
    head = world.users["a_editor"]
    assert "approve" not in selectors.available_actions(user=head, req=req)
    for action in ("approve", "return"):
        with pytest.raises(Forbidden, match="bốn mắt"):
            services.request_action(actor=head, request_id=req.pk, action=action, text="Xem lại")
    other = second_head(world, "A")
    assert "approve" in selectors.available_actions(user=other, req=req)
    services.request_action(actor=other, request_id=req.pk, action="approve")
    req.refresh_from_db()
    assert req.status == S.SENT
    assert req.approved_by == other
    assert req.number


def test_the_page_hides_the_button_and_refuses_with_the_reason(world, approval_required):
    req = submitted_by_head(world)
    client = world.client("a_editor")
    page = client.get(f"/requests/{req.pk}/").content.decode()
    assert f"/requests/{req.pk}/action/approve/" not in page
    response = client.post(f"/requests/{req.pk}/action/approve/", {"version": req.version})
    assert response.status_code == 403
    assert "bốn mắt" in response.content.decode()
    req.refresh_from_db()
    assert req.status == S.PENDING_APPROVAL


def test_the_api_answers_403_with_the_reason(world, approval_required):
    req = submitted_by_head(world)
    response = world.client("a_editor").post(
        f"/api/v1/requests/{req.pk}/approve",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{req.version}"'},
    )
    assert response.status_code == 403
    assert response.json()["type"] == "forbidden"
    assert "bốn mắt" in response.json()["detail"]


def _draft(world):
    return services.request_create(
        actor=world.users["a_editor"],
        data=DraftInput(
            title="Kết nối doanh nghiệp bán dẫn Hàn Quốc",
            description="Đề nghị giới thiệu đối tác",
            category="investment",
            recipients=["mofa"],
        ),
    )


def test_a_submission_no_other_head_can_approve_is_refused_not_left_waiting_for_nobody(
    world, approval_required
):
    """The only active head of A submits (A's other head is inactive): nobody could approve, so the submit is
    refused with what to do, and nothing changes."""
    from ngoaivu.core.exceptions import StateConflict

    req = _draft(world)
    with pytest.raises(StateConflict, match="không có lãnh đạo nào khác") as refused:
        services.request_action(actor=world.users["a_editor"], request_id=req.pk, action="submit")
    assert "quản trị viên" in str(refused.value)
    req.refresh_from_db()
    assert req.status == S.DRAFT
    assert req.submitted_by is None
    assert not Notification.objects.filter(kind="request.approval").exists()
    response = world.client("a_editor").post(
        f"/api/v1/requests/{req.pk}/submit",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{req.version}"'},
    )
    assert response.status_code == 409
    assert "không có lãnh đạo nào khác" in response.json()["detail"]
    second_head(world, "A")
    services.request_action(actor=world.users["a_editor"], request_id=req.pk, action="submit")
    req.refresh_from_db()
    assert req.status == S.PENDING_APPROVAL
