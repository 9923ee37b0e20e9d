"""Promotion events: list (filters, sort, pages, Excel), detail with outcomes and follow-up tasks, the
create/edit form and the task buttons."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.calendar import due_text
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can, get_for_action
from ngoaivu.core.web import YES_NO, bool_param, list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.filters import OrganisationFilters
from ngoaivu.events import selectors, services
from ngoaivu.events.columns import EVENT_COLUMNS, count, money
from ngoaivu.events.filters import EventFilters
from ngoaivu.events.forms import EventForm, TaskCompleteForm, TaskForm, participation_field
from ngoaivu.events.models import EventParticipation, PromotionEvent

EDITED_FIELDS = (
    "title_vi",
    "title_en",
    "kind",
    "organisers",
    "province_as_named",
    "starts_on",
    "ends_on",
    "format",
    "place",
    "status",
    "leads_count",
    "pledged_amount",
    "pledged_currency",
    "outcome_summary",
    "visibility",
    "version",
)


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_organise(user):
        actions.append({"url": reverse("events:event_create"), "label": _("Thêm sự kiện")})
    return [
        *actions,
        {"url": reverse("events:event_list") + "?task_overdue=true", "label": _("Có việc quá hạn")},
        {"url": reverse("delegations:calendar") + "?kind=event", "label": _("Lịch chung")},
    ]


@login_required
def event_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(EventFilters, request.GET).filters
    return list_page(
        request,
        title=_("Sự kiện xúc tiến"),
        filters_schema=EventFilters,
        queryset=lambda f: selectors.event_list(user=user, filters=f),
        columns=EVENT_COLUMNS,
        export_stem="su-kien-xuc-tien",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "kind",
                "label": _("Loại"),
                "choices": PromotionEvent.Kind.choices,
                "current": filters.kind,
            },
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.country,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": PromotionEvent.Status.choices,
                "current": filters.status,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "task_overdue",
                "label": _("Có việc quá hạn"),
                "choices": YES_NO,
                "current": bool_param(filters.task_overdue),
            },
        ],
        actions=_tabs(user),
    )


def _input(form: EventForm, data: dict[str, Any]) -> services.EventInput:
    return services.EventInput(
        title_vi=data["title_vi"],
        title_en=data["title_en"],
        kind=data["kind"],
        organisers=data["organisers"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        format=data["format"],
        place=data["place"],
        status=data["status"],
        province_as_named=data["province_as_named"],
        provinces=tuple(data["provinces"]),
        countries=tuple(data["countries"]),
        missions=tuple(data["missions"]),
        leads_count=data["leads_count"],
        pledged_amount=data["pledged_amount"],
        pledged_currency=data["pledged_currency"],
        outcome_summary=data["outcome_summary"],
        agreement_ids=tuple(data["agreements"]),
        participations=form.participations(),
        visibility=data["visibility"],
    )


@login_required
def event_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    event = None
    initial: dict[str, Any] = {"visibility": "shared", "status": "planned", "format": "in_person"}
    if pk is not None:
        event = selectors.event_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(event, f) for f in EDITED_FIELDS},
            "provinces": [p.code for p in event.provinces.all()],
            "countries": [c.iso2 for c in event.countries.all()],
            "missions": [m.code for m in event.missions.all()],
            "agreements": [a.pk for a in event.linked_agreements],  # type: ignore[attr-defined]
            **{participation_field(p.kind): p.count for p in event.participations.all()},
        }
    elif not services.may_organise(user):
        raise Forbidden()
    form = EventForm(
        request.POST or None,
        initial=initial,
        provinces=directory.province_code_choices(),
        countries=directory.country_code_choices(foreign_only=True),
        missions=selectors.mission_choices(),
        agreements=selectors.agreement_choices(user=user, linked=initial.get("agreements", ())),
    )

    def save(data: dict[str, Any]) -> PromotionEvent:
        if event is None:
            return services.event_create(actor=user, data=_input(form, data))
        return services.event_update(
            actor=user, event_id=event.pk, expected_version=data["version"], data=_input(form, data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu sự kiện."))
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Thêm sự kiện xúc tiến") if event is None else _("Sửa: %(t)s") % {"t": event.title_vi}
    return render(
        request,
        "events/event_form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("events:event_list") if event is None else event.get_absolute_url(),
        },
        status=saved.status,
    )


def _organisations() -> list[tuple[str, str]]:
    return [(o.code, o.name_vi) for o in directory.organisation_list(filters=OrganisationFilters())]


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    event = selectors.event_get(user=user, pk=pk)
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, event)
    order = {k: i for i, k in enumerate(EventParticipation.Kind.values)}
    participations = sorted(event.participations.all(), key=lambda p: order.get(p.kind, len(order)))
    labels = dict(EventParticipation.Kind.choices)
    return render(
        request,
        "events/event_detail.html",
        {
            "title": event.title_vi,
            "event": event,
            "participations": [(labels.get(p.kind, p.kind), count(p.count)) for p in participations],
            "participants_total": count(sum(p.count for p in participations)) if participations else "",
            "leads": count(event.leads_count),
            "pledged": money(event.pledged_amount, event.pledged_currency),
            "agreements": event.linked_agreements,  # type: ignore[attr-defined]
            "tasks": [
                (t, due_text(None if t.done_on else t.due_on, today, provisional=False))
                for t in event.tasks.all()
            ],
            "can_change": may_change,
            "task_form": TaskForm(organisations=_organisations()) if may_change else None,
        },
    )


@login_required
@require_POST
def task_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    event = get_for_action(PromotionEvent, user, Action.CHANGE, pk=pk)
    form = TaskForm(request.POST, organisations=_organisations())
    run_action(
        request,
        form,
        lambda d: services.task_create(
            actor=user,
            event_id=event.pk,
            data=services.TaskInput(
                title=d["title"],
                due_on=d["due_on"],
                owner_person=d["owner_person"],
                owner_org=d["owner_org"],
                note=d["note"],
            ),
        ),
        done=_("Đã thêm việc cần làm."),
    )
    return redirect(reverse("events:event_detail", args=[event.pk]) + "#tasks")


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponseBase:
    user = signed_in(request)
    selectors.task_get(user=user, event_id=pk, task_id=task_pk, action=Action.CHANGE)
    run_action(
        request,
        TaskCompleteForm(request.POST),
        lambda d: services.task_complete(
            actor=user,
            event_id=pk,
            task_id=task_pk,
            expected_version=d["version"],
            done_on=d["done_on"],
            note=d["note"],
        ),
        done=_("Đã ghi nhận hoàn thành."),
    )
    return redirect(reverse("events:event_detail", args=[pk]) + "#tasks")
