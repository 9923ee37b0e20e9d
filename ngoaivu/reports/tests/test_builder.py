"""The report builder (issue 22): the job end to end (queued → progress → done, the file, its version in the
document library, the audit), the pages (choose, preview with editable narratives, export, the run page that
polls, the list), the API (202 and a job id, the status, the download, 404 outside scope, 422 naming the field),
a missing LibreOffice answered with a clear message, and every builder route against the scope of a run.

The world and two finished runs are made once per module, inside a transaction rolled back after it; the
worker's job is called directly (`report_run_build`), as the worker calls it after the commit."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from docx import Document as Docx

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.testing.clock import FROZEN_TODAY
from ngoaivu.core.testing.world import ALL_USERS, build_world, read_body, text_of
from ngoaivu.ingest.models import Document
from ngoaivu.reports import services
from ngoaivu.reports.documents import pdf
from ngoaivu.reports.models import ReportRun
from ngoaivu.reports.tests.endpoints_builder import ENDPOINTS

pytestmark = [pytest.mark.today(FROZEN_TODAY), pytest.mark.django_db]
SIGNED_OUT = {"anonymous", "inactive"}


def _ask(user: Any, **kwargs: Any) -> ReportRun:
    import datetime as dt

    data = services.RunInput(
        kind=kwargs.pop("kind", "province_periodic"),
        period_from=kwargs.pop("period_from", dt.date(2025, 12, 15)),
        period_to=kwargs.pop("period_to", dt.date(2026, 5, 31)),
        format=kwargs.pop("format", "docx"),
        **kwargs,
    )
    return services.report_run_create(actor=user, data=data)


@pytest.fixture(scope="module")
def data(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    # not under freezegun: it costs a minute here (every clock call inspects the stack), and nothing made here
    # depends on the day (the periods are fixed dates)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            a_run = _ask(
                world.users["a_editor"],
                format="xlsx",
                period_label="MARKERRUNA01Q",
            )
            assert services.report_run_build(a_run.pk) == "done"
            m_run = _ask(
                world.users["ministry"], kind="national_review", format="xlsx", period_label="MARKERRUNM02Q"
            )
            assert services.report_run_build(m_run.pk) == "done"
            yield {"world": world, "a_run": a_run, "m_run": m_run}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(data: dict[str, Any], who: str) -> Client:
    """A client of its own per test (the world's are shared by the module, and a session outlives no clock)."""
    client = Client()
    if who != "anonymous":
        client.force_login(data["world"].users[who])
    return client


def test_a_run_goes_from_queued_to_a_versioned_document(
    data, monkeypatch, django_capture_on_commit_callbacks
):
    user = data["world"].users["a_editor"]
    with django_capture_on_commit_callbacks() as callbacks:
        run = _ask(
            user,
            narratives={"relations": "NHẬN ĐỊNH CỦA SỞ: quan hệ đối ngoại mở rộng."},
            proposals="Đề nghị Bộ Ngoại giao hỗ trợ xúc tiến đầu tư tại Nhật Bản.",
            signer_title="TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
            signer_name="Trần Thị Bình",
        )
    assert len(callbacks) == 1  # the build is enqueued only once the request commits
    assert (run.status, run.progress, run.owner_org_id) == ("queued", 0, user.scope.org_id)
    assert AuditEvent.objects.filter(action="report_run.create", target_id=str(run.pk)).exists()

    seen: list[tuple[int, str]] = []
    original = services._progress

    def spy(run_id: int, percent: int, step: str, **extra: Any) -> None:
        seen.append((percent, step))
        original(run_id, percent, step, **extra)

    monkeypatch.setattr(services, "_progress", spy)
    assert services.report_run_build(run.pk) == "done"
    run.refresh_from_db()
    assert [p for p, _s in seen] == sorted(p for p, _s in seen)
    assert seen[0][1] == services.STEP_COUNTING
    assert (run.status, run.progress, run.step, run.error) == ("done", 100, services.STEP_DONE, "")
    assert services.report_run_build(run.pk) == "done"  # idempotent: a finished run stays as it is
    doc = Docx(io.BytesIO(run.file.read()))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "NHẬN ĐỊNH CỦA SỞ" in text
    assert "Đề nghị Bộ Ngoại giao hỗ trợ xúc tiến đầu tư tại Nhật Bản." in text
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "Trần Thị Bình" in text
    assert "/BC-UBND" in text  # Decree 30: the symbol of a province's People's Committee (review #7)
    assert run.document_id is not None
    document = Document.objects.visible_to(user).get(pk=run.document_id)
    assert (document.kind, run.document_version) == ("report", 1)
    assert AuditEvent.objects.filter(action="report_run.done", target_id=str(run.pk)).exists()
    # the same report asked again: a new version of the same document in the library
    again = _ask(user, proposals="Đề nghị bổ sung: đào tạo phiên dịch tiếng Hàn.")
    assert services.report_run_build(again.pk) == "done"
    again.refresh_from_db()
    assert (again.document_id, again.document_version) == (run.document_id, 2)


def test_pages_choose_preview_export_and_follow(data):
    client = _client(data, "a_editor")
    page = client.get("/reports/builder/")
    assert page.status_code == 200
    assert "Xem trước" in page.content.decode()
    preview = client.get(
        "/reports/builder/", {"kind": "province_periodic", "preset": "six_monthly", "format": "docx"}
    )
    html = preview.content.decode()
    assert preview.status_code == 200, html
    assert 'name="proposals"' in html
    assert 'name="narrative_' in html
    assert 'name="symbol"' in html
    assert "Xuất bản Word (.docx)</button>" in html
    assert 'value="BC-UBND"' in html  # prefilled for a province's report
    form = {
        "kind": "province_periodic",
        "preset": "six_monthly",
        "format": "docx",
        "proposals": "Kiến nghị X.",
        "symbol": "BC-UBND-NgV",
        "narrative_relations": "Đã sửa.",
        "original_narrative_relations": "Bản gốc.",
        "narrative_economy": "Không sửa.",
        "original_narrative_economy": "Không  sửa.",
    }
    posted = client.post("/reports/builder/", form)
    assert posted.status_code == 302
    run = ReportRun.objects.visible_to(data["world"].users["a_editor"]).get(
        pk=int(posted["Location"].split("/")[-2])
    )
    assert (run.kind, run.proposals, run.period_label != "") == ("province_periodic", "Kiến nghị X.", True)
    assert run.narratives == {"relations": "Đã sửa."}
    assert run.symbol == "BC-UBND-NgV"  # an unedited skeleton is written again by the job
    status = client.get(posted["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in status  # queued: the block polls itself
    services.report_run_build(run.pk)
    status = client.get(posted["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in status  # done: polling stops, the download is offered
    assert f"/reports/runs/{run.pk}/download/" in status
    download = client.get(f"/reports/runs/{run.pk}/download/")
    assert download.status_code == 200
    assert read_body(download).startswith(b"PK")
    # a province may not build the national review; a viewer builds nothing
    refused = client.get(
        "/reports/builder/", {"kind": "national_review", "preset": "yearly", "format": "docx"}
    )
    assert refused.status_code == 400
    assert _client(data, "a_viewer").get("/reports/builder/").status_code == 403


def test_api_starts_a_job_and_answers_its_status_and_file(data):
    world = data["world"]
    client = _client(data, "a_editor")
    body = {"kind": "province_periodic", "from": "2025-12-15", "to": "2026-05-31", "format": "docx"}
    response = client.post("/api/v1/reports", json.dumps(body), content_type="application/json")
    assert response.status_code == 202, response.content
    job = response.json()
    assert (job["status"], job["progress"], job["download_url"]) == ("queued", 0, None)
    assert response["Location"] == job["url"] == f"/api/v1/reports/{job['id']}"
    services.report_run_build(job["id"])
    done = client.get(job["url"]).json()
    assert (done["status"], done["progress"]) == ("done", 100)
    file = client.get(done["download_url"])
    assert file.status_code == 200
    assert read_body(file).startswith(b"PK")
    # outside scope: not found, the status and the file alike
    other = _client(data, "b_editor")
    assert other.get(job["url"]).status_code == 404
    assert other.get(done["download_url"]).status_code == 404
    # invalid input names the field (422)
    bad = client.post(
        "/api/v1/reports", json.dumps({**body, "to": "2025-01-01"}), content_type="application/json"
    )
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["to"]
    bad = client.post(
        "/api/v1/reports", json.dumps({**body, "kind": "gossip"}), content_type="application/json"
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "kind"
    # a province builds only its own report; the national review is the ministry's
    b_code = world.orgs["B"].province_code
    other_province = client.post(
        "/api/v1/reports", json.dumps({**body, "province": b_code}), content_type="application/json"
    )
    assert other_province.status_code == 404
    national = client.post(
        "/api/v1/reports", json.dumps({**body, "kind": "national_review"}), content_type="application/json"
    )
    assert national.status_code == 403
    # a mission naming an unknown province for a province's report: the kind is refused first (403), not 422
    mission = _client(data, "x_officer").post(
        "/api/v1/reports", json.dumps({**body, "province": "99"}), content_type="application/json"
    )
    assert mission.status_code == 403


def test_missing_libreoffice_is_said_clearly(data, settings):
    world = data["world"]
    client = _client(data, "ministry")
    settings.NGOAIVU_SOFFICE = "/nowhere/soffice"
    body = {"kind": "national_review", "from": "2025-12-15", "to": "2026-05-31", "format": "pdf"}
    refused = client.post("/api/v1/reports", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "format", "message": pdf.UNAVAILABLE}]
    page = client.get("/reports/builder/")
    assert pdf.UNAVAILABLE in page.content.decode()
    form = {"kind": "national_review", "preset": "yearly", "format": "pdf"}
    posted = client.post("/reports/builder/", form)
    assert posted.status_code == 400
    assert "chưa cài LibreOffice" in posted.content.decode()
    # LibreOffice gone after the run was asked for: the run fails with the same words, never a 500
    settings.NGOAIVU_SOFFICE = ""
    if not pdf.available():
        return
    run = _ask(world.users["ministry"], kind="national_review", format="pdf")
    settings.NGOAIVU_SOFFICE = "/nowhere/soffice"
    assert services.report_run_build(run.pk) == "failed"
    run.refresh_from_db()
    assert run.error == pdf.UNAVAILABLE
    assert pdf.UNAVAILABLE in client.get(f"/reports/runs/{run.pk}/").content.decode()


def test_pdf_run_carries_the_figures(data):
    if pdf.soffice_path() is None or shutil.which("pdftotext") is None:
        if os.environ.get("NGOAIVU_REQUIRE_BROWSER") == "1":
            pytest.fail("LibreOffice (soffice) and pdftotext are required (NGOAIVU_REQUIRE_BROWSER=1)")
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) not installed")
    from ngoaivu.reports.documents.vietnamese import figure_value

    user = data["world"].users["ministry"]
    run = _ask(user, kind="national_review", format="pdf")
    assert services.report_run_build(run.pk) == "done"
    run.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=run.file.read(),
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    flat = " ".join(text.split())
    content = services.content_for(run, user)
    counted = [f for s in content.sections for f in s.figures if f.value is not None]
    assert counted
    for figure in counted:
        assert f"{figure.label}: {figure_value(figure)}" in flat, figure.key
    assert any(f.value is None for s in content.sections for f in s.figures)
    assert "chưa có số liệu" in flat


RUN_ROUTES = [e for e in ENDPOINTS if e.model == "report_run"]


def _sees(who: str, owner: str) -> bool:
    """DOMAIN.md §2 for report runs: the asking organisation's people, and the ministry (it reads all)."""
    org = {
        "a_editor": "A",
        "a_viewer": "A",
        "b_editor": "B",
        "x_officer": "X",
        "y_officer": "Y",
        "ministry": "M",
    }
    return who in org and (org[who] == owner or org[who] == "M")


@pytest.mark.parametrize("who", ALL_USERS)
def test_runs_follow_scope(data, who):
    """Every run route × every world user: lists show exactly the runs the user may see, objects answer 404
    outside scope; signed out is a sign-in (401 for the API), no organisation 403."""
    client = _client(data, who)
    for ep in RUN_ROUTES:
        if ep.method == "post":
            assert ep.body is not None
            posted = client.post(ep.url(None), json.dumps(ep.body(None)), content_type="application/json")
            if who in SIGNED_OUT or who == "noorg":
                assert posted.status_code == 401, f"{who} {ep}"
            else:  # a province editor asks its own report; the ministry must name the province (422); a
                # mission and a viewer may not build a province's report (403)
                expected = {"a_editor": 202, "b_editor": 202, "ministry": 422}.get(who, 403)
                assert posted.status_code == expected, f"{who} {ep}: {posted.status_code}"
            continue
        for run, owner in ((data["a_run"], "A"), (data["m_run"], "M")):
            response = client.get(ep.url(run)) if ep.kind == "object" else None
            if ep.kind == "list":
                response = client.get(ep.url(None))
            assert response is not None
            status = response.status_code
            if who in SIGNED_OUT or who == "noorg":
                assert status == (401 if ep.api else 403 if who == "noorg" else 302), f"{who} {ep}: {status}"
                continue
            if ep.kind == "list":
                assert status == 200, f"{who} {ep}: {status}"
                assert (run.period_label in text_of(response)) == _sees(who, owner), (
                    f"{who} {ep} run of {owner}"
                )
            else:
                assert status == (200 if _sees(who, owner) else 404), f"{who} {ep} run of {owner}: {status}"


def test_a_run_is_not_built_once_its_asker_left_the_organisation(data):
    """Review #1: the figures are counted with the asker's scope of now, the file stays the run's organisation's:
    an asker moved to the ministry (or no longer allowed that kind) fails the job, audited, with the reason."""
    from ngoaivu.accounts.models import User

    world = data["world"]
    asker = world.users["a_editor"]
    run = _ask(asker, format="xlsx")
    User.objects.filter(pk=asker.pk).update(organisation=world.orgs["M"])
    try:
        assert services.report_run_build(run.pk) == "failed"
    finally:
        User.objects.filter(pk=asker.pk).update(organisation=world.orgs["A"])
    run.refresh_from_db()
    assert (run.status, run.error, run.file.name or "", run.document_id) == (
        "failed",
        services.MOVED,
        "",
        None,
    )
    assert AuditEvent.objects.filter(action="report_run.fail", target_id=str(run.pk)).exists()


def test_signer_over_its_length_and_narratives_of_unknown_sections_are_refused(data):
    """Review #6: a signer longer than the model keeps is refused naming the field (never cut without a word);
    a narrative for a section the report does not have is refused naming `narratives` (page and API)."""
    from ngoaivu.core.exceptions import ServiceError

    user = data["world"].users["a_editor"]
    with pytest.raises(ServiceError) as exc:
        _ask(user, signer_title="CHỦ TỊCH " * 40)
    assert set(exc.value.errors) == {"signer_title"}
    with pytest.raises(ServiceError) as exc:
        _ask(user, signer_name="Nguyễn " * 40)
    assert set(exc.value.errors) == {"signer_name"}
    with pytest.raises(ServiceError) as exc:
        _ask(user, symbol="BC UBND")
    assert set(exc.value.errors) == {"symbol"}
    body = {
        "kind": "province_periodic",
        "from": "2025-12-15",
        "to": "2026-05-31",
        "narratives": {"khong-co-phan-nay": "Sẽ không bao giờ được in."},
    }
    bad = _client(data, "a_editor").post("/api/v1/reports", json.dumps(body), content_type="application/json")
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["narratives"]
    assert "khong-co-phan-nay" in bad.json()["errors"][0]["message"]
    page = _client(data, "a_editor").post(
        "/reports/builder/",
        {"kind": "province_periodic", "preset": "six_monthly", "format": "docx", "signer_title": "X" * 201},
    )
    assert page.status_code == 400
    assert "Chức vụ, thẩm quyền người ký tối đa 200 ký tự" in page.content.decode()


def test_a_run_is_built_once_and_a_storage_failure_leaves_no_library_version(data, monkeypatch):
    """Review (untested): a second pick-up of the same job, or a retry while it runs, builds nothing (the run is
    claimed under a row lock); a worker that died (no progress for `STALE`) is taken over; a pick-up that lost
    its run writes nothing; a storage failure leaves neither the file nor a library version without its run."""
    import datetime as dt

    from django.utils import timezone

    from ngoaivu.core import files
    from ngoaivu.ingest.models import DocumentVersion

    user = data["world"].users["a_editor"]
    runs = ReportRun.objects.system(reason="test")
    versions = DocumentVersion.objects.count()

    run = _ask(user, format="xlsx", period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 6, 30))
    runs.filter(pk=run.pk).update(status="running", updated_at=timezone.now())
    assert services.report_run_build(run.pk) == "running"  # another pick-up is building it
    assert DocumentVersion.objects.count() == versions
    runs.filter(pk=run.pk).update(updated_at=timezone.now() - services.STALE - dt.timedelta(minutes=1))
    assert services.report_run_build(run.pk) == "done"  # its worker died: taken over
    assert services.report_run_build(run.pk) == "done"  # delivered again: nothing more
    assert DocumentVersion.objects.count() == versions + 1

    # this pick-up loses the run to another one while it counts: it writes nothing
    lost = _ask(user, format="xlsx", period_from=dt.date(2023, 1, 1), period_to=dt.date(2023, 6, 30))
    counted = services.content_for

    def taken_over(run: ReportRun, actor: Any) -> Any:
        runs.filter(pk=run.pk).update(started_at=timezone.now() + dt.timedelta(seconds=5))
        return counted(run, actor)

    monkeypatch.setattr(services, "content_for", taken_over)
    assert services.report_run_build(lost.pk) == "running"
    monkeypatch.setattr(services, "content_for", counted)
    lost.refresh_from_db()
    assert (lost.status, lost.document_id, lost.file.name or "") == ("running", None, "")
    assert DocumentVersion.objects.count() == versions + 1

    # the storage fails: the run fails and the library keeps no version of it
    broken = _ask(user, format="xlsx", period_from=dt.date(2022, 1, 1), period_to=dt.date(2022, 6, 30))

    def no_disk(*args: Any, **kwargs: Any) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(files, "store", no_disk)
    assert services.report_run_build(broken.pk) == "failed"
    broken.refresh_from_db()
    assert (broken.error, broken.document_id) == (services.BROKEN, None)
    assert DocumentVersion.objects.count() == versions + 1


def test_pages_offer_only_what_the_user_may_do_and_say_it_plainly(data):
    """The walk's minors: a viewer is not offered "Lập báo cáo" (menu) and the list's kind filter offers only
    the kinds of its runs; the builder's errors say nothing is built (not "saved"), an unknown kind asks to
    choose from the list; the list links the report's name; file names carry no organisation code."""
    import re

    from ngoaivu.core.text import fold

    viewer = _client(data, "a_viewer").get("/reports/runs/").content.decode()
    assert 'href="/reports/builder/"' not in viewer
    assert str(ReportRun.Kind.NATIONAL_REVIEW.label) not in viewer
    assert str(ReportRun.Kind.PROVINCE_PERIODIC.label) in viewer
    editor = _client(data, "a_editor").get("/reports/runs/").content.decode()
    assert 'href="/reports/builder/"' in editor
    run = data["a_run"]
    assert re.search(
        rf'href="/reports/runs/{run.pk}/"[^>]*>\s*{ReportRun.Kind.PROVINCE_PERIODIC.label}', editor
    )
    bad = _client(data, "ministry").get("/reports/builder/", {"kind": "gossip", "preset": "yearly"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Chưa lập được báo cáo. Vui lòng sửa các lỗi sau:" in html
    assert "Chọn loại báo cáo trong danh sách." in html
    assert "Chưa lưu được. Vui lòng" not in html
    run.refresh_from_db()
    org = data["world"].orgs["A"]
    slug = re.sub(r"[^a-z0-9]+", "-", fold(org.name_vi)).strip("-")
    assert run.file_name == f"bao-cao-dinh-ky-{slug}-20251215-20260531.xlsx", run.file_name
    assert f"-{org.province_code}-" not in run.file_name
