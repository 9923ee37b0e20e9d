"""Uploaded files go through Django's storage API: the local folder by default, an S3-compatible bucket when
NGOAIVU_S3_BUCKET is set (several app servers then share the files). The bucket is moto's in-process S3, so
the boto3 calls django-storages makes are real and nothing leaves the machine."""

from __future__ import annotations

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from ngoaivu.config.settings import _file_storage
from ngoaivu.core.testing.world import make_request

BUCKET = "ngoaivu-test-files"


def test_the_local_folder_is_the_default(monkeypatch):
    monkeypatch.delenv("NGOAIVU_S3_BUCKET", raising=False)
    assert _file_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_in_the_environment_selects_private_s3_storage(monkeypatch):
    monkeypatch.setenv("NGOAIVU_S3_BUCKET", "so-ngoai-vu")
    monkeypatch.setenv("NGOAIVU_S3_ENDPOINT_URL", "https://s3.example.gov.vn")
    monkeypatch.setenv("NGOAIVU_S3_REGION", "hn-1")
    config = _file_storage()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    assert config["OPTIONS"]["bucket_name"] == "so-ngoai-vu"
    assert config["OPTIONS"]["endpoint_url"] == "https://s3.example.gov.vn"
    assert config["OPTIONS"]["region_name"] == "hn-1"
    assert config["OPTIONS"]["default_acl"] == "private"
    assert config["OPTIONS"]["file_overwrite"] is False


@pytest.fixture
def s3_storage(settings, monkeypatch):
    for name, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "ap-southeast-1"),
    ):
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-southeast-1")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"})
        monkeypatch.setenv("NGOAIVU_S3_BUCKET", BUCKET)
        monkeypatch.setenv("NGOAIVU_S3_REGION", "ap-southeast-1")
        settings.STORAGES = {**settings.STORAGES, "default": _file_storage()}
        yield s3


def test_an_attachment_is_stored_in_the_bucket_and_served_to_those_who_may_see_it(world, s3_storage):
    from ngoaivu.requests import services

    req = make_request(world, "A", ["X"], send=False)  # attachments go on drafts
    content = "Danh sách nhà nhập khẩu — bản gửi Tokyo".encode() + b"\n%PDF-1.4"
    upload = SimpleUploadedFile(
        "Danh sách đối tác.pdf", b"%PDF-1.4\n" + content, content_type="application/pdf"
    )
    (attachment,) = services.attachment_add(actor=world.users["a_editor"], request_id=req.pk, files=[upload])

    keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{attachment.file.name}"]
    body = s3_storage.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read()
    assert body == b"%PDF-1.4\n" + content

    url = f"/requests/{req.pk}/attachments/{attachment.pk}/"
    response = world.client("a_editor").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n" + content
    assert world.client("b_editor").get(url).status_code == 404
