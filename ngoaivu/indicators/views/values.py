"""Indicator values: the list (the ministry's validation queue is `?status=submitted`), entry and edit, the
detail with its correction history, and the workflow buttons."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can, get_for_action
from ngoaivu.core.web import list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.indicators import selectors, services
from ngoaivu.indicators.columns import VALUE_COLUMNS, vn_number
from ngoaivu.indicators.filters import ValueFilters
from ngoaivu.indicators.forms import ActionForm, ValueForm
from ngoaivu.indicators.models import IndicatorValue
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.views.common import former_choices, tabs

S = IndicatorValue.Status
ACTION_LABELS = {
    "submit": gettext_lazy("Gửi Bộ"),
    "validate": pgettext_lazy("indicator value", "Xác nhận"),
    "return": gettext_lazy("Trả lại tỉnh"),
    "correct": gettext_lazy("Đính chính"),
    "delete": gettext_lazy("Xóa nháp"),
}


@login_required
def value_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(ValueFilters, request.GET).filters
    return list_page(
        request,
        title=_("Giá trị chỉ tiêu"),
        filters_schema=ValueFilters,
        queryset=lambda f: selectors.value_list(user=user, filters=f),
        columns=VALUE_COLUMNS,
        export_stem="gia-tri-chi-tieu",
        filter_fields=[
            {
                "name": "indicator",
                "label": _("Chỉ tiêu"),
                "choices": [(i.code, i.name_vi) for i in selectors.indicator_list()],
                "current": filters.indicator,
            },
            {
                "name": "province",
                "label": _("Tỉnh (hiện hành)"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "former_province",
                "label": _("Tỉnh cũ"),
                "choices": former_choices(),
                "current": filters.former_province,
            },
            {
                "name": "period_from",
                "label": _("Từ kỳ"),
                "current": filters.period_from,
                "placeholder": "2021",
            },
            {"name": "period_to", "label": _("Đến kỳ"), "current": filters.period_to, "placeholder": "2025"},
            {"name": "status", "label": _("Trạng thái"), "choices": S.choices, "current": filters.status},
        ],
        actions=tabs(user),
    )


def _form(
    request: HttpRequest, user: Any, value: IndicatorValue | None, initial: dict[str, Any]
) -> ValueForm:
    own = user.scope.province_code if user.scope.is_province else ""
    provinces = [(c, n) for c, n in directory.province_code_choices() if not own or c == own]
    return ValueForm(
        request.POST or None,
        initial=initial,
        indicators=[
            (i.code, i.name_vi) for i in selectors.indicator_list() if i.computed != i.Computed.ALWAYS
        ],
        provinces=provinces,
        formers=former_choices(own),
        countries=directory.country_code_choices(foreign_only=True),
        editing=value is not None,
    )


@login_required
def value_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    value = None
    initial: dict[str, Any] = {"convention": "calendar"}
    if user.scope.is_province:
        initial["province"] = user.scope.province_code
    if request.GET.get("indicator"):
        initial["indicator"] = request.GET["indicator"]
    if pk is not None:
        value = selectors.value_get(user=user, pk=pk, action=Action.CHANGE)
        if value.status not in services.EDITABLE_STATES:
            return redirect(value.get_absolute_url())
        initial = {
            "indicator": value.indicator.code,
            "province": value.province.code if value.former_province is None else "",
            "former_province": value.former_province.code if value.former_province is not None else "",
            "period": Period(value.period_kind, value.period_start).key,
            "value": value.value,
            "currency": value.currency if value.indicator.unit == "currency" else "",
            "country": value.country.iso2 if value.country is not None else "",
            "convention": value.convention,
            "source": value.source,
            "note": value.note,
            "version": value.version,
        }
    elif not services.may_enter(user):
        raise Forbidden()
    form = _form(request, user, value, initial)

    def save(data: dict[str, Any]) -> IndicatorValue:
        if value is not None:
            data = {**data, "indicator": value.indicator.code}
        payload = input_from(services.ValueInput, data)
        if value is None:
            return services.value_create(actor=user, data=payload)
        return services.value_update(
            actor=user, value_id=value.pk, expected_version=data["version"], data=payload
        )

    saved = save_form(request, form, save, done=_("Đã lưu giá trị."))
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request,
        "indicators/form.html",
        {
            "title": _("Nhập giá trị chỉ tiêu") if value is None else _("Sửa giá trị"),
            "form": form,
            "back": reverse("indicators:value_list") if value is None else value.get_absolute_url(),
        },
        status=saved.status,
    )


def available_actions(user: Any, value: IndicatorValue) -> list[str]:
    """The buttons a user may press on a value (the services check again)."""
    actions = []
    owner = can(user, Action.CHANGE, value)
    if owner and value.status in services.EDITABLE_STATES:
        actions.append("submit")
    if value.status == S.SUBMITTED and services.may_validate(user) and value.submitted_by_id != user.pk:
        actions += ["validate", "return"]
    if owner and value.status == S.VALIDATED and services.open_correction(value) is None:
        actions.append("correct")
    if owner and value.status == S.DRAFT:
        actions.append("delete")
    return actions


@login_required
def value_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    value = selectors.value_get(user=user, pk=pk)
    pending = None
    if value.status == S.VALIDATED:
        pending = (
            IndicatorValue.objects.visible_to(user, Action.VIEW)
            .filter(corrects=value, status__in=(S.DRAFT, S.SUBMITTED, S.RETURNED))
            .first()
        )
    return render(
        request,
        "indicators/value_detail.html",
        {
            "title": f"{value.indicator.name_vi} — {selectors.unit_label(value)}",
            "value": value,
            "period": Period(value.period_kind, value.period_start),
            "unit_label": selectors.unit_label(value),
            "shown": vn_number(value.value),
            "history": [(v, vn_number(v.value)) for v in selectors.value_history(user=user, value=value)],
            "actions": [(a, ACTION_LABELS[a]) for a in available_actions(user, value)],
            "can_edit": value.status in services.EDITABLE_STATES and can(user, Action.CHANGE, value),
            "events": audit_events_for(user=user, target=value),
            "pending": pending,
        },
    )


@login_required
@require_POST
def value_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in ACTION_LABELS:
        raise Http404()
    user = signed_in(request)
    value = get_for_action(IndicatorValue, user, Action.VIEW, pk=pk)
    if action in {"validate", "return"} and not services.may_validate(user):
        raise Forbidden()
    if action in {"submit", "correct", "delete"}:
        get_for_action(IndicatorValue, user, Action.CHANGE, pk=pk)
    created: list[IndicatorValue] = []

    def do(d: dict[str, Any]) -> object:
        version = d["version"]
        if action == "submit":
            return services.value_submit(actor=user, value_id=pk, expected_version=version)
        if action == "validate":
            return services.value_validate(actor=user, value_id=pk, expected_version=version)
        if action == "return":
            return services.value_return(
                actor=user, value_id=pk, expected_version=version, reason=d["reason"]
            )
        if action == "delete":
            return services.value_delete(actor=user, value_id=pk, expected_version=version)
        if d["value"] is None:
            from ngoaivu.core.exceptions import ServiceError

            message = _("Ghi giá trị mới.")
            raise ServiceError(message, {"value": [message]})
        new = services.value_correct(
            actor=user,
            value_id=pk,
            expected_version=version,
            data=services.CorrectionInput(
                value=d["value"], reason=d["reason"], source=d["source"], note=d["note"]
            ),
        )
        created.append(new)
        return new

    done = run_action(
        request, ActionForm(request.POST), do, done=_("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]}
    )
    if done and action == "delete":
        return redirect("indicators:value_list")
    if created:
        return redirect(created[0].get_absolute_url())
    if done and action in {"validate", "return"}:
        # the ministry's queue: on to the next submitted value it may decide (walk #6)
        following = (
            IndicatorValue.objects.visible_to(user, Action.APPROVE)
            .filter(status=S.SUBMITTED, deleted_at__isnull=True)
            .exclude(submitted_by_id=user.pk)
            .order_by("submitted_at", "pk")
            .first()
        )
        if following is not None:
            return redirect(following.get_absolute_url())
        return redirect(reverse("indicators:value_list") + "?status=submitted")
    return redirect(value.get_absolute_url())
