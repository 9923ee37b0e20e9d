"""The document library in the browser, the API and the CLI: upload or paste, duplicates, versions,
proposed links, scoping, audit, and batch ingestion where one bad file never stops or half-adds anything."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.testing.world import ALL_USERS, USERS
from ngoaivu.ingest import services
from ngoaivu.ingest.models import Document, DocumentEntity, DocumentVersion
from ngoaivu.ingest.tests.endpoints import ENDPOINTS

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Đà Nẵng và JETRO bàn hợp tác đầu tư\n"
    "Ngày 12/3/2026, UBND thành phố Đà Nẵng làm việc với Tổng Lãnh sự Nhật Bản về dự án của JICA "
    "trị giá 3,5 triệu USD tại Hội An, trước đây thuộc tỉnh Quảng Nam."
)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def create(world, who="a_editor", text=ARTICLE, **kw):
    return services.document_create(actor=world.users[who], data=services.DocumentInput(text=text, **kw))


def test_pasted_text_becomes_a_document_with_entities_and_proposed_links(world):
    doc = create(world, source="Cổng thông tin Đà Nẵng")
    assert doc.title == "Đà Nẵng và JETRO bàn hợp tác đầu tư"
    assert doc.versions.count() == 1
    kinds = {(e.type, e.text) for e in doc.entities.all()}
    assert ("PROVINCE", "Quảng Nam") in kinds
    assert ("MONEY", "3,5 triệu USD") in kinds
    targets = {e.target for e in doc.entities.all() if e.target}
    assert {"province:48", "country:JP"} <= targets
    assert not doc.provinces.exists()  # proposals are not links until someone confirms them
    event = AuditEvent.objects.get(action="document.create", target_id=str(doc.pk))
    assert event.changes["title"][1] == doc.title
    assert "text" not in event.changes or event.changes["text"][1] != ARTICLE


def test_confirming_a_proposal_links_the_record_and_rejecting_removes_it(world):
    doc = create(world)
    province = doc.entities.filter(target="province:48").first()
    services.entities_decide(
        actor=world.users["a_editor"], document_id=doc.pk, confirm=[province.pk], reject=[]
    )
    assert list(doc.provinces.values_list("code", flat=True)) == ["48"]
    assert set(doc.entities.filter(target="province:48").values_list("status", flat=True)) == {"confirmed"}
    services.entities_decide(
        actor=world.users["a_editor"], document_id=doc.pk, confirm=[], reject=[province.pk]
    )
    assert not doc.provinces.exists()
    money = doc.entities.get(type="MONEY")
    with pytest.raises(services.ServiceError, match="không ứng với"):
        services.entities_decide(
            actor=world.users["a_editor"], document_id=doc.pk, confirm=[money.pk], reject=[]
        )


def test_exact_and_near_duplicates_are_refused(world):
    create(world)
    with pytest.raises(services.DuplicateDocument):
        create(world, text=ARTICLE)
    stripped = "".join(c for c in unicodedata.normalize("NFD", ARTICLE) if not unicodedata.combining(c))
    with pytest.raises(services.DuplicateDocument):
        create(world, who="b_editor", text=stripped.upper().replace("\n", "  "))
    assert Document.objects.system(reason="test").count() == 1


def test_a_new_version_replaces_the_text_and_keeps_the_old_one(world):
    doc = create(world)
    services.document_add_version(
        actor=world.users["a_editor"],
        document_id=doc.pk,
        upload=services.Upload("ban-sua.txt", (ARTICLE + "\nBổ sung: đoàn Hàn Quốc.").encode("utf-16")),
        expected_version=doc.version,
    )
    doc.refresh_from_db()
    assert doc.versions.count() == 2
    assert "Hàn Quốc" in doc.text
    assert DocumentVersion.objects.get(document=doc, number=1).text == ARTICLE
    assert doc.entities.filter(text="Hàn Quốc").exists()
    with pytest.raises(services.ServiceError, match="giống hệt"):
        services.document_add_version(
            actor=world.users["a_editor"],
            document_id=doc.pk,
            upload=None,
            text=doc.text,
            expected_version=doc.version,
        )


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"text": ""}, "text"),
        ({"provinces": ("99",)}, "provinces"),
        ({"countries": ("XX",)}, "countries"),
        (
            {"provinces": ("4\x008",)},
            "provinces",
        ),  # PostgreSQL refuses NUL in a query: a 500 found by the API fuzz
        ({"countries": ("J\x00",)}, "countries"),
        ({"partners": (987654,)}, "partners"),
        ({"kind": "poem"}, "kind"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, kw, field):
    data = {"text": ARTICLE, **kw}
    with pytest.raises(services.ServiceError) as exc:
        create(world, **data)
    assert field in exc.value.errors
    assert not Document.objects.system(reason="test").exists()


def test_a_private_partner_of_another_province_cannot_be_linked(world):
    other = world.partner("B", visibility="private")
    with pytest.raises(services.ServiceError) as exc:
        create(world, partners=(other.pk,))
    assert "partners" in exc.value.errors


def test_upload_page_reads_a_windows_1258_file_and_shows_proposals(world):
    from ngoaivu.ingest.tests.test_textract import windows_1258

    client = world.client("a_editor")
    upload = SimpleUploadedFile("tin-da-nang.txt", windows_1258(ARTICLE), content_type="text/plain")
    response = client.post(
        "/documents/new/", {"file": upload, "kind": "news", "visibility": "shared", "title": ""}, follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đà Nẵng và JETRO bàn hợp tác đầu tư" in html
    assert "Tìm thấy trong bài" in html
    assert "Quảng Nam" in html  # the former name found, proposing a link to Đà Nẵng
    doc = Document.objects.visible_to(world.users["a_editor"]).get()
    assert doc.versions.get().encoding == "cp1258"
    file_response = client.get(f"/documents/{doc.pk}/versions/1/file/")
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content) == windows_1258(ARTICLE)


def test_upload_page_explains_a_bad_file_and_keeps_nothing(world):
    client = world.client("a_editor")
    upload = SimpleUploadedFile("rac.txt", bytes(range(256)) * 10)
    response = client.post("/documents/new/", {"file": upload, "kind": "news", "visibility": "shared"})
    assert response.status_code == 400
    assert "nhị phân" in response.content.decode()
    assert not Document.objects.system(reason="test").exists()


def test_api_create_list_detail_and_decide(world):
    client = world.client("a_editor")
    response = client.post(
        "/api/v1/documents",
        json.dumps({"text": ARTICLE, "published_on": "2026-03-12", "countries": ["JP"]}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["countries"] == ["JP"]
    assert any(e["type"] == "MONEY" for e in body["entities"])
    duplicate = client.post(
        "/api/v1/documents", json.dumps({"text": ARTICLE}), content_type="application/json"
    )
    assert duplicate.status_code == 409
    listed = client.get("/api/v1/documents?q=jetro").json()
    assert [d["id"] for d in listed["items"]] == [body["id"]]
    proposal = next(e for e in body["entities"] if e["target"] == "province:48")
    decided = client.post(
        f"/api/v1/documents/{body['id']}/entities",
        json.dumps({"confirm": [proposal["id"]]}),
        content_type="application/json",
    ).json()
    assert decided["provinces"] == ["48"]
    bad = client.post(
        "/api/v1/documents", json.dumps({"text": "x", "provinces": ["1"]}), content_type="application/json"
    )
    assert bad.status_code == 422
    assert "provinces" in bad.content.decode()


def _folder(tmp_path):
    folder = tmp_path / "tin"
    (folder / "con").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "con" / "b-trung.txt").write_bytes(unicodedata.normalize("NFD", ARTICLE).encode("utf-16"))
    (folder / "c.html").write_text(
        "<html><body><p>Bình Dương đón đoàn Hàn Quốc ngày 2/5/2024</p></body></html>"
    )
    (folder / "d-rong.txt").write_bytes(b"")
    (folder / "e-rac.pdf").write_bytes(b"%PDF-1.4 broken")
    (folder / ".an.txt").write_text("hidden")
    return folder


def test_ingest_command_adds_good_files_and_reports_every_other_one(world, tmp_path):
    folder = _folder(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("ingest", str(folder), "--user", "a_editor", "--json", stdout=out, stderr=err)
    assert exit_code.value.code == 1
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    status = {line["path"].rsplit("/", 1)[-1]: line["status"] for line in lines}
    assert status == {
        "a.txt": "added",
        "c.html": "added",
        "b-trung.txt": "duplicate",
        "d-rong.txt": "error",
        "e-rac.pdf": "error",
    }
    messages = {line["path"].rsplit("/", 1)[-1]: line["message"] for line in lines}
    assert "rỗng" in messages["d-rong.txt"]
    assert "PDF" in messages["e-rac.pdf"]
    assert Document.objects.system(reason="test").count() == 2
    assert "2 đã thêm, 1 trùng, 2 lỗi" in err.getvalue()
    again = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("ingest", str(folder), "--user", "a_editor", stdout=again)
    assert Document.objects.system(reason="test").count() == 2  # re-running adds nothing


def test_ingest_dry_run_saves_nothing(world, tmp_path):
    folder = _folder(tmp_path)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("ingest", str(folder), "--user", "a_editor", "--dry-run", stdout=out)
    assert "2 sẽ thêm" in out.getvalue()
    assert not Document.objects.system(reason="test").exists()
    assert not DocumentEntity.objects.exists()


def test_ingest_refuses_a_user_who_may_not_write(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không được thêm"):
        call_command("ingest", str(tmp_path), "--user", "a_viewer")


def test_extract_command_prints_one_json_object_per_file(tmp_path):
    good = tmp_path / "tin.txt"
    content = "Ngày 10/8/2022, tỉnh Vĩnh Phúc nhận 51,53 tỷ USD từ phía Nhật Bản."
    good.write_text(content, encoding="utf-8")
    bad = tmp_path / "rong.txt"
    bad.write_bytes(b"")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("extract", str(good), str(bad), "--format", "json", "--date", "2022-08-10", stdout=out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["file"] == str(good)
    start = content.index("Vĩnh Phúc")
    province = {"type": "PROVINCE", "text": "Vĩnh Phúc", "start": start, "end": start + 9}
    assert {**province, "norm": {"code": "26", "current_code": "25"}} in first["entities"]
    assert {e["type"] for e in first["entities"]} == {"DATE", "PROVINCE", "MONEY", "COUNTRY"}
    assert second == {"file": str(bad), "entities": [], "error": "Tệp rỗng."}


def _can_view(who: str, owner: str, shared: bool) -> bool:
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    return org in {owner, "M"} or shared


def _can_change(who: str, owner: str) -> bool:
    return _can_view(who, owner, False) and USERS[who][0] == owner and who != "a_viewer"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", [e for e in ENDPOINTS if e.kind == "list"], ids=str)
def test_document_lists_never_leak(world, ep, who):
    from ngoaivu.core.testing.world import text_of

    cases = [
        (create(world, "a_editor", text="DOCPRIVA1 riêng A", visibility="private"), "A", False),
        (create(world, "b_editor", text="DOCSHARB1 chung B", visibility="shared"), "B", True),
        (create(world, "b_editor", text="DOCPRIVB2 riêng B", visibility="private"), "B", False),
    ]
    response = world.client(who).get(ep.url(None))
    if who in {"anonymous", "inactive", "noorg"}:
        assert response.status_code == (401 if ep.api else 403 if who == "noorg" else 302)
        return
    text = text_of(response)
    for doc, owner, shared in cases:
        assert (doc.title.split()[0] in text) == _can_view(who, owner, shared), f"{who} {ep} {doc.title}"


@pytest.mark.parametrize("who", ALL_USERS)
@pytest.mark.parametrize("ep", [e for e in ENDPOINTS if e.kind == "object"], ids=str)
def test_document_objects_follow_policy(world, ep, who):
    doc = services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(text="DOCOBJ riêng A", visibility="private"),
        upload=services.Upload("riêng.txt", "DOCOBJ riêng A".encode()),
    )
    client = world.client(who)
    url = ep.url(doc)
    if ep.body is not None:
        response = client.post(url, json.dumps(ep.body(doc)), content_type="application/json")
    else:
        response = getattr(client, ep.method)(url, {"version": doc.version} if ep.method == "post" else None)
    status = response.status_code
    if who in {"anonymous", "inactive", "noorg"}:
        assert status == (401 if ep.api else 403 if who == "noorg" else 302)
    elif not _can_view(who, "A", False):
        assert status == 404, f"{who} {ep}: {status}"
    elif ep.action in {"change", "change_redirect", "delete"} and not _can_change(who, "A"):
        assert status == 403, f"{who} {ep}: {status}"
    else:
        assert status in {200, 302}, f"{who} {ep}: {status}"


def test_upload_page_takes_several_files_and_reports_each(world):
    client = world.client("a_editor")
    files = [
        SimpleUploadedFile("mot.txt", ARTICLE.encode("utf-8")),
        SimpleUploadedFile("hai-trung.txt", ARTICLE.encode("utf-16")),
        SimpleUploadedFile("ba.html", b"<p>Bac Ninh don doan Han Quoc ngay 2/5/2024</p>"),
        SimpleUploadedFile("bon-hong.pdf", b"%PDF-1.4 broken"),
    ]
    response = client.post("/documents/ingest/", {"files": files, "kind": "news", "visibility": "shared"})
    assert response.status_code == 400  # one file failed; the others were added
    html = response.content.decode()
    assert html.count("Đã thêm") == 2
    assert "Bỏ qua: trùng" in html
    assert "PDF hỏng" in html
    assert Document.objects.system(reason="test").count() == 2
    dry = client.post(
        "/documents/ingest/",
        {
            "files": [SimpleUploadedFile("moi.txt", "Tin mới hoàn toàn về Lào Cai".encode())],
            "kind": "news",
            "visibility": "shared",
            "dry_run": "on",
        },
    )
    assert "Sẽ thêm" in dry.content.decode()
    assert Document.objects.system(reason="test").count() == 2
    assert world.client("a_viewer").get("/documents/ingest/").status_code == 403
    assert client.post("/documents/ingest/", {"kind": "news", "visibility": "shared"}).status_code == 400


def test_links_to_agreements_requests_and_delegations_from_the_form_and_scoped_on_reading(world):
    from ngoaivu.core.testing.world import make_agreement, make_delegation, make_request

    agreement = make_agreement(world, "A", marker="Thỏa thuận riêng của A")
    req = make_request(world, "A", ["M"], marker="Đặt hàng của A")
    trip = make_delegation(world, "A", marker="Đoàn của A")
    partner = world.partner("A", visibility="private", marker="Đối tác riêng của A")
    doc = create(world, visibility="shared", partners=(partner.pk,))
    client = world.client("a_editor")
    form = client.get(f"/documents/{doc.pk}/edit/").content.decode()
    assert "Thỏa thuận riêng của A" in form
    response = client.post(
        f"/documents/{doc.pk}/edit/",
        {
            "title": doc.title,
            "kind": "news",
            "visibility": "shared",
            "version": doc.version,
            "partners": [partner.pk],
            "agreements": [agreement.pk],
            "requests": [req.pk],
            "delegations": [trip.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    detail = client.get(f"/documents/{doc.pk}/").content.decode()
    assert "Thỏa thuận riêng của A" in detail
    assert "Đoàn của A" in detail
    other = world.client("b_editor")  # the document is shared; A's private agreement and trip are not
    other_page = other.get(f"/documents/{doc.pk}/").content.decode()
    assert "Thỏa thuận riêng của A" not in other_page
    assert "Đối tác riêng của A" not in other_page
    assert "Đối tác riêng của A" in detail
    body = other.get(f"/api/v1/documents/{doc.pk}").json()
    assert body["agreements"] == []
    assert body["delegations"] == []
    assert body["partners"] == []
    assert client.get(f"/api/v1/documents/{doc.pk}").json()["agreements"] == [agreement.pk]
