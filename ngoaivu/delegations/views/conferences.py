"""International conferences held in a province: list, registration/edit form, detail and workflow buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.calendar import due_text
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can, get_for_action
from ngoaivu.core.text import split_items
from ngoaivu.core.web import YES_NO, bool_param, list_page, run_action, save_form
from ngoaivu.delegations import selectors, services
from ngoaivu.delegations.columns import CONFERENCE_COLUMNS
from ngoaivu.delegations.filters import ConferenceFilters
from ngoaivu.delegations.forms import ConferenceActionForm, ConferenceForm
from ngoaivu.delegations.models import Conference
from ngoaivu.delegations.views.common import tabs
from ngoaivu.directory import selectors as directory

CONFERENCE_ACTION_LABELS = services.CONFERENCE_ACTION_LABELS
EDITED_FIELDS = (
    "title",
    "organiser",
    "format",
    "venue",
    "starts_on",
    "ends_on",
    "foreign_participants",
    "top_rank",
    "sensitive_topics",
    "funding",
    "visibility",
    "version",
)


@login_required
def conference_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(ConferenceFilters, request.GET).filters
    return list_page(
        request,
        title=_("Hội nghị, hội thảo quốc tế"),
        filters_schema=ConferenceFilters,
        queryset=lambda f: selectors.conference_list(user=user, filters=f),
        columns=CONFERENCE_COLUMNS,
        export_stem="hoi-nghi-quoc-te",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
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
                "name": "level",
                "label": _("Cấp cho phép"),
                "choices": Conference.Level.choices,
                "current": filters.level,
            },
            {
                "name": "state",
                "label": _("Trạng thái"),
                "choices": Conference.State.choices,
                "current": filters.state,
            },
            {"name": "date_from", "label": _("Từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "report_missing",
                "label": _("Chưa báo cáo kết quả"),
                "choices": YES_NO,
                "current": bool_param(filters.report_missing),
            },
        ],
        actions=tabs(user),
    )


def _conference_input(data: dict[str, Any]) -> services.ConferenceInput:
    return input_from(
        services.ConferenceInput,
        data,
        countries=tuple(data["countries"]),
        sensitive_topics=tuple(data["sensitive_topics"]),
    )


@login_required
def conference_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    conference = None
    initial: dict[str, Any] = {"visibility": "shared", "foreign_participants": 0}
    if pk is not None:
        conference = selectors.conference_get(user=user, pk=pk, action=Action.CHANGE)
        if conference.state != Conference.State.PLANNED:
            # a form that could not be saved would only lose what is typed: say why, on the conference's page
            messages.warning(
                request,
                _(
                    "Hội nghị đang ở trạng thái “%(s)s” nên không sửa được; chỉ sửa được khi đang chuẩn bị "
                    "(trước khi trình hồ sơ)."
                )
                % {"s": conference.get_state_display()},
            )
            return redirect(conference.get_absolute_url())
        initial = {
            **{f: getattr(conference, f) for f in EDITED_FIELDS},
            "countries": [c.iso2 for c in conference.countries.all()],
        }
    elif not services.may_plan(user):
        raise Forbidden()
    form = ConferenceForm(
        request.POST or None, initial=initial, countries=directory.country_code_choices(foreign_only=True)
    )

    def save(data: dict[str, Any]) -> Conference:
        if conference is None:
            return services.conference_create(actor=user, data=_conference_input(data))
        return services.conference_update(
            actor=user,
            conference_id=conference.pk,
            expected_version=data["version"],
            data=_conference_input(data),
        )

    saved = save_form(request, form, save, done=_("Đã lưu hội nghị."))
    if saved.result is not None:
        return redirect(saved.result)
    title = (
        _("Đăng ký hội nghị, hội thảo quốc tế")
        if conference is None
        else _("Sửa: %(t)s") % {"t": conference.title}
    )
    return render(
        request,
        "delegations/simple_form.html",
        {
            "title": title,
            "form": form,
            "back": reverse("delegations:conference_list")
            if conference is None
            else conference.get_absolute_url(),
        },
        status=saved.status,
    )


def _confirm(action: str, conference: Conference) -> str:
    """The question a button that cannot be undone asks before it posts (data-confirm); empty for the others."""
    questions = {
        "refuse": _("Ghi nhận hội nghị “%(t)s” không được cho phép? Không thể hoàn tác."),
        "cancel": _("Hủy hội nghị “%(t)s”? Không thể hoàn tác."),
    }
    question = questions.get(action)
    return question % {"t": conference.title} if question else ""


@login_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    conference = selectors.conference_get(user=user, pk=pk)
    today = timezone.localdate()
    actions = services.conference_actions(user=user, conference=conference)
    return render(
        request,
        "delegations/conference_detail.html",
        {
            "title": conference.title,
            "conference": conference,
            "topics": [Conference.SENSITIVE_TOPICS.get(t, t) for t in conference.sensitive_topics],
            "dossier_due": due_text(
                conference.dossier_due_on if conference.state == "planned" else None, today
            ),
            "report_due": due_text(
                conference.report_due_on
                if conference.state == "approved" and not conference.reported_on
                else None,
                today,
            ),
            "consultations": [
                (c, due_text(c.due_on if not c.replied_on else None, today))
                for c in conference.consultations.all()
            ],
            "actions": [(a, CONFERENCE_ACTION_LABELS[a], _confirm(a, conference)) for a in actions],
            "can_change": conference.state == "planned" and can(user, Action.CHANGE, conference),
        },
    )


@login_required
@require_POST
def conference_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in services.CONFERENCE_ACTIONS:
        raise Http404()
    user = signed_in(request)
    get_for_action(Conference, user, Action.VIEW, pk=pk)
    run_action(
        request,
        ConferenceActionForm(request.POST),
        lambda d: services.conference_action(
            actor=user,
            conference_id=pk,
            action=action,
            expected_version=d["version"],
            data=input_from(
                services.ConferenceActionInput,
                d,
                bodies=split_items(d["bodies"]),
            ),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": CONFERENCE_ACTION_LABELS[action]},
    )
    return redirect("delegations:conference_detail", pk=pk)
