"""Attachments are stored, not parsed, but their bytes must be what their names say and within the budget
(`core.parsing.check_stored_file`): programs named .pdf, zip bombs named .docx and image headers declaring
billions of pixels are refused with a Vietnamese message, and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ngoaivu.core import files
from ngoaivu.core.testing import hostile

GOOD = [
    ("quyet-dinh.pdf", b"%PDF-1.4 quyet dinh"),
    ("anh.png", hostile.png_header(1024, 768)),
    ("anh.jpg", hostile.jpeg_header(4000, 3000)),
    ("van-ban.docx", hostile.docx_bytes(hostile.docx_text(["Hợp tác"]))),
    ("ghi-chu.txt", "Ghi chú".encode()),
    ("cu.doc", hostile.OLE2 + b"\x00" * 512),
]
BAD = [
    ("virus.pdf", hostile.EXE, "chương trình"),
    ("virus.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "chương trình"),
    ("anh.pdf", hostile.jpeg_header(800, 600), "PDF"),
    ("bom.png", hostile.png_header(100_000, 100_000), "điểm ảnh"),
    ("bom.jpg", hostile.jpeg_header(65_000, 65_000), "điểm ảnh"),
    ("gia.png", b"GIF89a" + b"\x00" * 100, "ảnh"),
    ("bom.docx", hostile.BY_NAME["docx_zip_bomb_member"].make, "giải nén"),
    ("long.docx", hostile.BY_NAME["docx_nested_zip"].make, "lồng"),
    ("co-khoa.docx", hostile.OLE2 + b"\x00" * 512, "mật khẩu"),
    ("pdf.xlsx", b"%PDF-1.4 x", "XLSX"),
    ("sai.doc", b"%PDF-1.4 x", "DOC"),
    ("rong.pdf", b"", "rỗng"),
]


@pytest.fixture(autouse=True)
def _vietnamese(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("vi"):
        yield


def _bytes(content):
    return content() if callable(content) else content


@pytest.mark.parametrize(("name", "content"), GOOD, ids=[g[0] for g in GOOD])
def test_ordinary_attachments_pass_and_are_rewound(name, content):
    upload = SimpleUploadedFile(name, content)
    assert files.content_problem(upload, name) is None
    assert upload.read() == content


@pytest.mark.parametrize(("name", "content", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_hostile_attachments_are_refused_in_vietnamese(name, content, fragment):
    data = _bytes(content)
    problem = files.content_problem(SimpleUploadedFile(name, data), name)
    assert problem is not None
    assert fragment in problem


def test_the_pixel_budget_is_a_setting(settings):
    upload = SimpleUploadedFile("anh.png", hostile.png_header(2000, 1000))
    settings.NGOAIVU_PARSE_MAX_IMAGE_PIXELS = 1_000_000
    assert "tối đa 1 triệu" in (files.content_problem(upload, "anh.png") or "")
    settings.NGOAIVU_PARSE_MAX_IMAGE_PIXELS = 2_000_000
    assert files.content_problem(upload, "anh.png") is None
