"""The upload flow: reading a file and finding its entities happen before the transaction opens (on SQLite a
long transaction holds the one write lock), a failed write leaves no file in storage, the duplicate check
looks only at what the uploader may read, the text has a ceiling, and the partner lookup is one query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ngoaivu.ingest import selectors, services
from ngoaivu.ingest.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Đà Nẵng và JETRO bàn hợp tác đầu tư\n"
    "Ngày 12/3/2026, UBND thành phố Đà Nẵng làm việc với Tổng Lãnh sự Nhật Bản về dự án của JICA "
    "trị giá 3,5 triệu USD tại Hội An."
)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _upload(text: str = ARTICLE, name: str = "tin.txt") -> services.Upload:
    return services.Upload(name, text.encode())


def _record_depth(monkeypatch) -> list[tuple[str, int]]:
    """Each slow step records how many atomic blocks were open when it ran."""
    seen: list[tuple[str, int]] = []
    extract, read = services.ner.extract, services.extract_text

    def spy_extract(*args, **kwargs):
        seen.append(("entities", len(connection.atomic_blocks)))
        return extract(*args, **kwargs)

    def spy_read(*args, **kwargs):
        seen.append(("text", len(connection.atomic_blocks)))
        return read(*args, **kwargs)

    monkeypatch.setattr(services.ner, "extract", spy_extract)
    monkeypatch.setattr(services, "extract_text", spy_read)
    return seen


@pytest.mark.django_db(transaction=True)
def test_text_and_entities_are_read_while_no_transaction_is_open(world, media, monkeypatch):
    seen: list[tuple[str, bool]] = []
    extract, read = services.ner.extract, services.extract_text
    monkeypatch.setattr(
        services.ner,
        "extract",
        lambda *a, **k: seen.append(("entities", connection.in_atomic_block)) or extract(*a, **k),
    )
    monkeypatch.setattr(
        services,
        "extract_text",
        lambda *a, **k: seen.append(("text", connection.in_atomic_block)) or read(*a, **k),
    )
    doc = services.document_create(
        actor=world.users["a_editor"], data=services.DocumentInput(), upload=_upload()
    )
    assert seen == [("text", False), ("entities", False)]
    assert doc.entities.filter(type="MONEY").exists()


def test_a_new_version_is_read_before_its_transaction_too(world, media, monkeypatch):
    user = world.users["a_editor"]
    doc = services.document_create(actor=user, data=services.DocumentInput(text=ARTICLE))
    outer = len(connection.atomic_blocks)  # the test's own transaction
    seen = _record_depth(monkeypatch)
    services.document_add_version(
        actor=user, document_id=doc.pk, upload=_upload(ARTICLE + " Bản sửa."), expected_version=doc.version
    )
    assert seen == [("text", outer), ("entities", outer)]


def test_the_batch_reads_each_file_once_and_outside_its_transaction(world, media, monkeypatch):
    outer = len(connection.atomic_blocks)
    seen = _record_depth(monkeypatch)
    report = services.ingest_uploads(actor=world.users["a_editor"], uploads=[_upload()])
    assert [r.status for r in report.results] == ["added"]
    assert seen == [("text", outer), ("entities", outer)]


def test_a_write_that_fails_leaves_no_document_and_no_file(world, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.document_create(
            actor=world.users["a_editor"], data=services.DocumentInput(), upload=_upload()
        )
    assert not Document.objects.system(reason="test").exists()
    assert _stored(media) == []


def test_a_failed_new_version_removes_its_file_and_keeps_the_first(world, media, monkeypatch):
    user = world.users["a_editor"]
    doc = services.document_create(actor=user, data=services.DocumentInput(), upload=_upload())
    first = _stored(media)
    assert len(first) == 1

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.document_add_version(
            actor=user,
            document_id=doc.pk,
            upload=_upload(ARTICLE + " Bản sửa.", "v2.txt"),
            expected_version=doc.version,
        )
    assert _stored(media) == first
    assert doc.versions.count() == 1


def test_another_organisations_private_copy_is_no_duplicate_and_is_not_revealed(world, media):
    b_doc = services.document_create(
        actor=world.users["b_editor"], data=services.DocumentInput(visibility="private"), upload=_upload()
    )
    a_doc = services.document_create(
        actor=world.users["a_editor"], data=services.DocumentInput(visibility="private"), upload=_upload()
    )
    assert a_doc.pk != b_doc.pk
    assert a_doc.text_key == b_doc.text_key
    # the bytes are kept once
    assert a_doc.versions.get().file.name == b_doc.versions.get().file.name
    assert len(_stored(media)) == 1
    with pytest.raises(services.DuplicateDocument) as exc:  # a copy the uploader can read is a duplicate
        services.document_create(actor=world.users["a_editor"], data=services.DocumentInput(text=ARTICLE))
    assert exc.value.existing == a_doc


def test_the_api_answers_409_only_for_a_document_the_caller_can_read(world):
    services.document_create(
        actor=world.users["b_editor"], data=services.DocumentInput(text=ARTICLE, visibility="private")
    )
    client = world.client("a_editor")
    body = json.dumps({"text": ARTICLE})
    first = client.post("/api/v1/documents", body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = client.post("/api/v1/documents", body, content_type="application/json")
    assert again.status_code == 409
    assert f"#{first.json()['id']}" in again.json()["detail"]


def test_a_text_over_the_ceiling_is_refused_naming_the_field_and_the_limit(world, settings):
    settings.NGOAIVU_DOCUMENT_MAX_CHARS = 1000
    user = world.users["a_editor"]
    with pytest.raises(services.TextTooLong) as exc:
        services.document_create(actor=user, data=services.DocumentInput(text="a " * 501))
    assert "text" in exc.value.errors
    assert "1.000" in exc.value.message
    assert "1.002" in exc.value.message
    with pytest.raises(services.TextTooLong) as exc:
        services.document_create(actor=user, data=services.DocumentInput(), upload=_upload("b " * 600))
    assert "file" in exc.value.errors
    response = world.client("a_editor").post(
        "/api/v1/documents", json.dumps({"text": "c " * 600}), content_type="application/json"
    )
    assert response.status_code == 413
    problem = response.json()
    assert problem["errors"][0]["field"] == "text"
    assert "1.000" in problem["errors"][0]["message"]
    page = world.client("a_editor").post(
        "/documents/new/", {"text": "d " * 600, "kind": "news", "visibility": "shared"}
    )
    assert page.status_code == 400
    assert "1.000" in page.content.decode()
    assert not Document.objects.system(reason="test").exists()


def test_the_partner_lookup_is_one_query_with_the_names_as_a_set(world):
    partner = world.partner("A", visibility="shared", marker="Tập đoàn Thử Nghiệm Sao Mai")
    names = [f"Công ty Số {i}" for i in range(800)] + ["Tập đoàn Thử Nghiệm Sao Mai"]
    with CaptureQueriesContext(connection) as queries:
        found = selectors.partner_ids_by_name(world.users["a_editor"], names)
    assert found == {"tap doan thu nghiem sao mai": partner.pk}
    assert len(queries) == 1
    assert queries[0]["sql"].count(" OR ") < 10  # not one comparison per name


def test_a_partner_named_in_the_text_is_proposed(world):
    partner = world.partner("A", visibility="shared", marker="Tập đoàn Thử Nghiệm Sao Mai")
    doc = services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(text="Tỉnh làm việc với TẬP ĐOÀN THỬ NGHIỆM SAO MAI về đầu tư."),
    )
    assert doc.entities.filter(target=f"partner:{partner.pk}").exists()
    assert DocumentVersion.objects.filter(document=doc).count() == 1
