"""Agreement files and request attachments refuse hostile bytes (a program named .pdf, an image header
declaring billions of pixels, …; the cases of `core/tests/test_stored_file_checks.py`) and store nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ngoaivu.agreements import services as agreements
from ngoaivu.agreements.models import AgreementFile
from ngoaivu.agreements.tests.test_agreements import register
from ngoaivu.core.exceptions import ServiceError
from ngoaivu.core.tests.test_stored_file_checks import BAD
from ngoaivu.requests import services as requests
from ngoaivu.requests.models import Attachment
from ngoaivu.requests.tests.test_workflow import draft


@pytest.fixture(autouse=True)
def _vietnamese(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("vi"):
        yield


def _bytes(content):
    return content() if callable(content) else content


def _stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_agreement_files_and_request_attachments_refuse_hostile_bytes_and_store_nothing(world, settings):
    agreement = register(world, signed_on=dt.date(2025, 1, 1), state="in_implementation")
    req = draft(world)
    for name, content, fragment in BAD:
        with pytest.raises(ServiceError) as refused:
            agreements.file_add(
                actor=world.users["a_editor"],
                agreement_id=agreement.pk,
                upload=SimpleUploadedFile(name, _bytes(content)),
                kind="signed_text",
                label="Văn bản ký",
            )
        assert fragment in refused.value.as_text()
        with pytest.raises(ServiceError) as refused:
            requests.attachment_add(
                actor=world.users["a_editor"],
                request_id=req.pk,
                files=[SimpleUploadedFile(name, _bytes(content))],
            )
        assert fragment in refused.value.as_text()
        assert name in refused.value.as_text()
    assert not AgreementFile.objects.exists()
    assert not Attachment.objects.exists()
    assert _stored(settings) == []
