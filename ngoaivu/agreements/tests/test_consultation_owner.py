"""Only the body consulted answers a consultation (DOMAIN.md §2, issue 16 §3): a province may not record the
ministry's opinion on its own agreement; it records a paper answer, marked "ghi nhận từ văn bản" with the
letter's number and scan, and the ministry sees it flagged."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ngoaivu.accounts.models import Notification
from ngoaivu.agreements import services
from ngoaivu.agreements.models import Agreement, AgreementFile, LegalStep
from ngoaivu.agreements.services import ActionInput, AgreementInput, PaperOpinionInput
from ngoaivu.core.exceptions import Forbidden, ServiceError

pytestmark = pytest.mark.django_db
S = Agreement.State
PDF = b"%PDF-1.4 cong van tra loi"


def in_consultation(world, *bodies):
    agreement = services.agreement_create(
        actor=world.users["a_editor"],
        data=AgreementInput(kind="provincial", title_vi="Thỏa thuận hợp tác với tỉnh Gyeonggi", country="KR"),
    )
    return services.agreement_action(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        action="consult",
        data=ActionInput(bodies=bodies),
    )


def ministry_step(agreement):
    return agreement.legal_steps.get(body_org__code="mofa")


def paper(step, **kw):
    data = {
        "step_id": step.pk,
        "outcome": "agree",
        "document_number": "1234/BNG-NV",
        "document_date": timezone.localdate() - dt.timedelta(days=1),
    }
    data.update(kw)
    return PaperOpinionInput(**data)


def scan(name="cv-1234-BNG-NV.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def test_the_province_cannot_record_the_ministrys_opinion_and_is_told_why(world):
    agreement = in_consultation(world)
    step = ministry_step(agreement)
    assert "record_opinion" not in services.available_actions(
        user=world.users["a_editor"], agreement=agreement
    )
    with pytest.raises(Forbidden, match="Ghi nhận ý kiến từ văn bản"):
        services.agreement_action(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            action="record_opinion",
            data=ActionInput(step_id=step.pk, outcome="agree"),
        )
    with pytest.raises(Forbidden):  # another province: a shared agreement it may only read
        services.agreement_action(
            actor=world.users["b_editor"],
            agreement_id=agreement.pk,
            action="record_opinion",
            data=ActionInput(step_id=step.pk, outcome="agree"),
        )
    step.refresh_from_db()
    assert step.is_open
    # nor can the province approve and sign past the ministry's unanswered step
    agreement.refresh_from_db()
    assert agreement.state == S.IN_CONSULTATION


def test_the_api_refuses_the_province_with_403_and_the_page_with_the_reason(world):
    agreement = in_consultation(world)
    step = ministry_step(agreement)
    client = world.client("a_editor")
    response = client.post(
        f"/api/v1/agreements/{agreement.pk}/record_opinion",
        {"step_id": step.pk, "outcome": "agree"},
        content_type="application/json",
        headers={"If-Match": f'"{agreement.version}"'},
    )
    assert response.status_code == 403
    assert "Ghi nhận ý kiến từ văn bản" in response.json()["detail"]
    page = client.post(
        f"/agreements/{agreement.pk}/action/record_opinion/",
        {"step_id": step.pk, "outcome": "agree", "version": agreement.version},
    )
    assert page.status_code == 403
    assert "Ghi nhận ý kiến từ văn bản" in page.content.decode()
    assert (
        world.client("b_editor")
        .post(
            f"/api/v1/agreements/{agreement.pk}/record_opinion",
            {"step_id": step.pk, "outcome": "agree"},
            content_type="application/json",
            headers={"If-Match": f'"{agreement.version}"'},
        )
        .status_code
        == 403
    )


def test_the_ministry_answers_its_own_step_only(world):
    agreement = in_consultation(world, "Bộ Tư pháp")
    other = agreement.legal_steps.get(body_org__isnull=True)
    with pytest.raises(Forbidden):
        services.agreement_action(
            actor=world.users["ministry"],
            agreement_id=agreement.pk,
            action="record_opinion",
            data=ActionInput(step_id=other.pk, outcome="agree"),
        )
    services.agreement_action(
        actor=world.users["ministry"],
        agreement_id=agreement.pk,
        action="record_opinion",
        data=ActionInput(step_id=ministry_step(agreement).pk, outcome="agree", document_number="12/BNG"),
    )
    assert not ministry_step(agreement).from_paper


def test_a_paper_answer_is_recorded_with_number_and_scan_and_flagged_for_the_ministry(world):
    agreement = in_consultation(world)
    step = ministry_step(agreement)
    services.opinion_record_from_paper(
        actor=world.users["a_editor"], agreement_id=agreement.pk, data=paper(step), upload=scan()
    )
    step.refresh_from_db()
    assert step.from_paper
    assert step.outcome == LegalStep.Outcome.AGREE
    assert step.document_number == "1234/BNG-NV"
    assert step.done_on == timezone.localdate() - dt.timedelta(days=1)
    assert step.recorded_by == world.users["a_editor"]
    assert step.document.kind == AgreementFile.Kind.OPINION
    assert step.document.file.read() == PDF
    event = agreement.events.get(action="record_paper_opinion")
    assert "ghi nhận từ văn bản số 1234/BNG-NV" in event.text
    # the ministry is told, and its view of the agreement flags the answer as recorded from paper
    assert Notification.objects.filter(user=world.users["ministry"], kind="agreement.paper_opinion").exists()
    page = world.client("ministry").get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Ghi nhận từ văn bản" in page
    assert f"/agreements/{agreement.pk}/files/{step.document.pk}/" in page
    body = world.client("ministry").get(f"/api/v1/agreements/{agreement.pk}").json()
    flagged = next(s for s in body["legal_steps"] if s["id"] == step.pk)
    assert flagged["from_paper"] is True
    assert flagged["document_number"] == "1234/BNG-NV"
    assert flagged["document_id"] == step.document.pk
    # with every answer in, the province goes on
    agreement = services.agreement_action(
        actor=world.users["a_editor"], agreement_id=agreement.pk, action="approve"
    )
    assert agreement.state == S.APPROVED


def test_a_paper_answer_needs_its_number_date_and_an_acceptable_scan(world):
    agreement = in_consultation(world)
    step = ministry_step(agreement)
    editor = world.users["a_editor"]
    with pytest.raises(ServiceError) as exc:
        services.opinion_record_from_paper(
            actor=editor,
            agreement_id=agreement.pk,
            data=paper(step, document_number="", document_date=None, outcome="object"),
            upload=None,
        )
    assert {"document_number", "document_date", "file", "text"} <= set(exc.value.errors)
    for bad in (scan("tra-loi.exe"), scan("tra-loi-toi-mat.pdf")):
        with pytest.raises(ServiceError) as exc:
            services.opinion_record_from_paper(
                actor=editor, agreement_id=agreement.pk, data=paper(step), upload=bad
            )
        assert "file" in exc.value.errors
    with pytest.raises(Forbidden):
        services.opinion_record_from_paper(
            actor=world.users["ministry"], agreement_id=agreement.pk, data=paper(step), upload=scan()
        )
    with pytest.raises(Forbidden):  # it sees the shared agreement but may not change it
        services.opinion_record_from_paper(
            actor=world.users["b_editor"], agreement_id=agreement.pk, data=paper(step), upload=scan()
        )
    step.refresh_from_db()
    assert step.is_open
    assert not AgreementFile.objects.filter(agreement=agreement).exists()


def test_an_objection_on_paper_moves_the_agreement_to_objected(world):
    agreement = in_consultation(world)
    services.opinion_record_from_paper(
        actor=world.users["a_editor"],
        agreement_id=agreement.pk,
        data=paper(ministry_step(agreement), outcome="object", text="Chưa phù hợp"),
        upload=scan(),
    )
    agreement.refresh_from_db()
    assert agreement.state == S.OBJECTED


def test_the_paper_answer_through_the_page_and_the_api(world):
    agreement = in_consultation(world, "Bộ Tư pháp")
    client = world.client("a_editor")
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f"/agreements/{agreement.pk}/opinions/paper/" in page
    assert 'id="paper-opinion-form" data-confirm="Ghi nhận ý kiến từ văn bản cho thỏa thuận' in page
    assert f'/agreements/{agreement.pk}/action/record_opinion/"' not in page
    justice = agreement.legal_steps.get(body_org__isnull=True)
    response = client.post(
        f"/agreements/{agreement.pk}/opinions/paper/",
        {
            "step_id": justice.pk,
            "outcome": "agree",
            "document_number": "55/BTP-PLQT",
            "document_date": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "version": agreement.version,
            "file": scan("cv-55.pdf"),
        },
    )
    assert response.status_code == 302
    justice.refresh_from_db()
    assert justice.from_paper
    agreement.refresh_from_db()
    step = ministry_step(agreement)
    headers = {"If-Match": f'"{agreement.version}"'}
    bad = client.post(
        f"/api/v1/agreements/{agreement.pk}/opinions/paper", {"step_id": step.pk}, headers=headers
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {
        "outcome",
        "document_number",
        "document_date",
        "file",
    }
    ok = client.post(
        f"/api/v1/agreements/{agreement.pk}/opinions/paper",
        {
            "step_id": step.pk,
            "outcome": "agree",
            "document_number": "77/BNG-NV",
            "document_date": timezone.localdate().isoformat(),
            "file": scan("cv-77.pdf"),
        },
        headers=headers,
    )
    assert ok.status_code == 200, ok.content
    flagged = next(s for s in ok.json()["legal_steps"] if s["id"] == step.pk)
    assert flagged["from_paper"] is True
    assert (
        world.client("ministry")
        .post(f"/api/v1/agreements/{agreement.pk}/opinions/paper", {}, headers=headers)
        .status_code
        == 403
    )
