"""The ministry leaders' working visits to provinces: list, record/edit form, detail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import list_page, save_form
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.columns import VISIT_COLUMNS
from ngoaivu.delegations.filters import VisitFilters
from ngoaivu.delegations.forms import VisitForm
from ngoaivu.delegations.models import LeaderVisit
from ngoaivu.delegations.views.common import may_record_visits, tabs
from ngoaivu.directory import selectors as directory

EDITED_FIELDS = (
    "direction",
    "starts_on",
    "ends_on",
    "ministry_leaders",
    "province_leaders",
    "agenda",
    "agreed",
    "follow_up",
    "status",
    "version",
)


@login_required
def visit_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(VisitFilters, request.GET).filters
    actions = tabs(user)
    return list_page(
        request,
        title=_("Lãnh đạo Bộ làm việc với địa phương"),
        filters_schema=VisitFilters,
        queryset=lambda f: selectors.visit_list(user=user, filters=f),
        columns=VISIT_COLUMNS,
        export_stem="lanh-dao-lam-viec",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "direction",
                "label": _("Hình thức"),
                "choices": LeaderVisit.Direction.choices,
                "current": filters.direction,
            },
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": LeaderVisit.Status.choices,
                "current": filters.status,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
        ],
        actions=actions,
    )


def _visit_input(data: dict[str, Any]) -> services.VisitInput:
    """The visit from the form; the asks are one a line."""
    return input_from(
        services.VisitInput,
        data,
        asks=tuple(line.strip() for line in data["asks"].splitlines() if line.strip()),
    )


@login_required
def visit_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    visit = None
    initial: dict[str, Any] = {"status": LeaderVisit.Status.PLANNED}
    if pk is not None:
        visit = selectors.visit_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(visit, f) for f in EDITED_FIELDS},
            "province": visit.province.code,
            "asks": "\n".join(a.text for a in visit.asks.all()),
        }
    elif not may_record_visits(user):
        raise Forbidden()
    form = VisitForm(request.POST or None, initial=initial, provinces=directory.province_code_choices())

    def save(data: dict[str, Any]) -> LeaderVisit:
        if visit is None:
            return services.visit_create(actor=user, data=_visit_input(data))
        return services.visit_update(
            actor=user, visit_id=visit.pk, expected_version=data["version"], data=_visit_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu chuyến làm việc."))
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Ghi chuyến làm việc của lãnh đạo") if visit is None else _("Sửa chuyến làm việc")
    return render(
        request,
        "delegations/simple_form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("delegations:visit_list") if visit is None else visit.get_absolute_url(),
        },
        status=saved.status,
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    visit = selectors.visit_get(user=user, pk=pk)
    can_change = can(user, Action.CHANGE, visit)
    return render(
        request,
        "delegations/visit_detail.html",
        {
            "title": str(visit),
            "visit": visit,
            "can_change": can_change,
            "can_make_request": can_change and user.scope.is_province,
        },
    )
