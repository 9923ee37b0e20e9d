"""`core.web.save_form`: one mapping of service outcomes onto a form, and its statuses."""

from typing import Any

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from ngoaivu.core.exceptions import ServiceError, StaleObject, StateConflict
from ngoaivu.core.forms import BaseForm
from ngoaivu.core.web import STALE, save_form


class NameForm(BaseForm):
    name = forms.CharField(max_length=10)


def _post(data: dict[str, Any]) -> Any:
    request = RequestFactory().post("/x/", data)
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _raise(exc: Exception):
    def save(data: dict[str, Any]) -> None:
        raise exc

    return save


def test_get_does_nothing():
    request = RequestFactory().get("/x/")
    saved = save_form(request, NameForm(), _raise(AssertionError("must not run")), done="ok")
    assert (saved.ok, saved.status) == (False, 200)


def test_invalid_input_is_400_and_the_service_never_runs():
    request = _post({"name": "a" * 11})
    form = NameForm(request.POST)
    saved = save_form(request, form, _raise(AssertionError("must not run")), done="ok")
    assert (saved.ok, saved.status) == (False, 400)
    assert "name" in form.errors


def test_service_field_errors_land_on_their_field():
    request = _post({"name": "Hà"})
    form = NameForm(request.POST)
    saved = save_form(request, form, _raise(ServiceError("Sai", {"name": ["Trùng tên."]})), done="ok")
    assert saved.status == 400
    assert form.errors["name"] == ["Trùng tên."]
    assert not form.non_field_errors()


def test_service_message_without_fields_is_shown():
    request = _post({"name": "Hà"})
    form = NameForm(request.POST)
    saved = save_form(request, form, _raise(ServiceError("Không được phép lúc này.")), done="ok")
    assert saved.status == 400
    assert form.non_field_errors() == ["Không được phép lúc này."]


@pytest.mark.parametrize(
    ("exc", "message"),
    [(StateConflict("Đã gửi rồi."), "Đã gửi rồi."), (StaleObject("x.Y", 1), str(STALE))],
)
def test_conflicts_are_409(exc: Exception, message: str):
    request = _post({"name": "Hà"})
    form = NameForm(request.POST)
    saved = save_form(request, form, _raise(exc), done="ok")
    assert (saved.ok, saved.status) == (False, 409)
    assert form.non_field_errors() == [message]


def test_success_returns_the_result_and_flashes_done():
    request = _post({"name": "Hà"})
    saved = save_form(request, NameForm(request.POST), lambda d: d["name"].upper(), done=lambda r: f"Lưu {r}")
    assert (saved.ok, saved.result, saved.status) == (True, "HÀ", 200)
    assert [str(m) for m in request._messages] == ["Lưu HÀ"]


def test_route_errors_takes_formset_fields_first():
    request = _post({"name": "Hà"})
    form = NameForm(request.POST)
    taken: dict[str, list[str]] = {}

    def route(errors: dict[str, list[str]]) -> dict[str, list[str]]:
        taken.update({k: v for k, v in errors.items() if k.startswith("members")})
        return {k: v for k, v in errors.items() if not k.startswith("members")}

    err = ServiceError("Sai", {"members.0.name": ["Thiếu"], "name": ["Trùng"]})
    save_form(request, form, _raise(err), done="ok", route_errors=route)
    assert taken == {"members.0.name": ["Thiếu"]}
    assert form.errors["name"] == ["Trùng"]


def test_run_action_names_a_refused_field_by_its_label_never_its_key():
    from ngoaivu.core.web import run_action

    class PickForm(BaseForm):
        recipient = forms.CharField(label="Đơn vị nhận", required=False)

    request = _post({"recipient": ""})
    err = ServiceError("Chọn đơn vị nhận.", {"recipient": ["Có nhiều nơi nhận."], "other_id": ["Sai."]})
    assert not run_action(request, PickForm(request.POST), _raise(err), done="ok")
    assert [str(m) for m in request._messages] == ["Chọn đơn vị nhận. Đơn vị nhận: Có nhiều nơi nhận. Sai."]


def test_a_refusal_reads_as_sentences_on_one_line():
    from ngoaivu.core.exceptions import one_line

    assert one_line("Chưa lưu được.", ["Ngày ký: Sai ngày.", "Quốc gia: chọn một"]) == (
        "Chưa lưu được. Ngày ký: Sai ngày. Quốc gia: chọn một"
    )
    assert one_line("Chưa lưu được", ["Ngày ký: sai ngày", "Quốc gia: chọn một"]) == (
        "Chưa lưu được; Ngày ký: sai ngày; Quốc gia: chọn một"
    )
    assert one_line("", ["Sai."]) == "Sai."
    assert ".;" not in one_line("Chưa đóng được tìm kiếm.", ["Lý do đóng: Cần lý do.", "Ngày đóng: Sai."])
