"""ASVS V1/V5: markup typed into any text field comes back escaped on every page that shows it (lists, details,
the API as JSON), and a file name carrying a path never leaves the storage folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ngoaivu.core.testing.world import (
    make_agreement,
    make_conference,
    make_delegation,
    make_request,
    make_visit,
)

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def _document(world, marker):
    from ngoaivu.ingest import services

    return services.document_create(
        actor=world.users["a_editor"],
        data=services.DocumentInput(text=f"{marker}\nBản tin về Đà Nẵng và JETRO.", summary=marker),
    )


RECORDS = {
    # kind: (make, list page, detail page)
    "partner": (
        lambda w: w.partner("A", marker=PAYLOAD),
        "/directory/partners/",
        "/directory/partners/{pk}/",
    ),
    "request": (
        lambda w: make_request(w, "A", ["X"], marker=PAYLOAD),
        "/requests/?box=sent",
        "/requests/{pk}/",
    ),
    "agreement": (lambda w: make_agreement(w, "A", marker=PAYLOAD), "/agreements/", "/agreements/{pk}/"),
    "delegation": (lambda w: make_delegation(w, "A", marker=PAYLOAD), "/delegations/", "/delegations/{pk}/"),
    "conference": (
        lambda w: make_conference(w, "A", marker=PAYLOAD),
        "/delegations/conferences/",
        "/delegations/conferences/{pk}/",
    ),
    "visit": (
        lambda w: make_visit(w, "A", marker=PAYLOAD),
        "/delegations/visits/",
        "/delegations/visits/{pk}/",
    ),
    "document": (lambda w: _document(w, PAYLOAD), "/documents/", "/documents/{pk}/"),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_markup_in_a_text_field_is_shown_escaped_on_its_list_and_detail_pages(world, kind):
    make, list_url, detail_url = RECORDS[kind]
    record = make(world)
    client = world.client("a_editor")
    for url in (list_url, detail_url.format(pk=record.pk)):
        html = client.get(url).content.decode()
        assert PAYLOAD not in html, f"{kind} {url}: the markup came back as markup"
        assert "<script>alert" not in html
        assert "onerror=alert(1)>" not in html.replace(ESCAPED, "")
        assert "&lt;script&gt;alert" in html, f"{kind} {url}: the text is not shown at all"


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/shadow.pdf", "a/../../b.pdf"],
)
def test_a_file_name_carrying_a_path_is_stored_inside_the_storage_folder(world, settings, tmp_path, name):
    from ngoaivu.requests import services

    settings.MEDIA_ROOT = tmp_path / "media"
    req = make_request(world, "A", ["X"], send=False)
    upload = SimpleUploadedFile(name, b"%PDF-1.4 x", content_type="application/pdf")
    (attachment,) = services.attachment_add(actor=world.users["a_editor"], request_id=req.pk, files=[upload])
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to((tmp_path / "media").resolve())
    assert ".." not in attachment.file.name
    assert stored.read_bytes() == b"%PDF-1.4 x"
    assert not Path("/etc/passwd.pdf").exists()
