"""Files stored with a record are all or nothing: when anything in the write fails (a refused attachment, an
audit row that cannot be written), neither the record nor any stored file remains — for request drafts and
answers, agreement texts and the agreement importer's copy of its file (documents: ingest/test_upload_flow)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ngoaivu.agreements import importer
from ngoaivu.agreements import services as agreements
from ngoaivu.agreements.models import AgreementFile, ImportBatch
from ngoaivu.agreements.tests.test_agreements import register
from ngoaivu.agreements.tests.test_import import row, xlsx
from ngoaivu.core import files
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.testing.world import make_request
from ngoaivu.ingest.models import DocumentVersion
from ngoaivu.requests import services as requests
from ngoaivu.requests.models import Answer, Attachment, ServiceRequest
from ngoaivu.requests.tests.test_workflow import act

pytestmark = pytest.mark.django_db

NOTE = "Biên bản làm việc với đối tác.\n".encode() * 20


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("vi"):
        yield Path(settings.MEDIA_ROOT)


def stored(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _broken_audit(monkeypatch, module) -> None:
    def record(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(module.audit, "record", record)


def test_a_refused_attachment_saves_neither_the_draft_nor_the_files_before_it(world, media):
    response = world.client("a_editor").post(
        "/requests/new/",
        {
            "title": "Xúc tiến đầu tư, kèm hồ sơ",
            "description": "Nội dung",
            "category": "investment",
            "priority": "normal",
            "recipients": ["mofa"],
            "attachments": [
                SimpleUploadedFile("bien-ban.txt", NOTE),
                SimpleUploadedFile("chuong-trinh.exe", b"MZ\x90\x00"),
            ],
        },
    )
    assert response.status_code == 400
    assert "chuong-trinh.exe" in response.content.decode()
    assert (
        not ServiceRequest.objects.system(reason="test").filter(title__startswith="Xúc tiến đầu tư").exists()
    )
    assert not Attachment.objects.exists()
    assert stored(media) == []


def test_a_draft_with_good_attachments_keeps_them(world, media):
    response = world.client("a_editor").post(
        "/requests/new/",
        {
            "title": "Xúc tiến đầu tư, kèm hồ sơ",
            "description": "Nội dung",
            "category": "investment",
            "priority": "normal",
            "recipients": ["mofa"],
            "attachments": [
                SimpleUploadedFile("bien-ban.txt", NOTE),
                SimpleUploadedFile("ghi-chu.txt", NOTE),
            ],
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.count() == 2
    assert len(stored(media)) == 2


def test_an_answer_whose_write_fails_leaves_no_file(world, media, monkeypatch):
    req = make_request(world, "A", ["X"])
    act(world, "x_officer", req, "acknowledge")
    _broken_audit(monkeypatch, requests)
    with pytest.raises(RuntimeError):
        act(
            world,
            "x_officer",
            req,
            "answer",
            text="Đã có danh sách",
            files=[SimpleUploadedFile("ds.txt", NOTE)],
        )
    assert not Answer.objects.exists()
    assert stored(media) == []


def test_an_agreement_text_whose_write_fails_leaves_no_file(world, media, monkeypatch):
    agreement = register(world, signed_on=dt.date(2025, 1, 1), state="in_implementation")
    _broken_audit(monkeypatch, agreements)
    with pytest.raises(RuntimeError):
        agreements.file_add(
            actor=world.users["a_editor"],
            agreement_id=agreement.pk,
            upload=SimpleUploadedFile("van-ban.txt", NOTE),
            kind="signed_text",
            label="Văn bản ký",
        )
    assert not AgreementFile.objects.exists()
    assert stored(media) == []


def test_an_import_preview_whose_write_fails_leaves_no_copy_of_the_file(world, media, monkeypatch):
    _broken_audit(monkeypatch, importer)
    with pytest.raises(RuntimeError):
        importer.preview_batch(
            actor=world.users["a_editor"],
            content=xlsx([row()]),
            filename="thoa-thuan.xlsx",
            create_partners=True,
            allow_duplicates=False,
        )
    assert not ImportBatch.objects.system(reason="test").exists()
    assert stored(media) == []


def _version_file(name: str) -> DocumentVersion:
    return DocumentVersion(number=1, format="txt", text="x", name=name)


def test_nested_blocks_hand_their_files_to_the_outer_one(media):
    inner_ok, inner_failed = _version_file("a.txt"), _version_file("b.txt")
    seen: list[list[str]] = []

    def write() -> None:
        with files.atomic():
            with files.atomic():
                files.store(inner_ok.file, "a.txt", ContentFile(b"a"))
            try:
                with files.atomic():
                    files.store(inner_failed.file, "b.txt", ContentFile(b"b"))
                    raise ServiceError("refused")
            except ServiceError:
                seen.append([p.name for p in stored(media)])
            raise RuntimeError("the outer write fails")

    with pytest.raises(RuntimeError):
        write()
    assert seen == [["a.txt"]]  # the failed inner block's file went at once
    assert stored(media) == []  # the inner block succeeded, but the write it belonged to did not


def test_a_block_that_succeeds_keeps_its_files(media):
    version = _version_file("c.txt")
    with files.atomic():
        name = files.store(version.file, "c.txt", ContentFile(b"c"))
    assert [p.name for p in stored(media)] == [Path(name).name]
