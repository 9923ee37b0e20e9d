"""Four eyes on delegations (DOMAIN.md §2, issue 16 §3): whoever submits never approves, even as head; a step
decided on paper by someone who does not use ngoaivu (Chủ tịch UBND tỉnh) is recorded from its document."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, ServiceError, StateConflict
from ngoaivu.core.testing.world import second_head
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.models import ApprovalStepRule, Delegation, DelegationApproval
from ngoaivu.delegations.services import DelegationInput, MemberInput, PaperDecisionInput

pytestmark = pytest.mark.django_db
D = Delegation.State
PDF = b"%PDF-1.4 quyet dinh"


def plan(world, who="a_editor", **extra):
    return services.delegation_create(
        actor=world.users[who],
        data=DelegationInput(
            direction="outbound",
            title="Đoàn xúc tiến thương mại tại Hàn Quốc",
            purpose="Xúc tiến thương mại",
            head_name="Nguyễn Văn An",
            departs_on=timezone.localdate() + dt.timedelta(days=40),
            returns_on=timezone.localdate() + dt.timedelta(days=45),
            countries=("KR",),
            members=(MemberInput(full_name="Nguyễn Văn An", is_head=True),),
            **extra,
        ),
    )


def submitted(world, who="a_editor"):
    delegation = plan(world, who)
    return services.delegation_action(actor=world.users[who], delegation_id=delegation.pk, action="submit")


def scan(name="qd-123.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def paper(**kw):
    data = {
        "decision": "approved",
        "document_number": "123/QĐ-UBND",
        "document_date": timezone.localdate() - dt.timedelta(days=1),
        "signer": "Chủ tịch UBND thành phố Trần Văn Bình",
    }
    data.update(kw)
    return PaperDecisionInput(**data)


def test_the_head_who_submitted_cannot_approve_and_another_head_can(world):
    delegation = submitted(world)
    assert delegation.submitted_by == world.users["a_editor"]
    assert "approve" not in services.available_actions(user=world.users["a_editor"], delegation=delegation)
    with pytest.raises(Forbidden, match="bốn mắt"):
        services.delegation_action(
            actor=world.users["a_editor"], delegation_id=delegation.pk, action="approve"
        )
    with pytest.raises(Forbidden, match="bốn mắt"):
        services.delegation_action(
            actor=world.users["a_editor"],
            delegation_id=delegation.pk,
            action="refuse",
            data=services.DelegationActionInput(comment="x"),
        )
    other = second_head(world, "A")
    assert "approve" in services.available_actions(user=other, delegation=delegation)
    services.delegation_action(actor=other, delegation_id=delegation.pk, action="approve")
    first = DelegationApproval.objects.filter(delegation=delegation).order_by("order").first()
    assert first.decided_by == other


def test_the_submitter_is_refused_by_a_named_approvers_deputy_right_too(world):
    """A head who submitted and is also the deputy of the named approver still cannot decide."""
    chair = second_head(world, "A")
    ApprovalStepRule.objects.create(owner_org=world.orgs["A"], order=1, label="Giám đốc Sở", approver=chair)
    services.deputy_create(
        actor=chair,
        deputy_id=world.users["a_editor"].pk,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
    )
    delegation = submitted(world)
    with pytest.raises(Forbidden):
        services.delegation_action(
            actor=world.users["a_editor"], delegation_id=delegation.pk, action="approve"
        )
    services.delegation_action(actor=chair, delegation_id=delegation.pk, action="approve")


def test_the_approval_button_is_shown_only_to_who_may_take_it_and_the_page_refuses_with_the_reason(world):
    delegation = submitted(world)
    page = world.client("a_editor").get(f"/delegations/{delegation.pk}/").content.decode()
    assert f"/delegations/{delegation.pk}/action/approve/" not in page
    assert "bốn mắt" in page
    response = world.client("a_editor").post(
        f"/delegations/{delegation.pk}/action/approve/", {"version": delegation.version}
    )
    assert response.status_code == 403
    assert "bốn mắt" in response.content.decode()
    other = Client()
    other.force_login(second_head(world, "A"))
    assert (
        f"/delegations/{delegation.pk}/action/approve/"
        in other.get(f"/delegations/{delegation.pk}/").content.decode()
    )
    assert other.post(f"/delegations/{delegation.pk}/action/approve/", {}).status_code == 302
    assert DelegationApproval.objects.filter(delegation=delegation, decision="approved").count() == 1


def test_the_api_answers_403_with_the_reason(world):
    delegation = submitted(world)
    response = world.client("a_editor").post(
        f"/api/v1/delegations/{delegation.pk}/approve",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{delegation.version}"'},
    )
    assert response.status_code == 403
    body = response.json()
    assert body["type"] == "forbidden"
    assert "bốn mắt" in body["detail"]
    assert (
        "approve"
        not in world.client("a_editor").get(f"/api/v1/delegations/{delegation.pk}").json()["actions"]
    )


def test_the_chairs_step_is_recorded_from_its_document_not_clicked(world):
    delegation = submitted(world)
    head = second_head(world, "A")
    services.delegation_action(actor=head, delegation_id=delegation.pk, action="approve")
    delegation.refresh_from_db()
    step = selectors.current_step(delegation)
    assert step.on_paper
    assert step.label.startswith("Chủ tịch UBND tỉnh")
    # nobody clicks the Chair's step, not even a head who did not submit
    assert "approve" not in services.available_actions(user=head, delegation=delegation)
    with pytest.raises(Forbidden, match="văn bản"):
        services.delegation_action(actor=head, delegation_id=delegation.pk, action="approve")
    assert services.may_record_decision(world.users["a_editor"], delegation)
    assert not services.may_record_decision(world.users["a_viewer"], delegation)
    services.delegation_record_decision(
        actor=world.users["a_editor"], delegation_id=delegation.pk, data=paper(), upload=scan()
    )
    delegation.refresh_from_db()
    assert delegation.state in (D.APPROVED, D.MISSION_NOTIFIED)
    step.refresh_from_db()
    assert step.decision == DelegationApproval.Decision.APPROVED
    assert step.document_number == "123/QĐ-UBND"
    assert step.document_signer == "Chủ tịch UBND thành phố Trần Văn Bình"
    assert step.document_date == timezone.localdate() - dt.timedelta(days=1)
    assert step.document_file.read() == PDF
    assert step.decided_by == world.users["a_editor"]
    assert step.on_behalf_of is None
    event = delegation.events.get(action="record_decision")
    assert "ghi nhận quyết định số 123/QĐ-UBND" in event.text
    assert "Chủ tịch UBND" in event.text
    assert event.actor_label == "a_editor"
    audit = AuditEvent.objects.get(action="delegation.record_decision", target_id=str(delegation.pk))
    assert "123/QĐ-UBND" in str(audit.changes)
    page = world.client("a_viewer").get(f"/delegations/{delegation.pk}/").content.decode()
    assert "Ghi nhận quyết định bằng văn bản của lãnh đạo" in page
    assert "ghi nhận quyết định số 123/QĐ-UBND" in page
    download = world.client("a_viewer").get(f"/delegations/{delegation.pk}/decision/{step.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # another province may see a shared delegation's summary, never the scan behind its approval
    Delegation.objects.system(reason="test").filter(pk=delegation.pk).update(visibility="shared")
    assert world.client("b_editor").get(f"/delegations/{delegation.pk}/").status_code == 200
    assert (
        world.client("b_editor").get(f"/delegations/{delegation.pk}/decision/{step.pk}/file/").status_code
        == 404
    )


def test_a_paper_decision_needs_its_number_date_signer_and_an_acceptable_scan(world):
    delegation = submitted(world)
    services.delegation_action(actor=second_head(world, "A"), delegation_id=delegation.pk, action="approve")
    editor = world.users["a_editor"]
    with pytest.raises(ServiceError) as exc:
        services.delegation_record_decision(
            actor=editor,
            delegation_id=delegation.pk,
            data=paper(document_number="", signer="", document_date=None),
            upload=None,
        )
    assert {"document_number", "signer", "document_date", "file"} <= set(exc.value.errors)
    for upload in (scan("qd.exe"), scan("quyet-dinh-mat.pdf")):
        with pytest.raises(ServiceError) as exc:
            services.delegation_record_decision(
                actor=editor, delegation_id=delegation.pk, data=paper(), upload=upload
            )
        assert "file" in exc.value.errors
    with pytest.raises(ServiceError) as exc:
        services.delegation_record_decision(
            actor=editor, delegation_id=delegation.pk, data=paper(decision="refused"), upload=scan()
        )
    assert "comment" in exc.value.errors
    with pytest.raises(Forbidden):
        services.delegation_record_decision(
            actor=world.users["a_viewer"], delegation_id=delegation.pk, data=paper(), upload=scan()
        )
    services.delegation_record_decision(
        actor=editor,
        delegation_id=delegation.pk,
        data=paper(decision="refused", comment="Chưa phù hợp thời điểm"),
        upload=scan(),
    )
    delegation.refresh_from_db()
    assert delegation.state == D.REFUSED
    with pytest.raises(StateConflict):
        services.delegation_record_decision(
            actor=editor, delegation_id=delegation.pk, data=paper(), upload=scan()
        )


def test_a_step_clicked_in_ngoaivu_is_not_recorded_from_paper(world):
    delegation = submitted(world)
    with pytest.raises(StateConflict):
        services.delegation_record_decision(
            actor=world.users["a_editor"], delegation_id=delegation.pk, data=paper(), upload=scan()
        )


def test_the_leaders_decision_through_the_page_and_the_api(world):
    delegation = submitted(world)
    services.delegation_action(actor=second_head(world, "A"), delegation_id=delegation.pk, action="approve")
    delegation.refresh_from_db()
    version = {"If-Match": f'"{delegation.version}"'}
    client = world.client("a_editor")
    page = client.get(f"/delegations/{delegation.pk}/").content.decode()
    assert f"/delegations/{delegation.pk}/decision/" in page
    bad = client.post(
        f"/api/v1/delegations/{delegation.pk}/approvals/record",
        {"decision": "approved", "document_number": "9/QĐ-UBND"},
        headers=version,
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"signer", "document_date", "file"}
    assert (
        world.client("ministry")
        .post(
            f"/api/v1/delegations/{delegation.pk}/approvals/record", {"decision": "approved"}, headers=version
        )
        .status_code
        == 403
    )
    response = client.post(
        f"/api/v1/delegations/{delegation.pk}/approvals/record",
        {
            "decision": "approved",
            "document_number": "9/QĐ-UBND",
            "document_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "signer": "Chủ tịch UBND thành phố",
            "file": scan("qd-9.pdf"),
        },
        headers=version,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] in ("approved", "mission_notified")
    recorded = [a for a in body["approvals"] if a["on_paper"]]
    assert recorded[0]["document_number"] == "9/QĐ-UBND"
    assert recorded[0]["decision"] == "approved"


def test_the_page_form_records_the_decision(world):
    delegation = submitted(world)
    services.delegation_action(actor=second_head(world, "A"), delegation_id=delegation.pk, action="approve")
    delegation.refresh_from_db()
    response = world.client("a_editor").post(
        f"/delegations/{delegation.pk}/decision/",
        {
            "decision": "approved",
            "document_number": "15/QĐ-UBND",
            "document_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "signer": "Chủ tịch UBND thành phố",
            "version": delegation.version,
            "file": scan("qd-15.pdf"),
        },
    )
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.state in (D.APPROVED, D.MISSION_NOTIFIED)
    assert world.client("a_viewer").post(f"/delegations/{delegation.pk}/decision/", {}).status_code == 403


def test_a_recorded_decisions_number_and_signer_are_single_line(world):
    delegation = submitted(world)
    services.delegation_action(actor=second_head(world, "A"), delegation_id=delegation.pk, action="approve")
    services.delegation_record_decision(
        actor=world.users["a_editor"],
        delegation_id=delegation.pk,
        data=paper(document_number="123/QĐ-UBND\r\nBcc: x@example.org", signer="Chủ tịch\nUBND"),
        upload=scan(),
    )
    step = DelegationApproval.objects.get(delegation=delegation, document_number__startswith="123/")
    assert step.document_number == "123/QĐ-UBND Bcc: x@example.org"
    assert step.document_signer == "Chủ tịch UBND"


def _officer(world, name="a_deputy"):
    from ngoaivu.accounts.models import Role
    from ngoaivu.accounts.services import user_create
    from ngoaivu.audit.services import SystemActor

    return user_create(
        actor=SystemActor("test-world"),
        username=name,
        password="world-password-2026",
        organisation=world.orgs["A"],
        roles=[Role.OFFICER],
        check_password=False,
        is_superuser=False,
    )


def test_the_submitters_own_deputy_cannot_approve_on_his_behalf_and_another_head_can(world):
    """Four eyes through a deputy: a head names a deputy, submits, and the deputy may not decide for him."""
    head = world.users["a_editor"]
    deputy = _officer(world)
    services.deputy_create(
        actor=head,
        deputy_id=deputy.pk,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
    )
    delegation = submitted(world)
    assert "approve" not in services.available_actions(user=deputy, delegation=delegation)
    with pytest.raises(Forbidden):
        services.delegation_action(actor=deputy, delegation_id=delegation.pk, action="approve")
    other = second_head(world, "A")
    services.delegation_action(actor=other, delegation_id=delegation.pk, action="approve")
    first = DelegationApproval.objects.filter(delegation=delegation).order_by("order").first()
    assert first.decided_by == other
    assert first.on_behalf_of is None


def test_a_step_naming_the_submitter_goes_to_another_head_not_to_his_deputy(world):
    head = world.users["a_editor"]
    ApprovalStepRule.objects.create(owner_org=world.orgs["A"], order=1, label="Giám đốc Sở", approver=head)
    deputy = _officer(world)
    services.deputy_create(
        actor=head,
        deputy_id=deputy.pk,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
    )
    delegation = submitted(world)
    with pytest.raises(Forbidden):
        services.delegation_action(actor=deputy, delegation_id=delegation.pk, action="approve")
    other = second_head(world, "A")
    services.delegation_action(actor=other, delegation_id=delegation.pk, action="approve")
    assert DelegationApproval.objects.get(delegation=delegation, order=1).decided_by == other


def test_another_provinces_refusal_does_not_name_the_hidden_step(world):
    """The summary of a shared delegation hides the party-managed flag; the 403 must not reveal it."""
    delegation = plan(world, party_managed=True, visibility="shared")
    services.delegation_action(actor=world.users["a_editor"], delegation_id=delegation.pk, action="submit")
    services.delegation_action(actor=second_head(world, "A"), delegation_id=delegation.pk, action="approve")
    assert "Ban Thường vụ" in selectors.current_step(Delegation.objects.get(pk=delegation.pk)).label
    with pytest.raises(Forbidden) as refused:
        services.delegation_action(
            actor=world.users["b_editor"], delegation_id=delegation.pk, action="approve"
        )
    assert str(refused.value) == ""
    response = world.client("b_editor").post(
        f"/api/v1/delegations/{delegation.pk}/approve",
        {},
        content_type="application/json",
        headers={"If-Match": f'"{Delegation.objects.get(pk=delegation.pk).version}"'},
    )
    assert response.status_code == 403
    assert "Ban Thường vụ" not in response.content.decode()
    with pytest.raises(Forbidden, match="Ban Thường vụ"):  # the owner's officers still read why
        services.delegation_action(
            actor=world.users["a_editor"], delegation_id=delegation.pk, action="approve"
        )


def test_the_migration_protects_delegations_already_in_the_chain(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("ngoaivu.delegations.migrations.0004_four_eyes_paper_decisions")
    migration.protect_in_flight(apps, None)  # nothing in flight: a no-op
    delegation = submitted(world)
    other = submitted(world)
    Delegation.objects.filter(pk__in=[delegation.pk, other.pk]).update(submitted_by=None)
    AuditEvent.objects.filter(target_id=str(other.pk), action="delegation.submit").delete()
    paper_labels = set(DelegationApproval.objects.filter(on_paper=True).values_list("label", flat=True))
    assert paper_labels
    assert all(label.startswith("Chủ tịch UBND") for label in paper_labels)
    DelegationApproval.objects.update(on_paper=False)
    decided = DelegationApproval.objects.get(delegation=other, label__in=paper_labels)
    DelegationApproval.objects.filter(pk=decided.pk).update(decision="approved")
    migration.protect_in_flight(apps, None)
    delegation.refresh_from_db()
    assert delegation.submitted_by == world.users["a_editor"]
    assert Delegation.objects.get(pk=other.pk).submitted_by is None
    marked = DelegationApproval.objects.filter(on_paper=True)
    assert set(marked.values_list("label", flat=True)) == paper_labels
    assert set(marked.values_list("delegation_id", flat=True)) == {delegation.pk}  # other: decided already
    assert not DelegationApproval.objects.get(pk=decided.pk).on_paper
    with pytest.raises(Forbidden, match="bốn mắt"):
        services.delegation_action(
            actor=world.users["a_editor"], delegation_id=delegation.pk, action="approve"
        )
