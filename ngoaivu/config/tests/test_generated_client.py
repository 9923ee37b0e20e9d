"""The contract as a client sees it: a Python client generated from /api/v1/openapi.json with
openapi-python-client (test environment only) drives the whole request loop — create, submit, acknowledge, answer,
rate — over HTTP against the live server, with Bearer tokens. A body documented under the wrong schema (the
requests' actions once showed the agreements' fields), a missing If-Match parameter or an undocumented answer
breaks the generation, the call or the parsing here."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ngoaivu.accounts.services import api_token_create
from ngoaivu.audit.services import SYSTEM
from ngoaivu.config.api import api
from ngoaivu.core.testing.world import second_head

pytestmark = pytest.mark.django_db(transaction=True)
PACKAGE = "ngoaivu_generated_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """Generates the client once per module from the document the server serves, and imports it."""
    generator = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    assert generator, "openapi-python-client is missing: install requirements/dev.txt"
    root = tmp_path_factory.mktemp("generated-client")
    document = root / "openapi.json"
    document.write_text(
        json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), ensure_ascii=False), encoding="utf-8"
    )
    config = root / "config.json"  # no post hooks: no ruff run on the output, nothing fetched
    config.write_text(json.dumps({"package_name_override": PACKAGE, "post_hooks": []}), encoding="utf-8")
    result = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(root / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _part(generated: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


def _bearer(generated: ModuleType, live_server: Any, user: Any) -> Any:
    _token, raw = api_token_create(actor=SYSTEM, user=user)
    return generated.AuthenticatedClient(base_url=live_server.url, token=raw, raise_on_unexpected_status=True)


def test_the_request_loop_through_a_generated_client(generated, live_server, world):
    models = _part(generated, "models")
    create = _part(generated, "api.requests.requests_create")
    read = _part(generated, "api.requests.requests_get")
    act = _part(generated, "api.requests.requests_action")
    province = _bearer(generated, live_server, world.users["a_editor"])
    mission = _bearer(generated, live_server, world.users["x_officer"])
    lead_user = second_head(world, "A")  # four eyes: a submission no other head could approve is refused

    def step(client: Any, request_id: int, action: str, **fields: Any) -> Any:
        """One workflow step as a client does it: read (ETag), then act with If-Match."""
        current = read.sync_detailed(request_id, client=client)
        assert current.status_code == 200, current.content
        assert current.headers["ETag"] == f'"{current.parsed.version}"'
        response = act.sync_detailed(
            request_id,
            models.RequestsActionAction(action),
            client=client,
            body=models.RequestActionIn(**fields),
            if_match=current.headers["ETag"],
        )
        assert response.status_code == 200, response.content
        assert isinstance(response.parsed, models.RequestOut)
        return response.parsed

    created = create.sync_detailed(
        client=province,
        body=models.RequestIn(
            title="Tìm nhà nhập khẩu vải thiều",
            description="Cần 5 nhà nhập khẩu tại Nhật Bản",
            category="trade",
            recipients=["cqdd-jp-tokyo"],
            target_countries=["JP"],
        ),
    )
    assert created.status_code == 201, created.content
    request_id = created.parsed.id
    assert created.parsed.status == "draft"

    assert step(province, request_id, "submit").status == "pending_approval"
    lead = _bearer(generated, live_server, lead_user)  # four eyes: another head approves
    sent = step(lead, request_id, "approve")
    assert sent.status == "sent"
    assert sent.number.startswith("ĐH-")

    acknowledged = step(mission, request_id, "acknowledge")
    assert acknowledged.recipients[0].acknowledged_on is not None

    answered = step(
        mission,
        request_id,
        "answer",
        text="Có 5 nhà nhập khẩu",
        partner_contacts="JETRO Osaka, phòng nông sản",
        next_steps="Hẹn gặp trực tuyến",
    )
    assert answered.answers[0].partner_contacts == "JETRO Osaka, phòng nông sản"
    assert answered.answers[0].next_steps == "Hẹn gặp trực tuyến"

    rated = step(province, request_id, "rate", rating=4, text="Hữu ích")
    assert rated.recipients[0].rating == 4
    assert [e.action for e in rated.history][-5:] == ["submit", "approve", "acknowledge", "answer", "rate"]

    stale = act.sync_detailed(
        request_id,
        models.RequestsActionAction("close"),
        client=province,
        body=models.RequestActionIn(),
        if_match=f'"{sent.version}"',
    )
    assert stale.status_code == 412
    assert isinstance(stale.parsed, models.Problem)
    assert stale.parsed.type_ == "stale_version"
