"""The exchange-rate table: everyone signed in reads it; the ministry adds and corrects rates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden, NotFound
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.web import list_page, run_action, save_form
from ngoaivu.indicators import selectors, services
from ngoaivu.indicators.columns import RATE_COLUMNS
from ngoaivu.indicators.filters import RateFilters
from ngoaivu.indicators.forms import ActionForm, RateForm
from ngoaivu.indicators.models import ExchangeRate
from ngoaivu.indicators.periods import Period
from ngoaivu.indicators.views.common import tabs, year_choices


@login_required
def rate_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(RateFilters, request.GET).filters
    actions = tabs(user)
    if services.may_manage_rates(user):
        actions.insert(0, {"url": reverse("indicators:rate_create"), "label": _("Thêm tỷ giá")})
    columns = list(RATE_COLUMNS)
    if services.may_manage_rates(user):
        from ngoaivu.core.columns import Column

        columns.append(
            Column(
                "edit",
                _("Sửa"),
                lambda r: _("Sửa"),
                link=lambda r: reverse("indicators:rate_edit", args=[r.pk]),
            )
        )
    return list_page(
        request,
        title=_("Tỷ giá trung tâm theo kỳ (đồng cho 1 đơn vị ngoại tệ)"),
        filters_schema=RateFilters,
        queryset=lambda f: selectors.rate_list(filters=f),
        columns=columns,
        export_stem="ty-gia",
        filter_fields=[
            {
                "name": "currency",
                "label": _("Đơn vị tiền tệ"),
                "current": filters.currency,
                "placeholder": "JPY",
            },
            {
                "name": "year",
                "label": _("Năm"),
                "choices": [(y, y) for y in year_choices()],
                "current": str(filters.year or ""),
            },
        ],
        actions=actions,
    )


@login_required
def rate_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    if not user.scope.active:
        raise NotFound()
    rate = None
    initial: dict[str, Any] = {}
    if pk is not None:
        rate = ExchangeRate.objects.filter(pk=pk).first()
        if rate is None:
            raise NotFound()
        initial = {
            "currency": rate.currency,
            "period": Period(rate.period_kind, rate.period_start).key,
            "vnd_per_unit": rate.vnd_per_unit.normalize(),
            "source": rate.source,
            "note": rate.note,
            "version": rate.version,
        }
    if not services.may_manage_rates(user):
        raise Forbidden()
    form = RateForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> ExchangeRate:
        payload = input_from(services.RateInput, data)
        if rate is None:
            return services.rate_create(actor=user, data=payload)
        return services.rate_update(
            actor=user, rate_id=rate.pk, expected_version=data["version"], data=payload
        )

    saved = save_form(request, form, save, done=_("Đã lưu tỷ giá."))
    if saved.result is not None:
        return redirect("indicators:rates")
    return render(
        request,
        "indicators/form.html",
        {
            "title": _("Thêm tỷ giá") if rate is None else _("Sửa tỷ giá"),
            "form": form,
            "back": reverse("indicators:rates"),
            "delete_url": reverse("indicators:rate_delete", args=[rate.pk]) if rate is not None else "",
            "version": rate.version if rate is not None else "",
        },
        status=saved.status,
    )


@login_required
@require_POST
def rate_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    if not user.scope.active or not ExchangeRate.objects.filter(pk=pk).exists():
        raise NotFound()
    if not services.may_manage_rates(user):
        raise Forbidden()
    run_action(
        request,
        ActionForm(request.POST),
        lambda d: services.rate_delete(actor=user, rate_id=pk, expected_version=d["version"]),
        done=_("Đã xóa tỷ giá."),
    )
    return redirect("indicators:rates")
