"""Market-access pages: list (filters, sort, pages, xlsx), the board of open dossiers by stage × market, the
dossier with its stage timeline, the create/edit form, steps, documents and notes, and the fragment the
agreement page loads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.calendar import due_text
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.models import FormerProvince, Mission
from ngoaivu.market_access import selectors, services
from ngoaivu.market_access.columns import DOSSIER_COLUMNS
from ngoaivu.market_access.filters import DossierFilters
from ngoaivu.market_access.forms import (
    DocumentForm,
    DossierForm,
    NoteForm,
    StepCompleteForm,
    StepForm,
    VersionForm,
)
from ngoaivu.market_access.models import Dossier

ACTIVE = (Dossier.Status.OPEN, Dossier.Status.MARKET_OPEN)
EDITED = (
    "product_vi",
    "product_en",
    "hs_code",
    "province_as_named",
    "vn_authority",
    "foreign_authority",
    "status",
    "opened_on",
    "next_step",
    "next_step_due",
    "visibility",
    "version",
)
FTA_FIELD = "fta"


def _mission_choices() -> list[tuple[str, str]]:
    return [(m.code, m.name_vi) for m in Mission.objects.order_by("name_vi", "pk").only("code", "name_vi")]


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_create(user):
        actions.append({"url": reverse("market_access:dossier_create"), "label": _("Mở hồ sơ mới")})
    return [
        *actions,
        {"url": reverse("market_access:dossier_board"), "label": _("Bảng theo giai đoạn và thị trường")},
        {"url": reverse("market_access:dossier_list") + "?status=open", "label": _("Hồ sơ đang xúc tiến")},
    ]


@login_required
def dossier_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(DossierFilters, request.GET).filters
    return list_page(
        request,
        title=_("Hồ sơ mở cửa thị trường"),
        filters_schema=DossierFilters,
        queryset=lambda f: selectors.dossier_list(user=user, filters=f),
        columns=DOSSIER_COLUMNS,
        export_stem="ho-so-mo-cua-thi-truong",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {
                "name": "province",
                "label": _("Tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "market",
                "label": _("Thị trường"),
                "choices": directory.country_code_choices(foreign_only=True),
                "current": filters.market,
            },
            {
                "name": "stage",
                "label": _("Giai đoạn"),
                "choices": selectors.stage_choices(),
                "current": filters.stage,
            },
            {
                "name": "status",
                "label": _("Tình trạng"),
                "choices": Dossier.Status.choices,
                "current": filters.status,
            },
            {
                "name": "due_before",
                "label": _("Việc tiếp theo có hạn đến"),
                "type": "date",
                "current": filters.due_before,
            },
        ],
        actions=_tabs(user),
    )


@login_required
def dossier_board(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    province = (request.GET.get("province") or "")[:2] or None
    today = timezone.localdate()
    board = selectors.dossier_board(user=user, province=province, today=today)
    base = reverse("market_access:dossier_list") + "?status=open"
    opened_url = reverse("market_access:dossier_list") + "?status=market_open"
    if province:
        base += f"&province={province}"
        opened_url += f"&province={province}"
    return render(
        request,
        "market_access/board.html",
        {
            "title": _("Hồ sơ đang xúc tiến theo giai đoạn và thị trường"),
            "board": board,
            "list_url": base,
            "opened_url": opened_url,
            # the same "quá hạn N ngày" as the list (past dates: never a provisional count)
            "overdue": [
                (d, *due_text(d.next_step_due, today, provisional=False)) for d, _days in board.overdue
            ],
            "province": province or "",
            "provinces": directory.province_code_choices(),
            "actions": _tabs(user),
        },
    )


def _choices(user: Any) -> dict[str, list[tuple[Any, str]]]:
    return {
        "market": directory.country_code_choices(foreign_only=True),
        "provinces": directory.province_code_choices(),
        "former_province": [
            (f.code, f"{f.name} ({f.code})") for f in FormerProvince.objects.order_by("code")
        ],
        "mission": _mission_choices(),
        "stage": selectors.stage_choices(),
        "agreements": selectors.agreement_choices(user=user),
        "fta": selectors.fta_choices(),
    }


def _input(data: dict[str, Any]) -> services.DossierInput:
    return input_from(
        services.DossierInput,
        data,
        provinces=tuple(data["provinces"]),
        agreements=tuple(data["agreements"]),
        former_province=data["former_province"] or "",
        mission=data["mission"] or "",
        fta=data["fta"] or "",
    )


@login_required
def dossier_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    dossier = None
    initial: dict[str, Any] = {"visibility": "shared", "status": "open", "opened_on": timezone.localdate()}
    if pk is not None:
        dossier = selectors.dossier_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            **{f: getattr(dossier, f) for f in EDITED},
            "market": dossier.market.iso2,
            "stage": dossier.stage.code,
            "provinces": [p.code for p in dossier.provinces.all()],
            "former_province": dossier.former_province.code if dossier.former_province else "",
            "mission": dossier.mission.code if dossier.mission else "",
            "agreements": [a.pk for a in selectors.dossier_agreements(user=user, dossier=dossier)],
            FTA_FIELD: dossier.fta.short_name if dossier.fta else "",
        }
    elif not services.may_create(user):
        raise Forbidden()
    form = DossierForm(request.POST or None, initial=initial, choices=_choices(user))

    def save(data: dict[str, Any]) -> Dossier:
        if dossier is None:
            return services.dossier_create(actor=user, data=_input(data))
        return services.dossier_update(
            actor=user, dossier_id=dossier.pk, expected_version=data["version"], data=_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu hồ sơ."))
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Mở hồ sơ mở cửa thị trường") if dossier is None else _("Sửa: %(t)s") % {"t": dossier.title}
    back = reverse("market_access:dossier_list") if dossier is None else dossier.get_absolute_url()
    return render(
        request,
        "market_access/dossier_form.html",
        {"title": title, "form": form, "back": back},
        status=saved.status,
    )


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    return _detail_page(request, user, selectors.dossier_get(user=user, pk=pk))


def _detail_page(
    request: HttpRequest, user: Any, dossier: Dossier, *, step_form: StepForm | None = None, status: int = 200
) -> HttpResponseBase:
    """The dossier page; `step_form` is the bound "Thêm bước" form shown again with its errors (status 400/409)."""
    today = timezone.localdate()
    may_change = can(user, Action.CHANGE, dossier)
    steps = selectors.dossier_steps(dossier)
    if step_form is None:
        stages = selectors.stage_choices()
        codes = [code for code, _name in stages]
        after = codes.index(dossier.stage.code) + 1 if dossier.stage.code in codes else 0
        step_form = StepForm(stages=stages)  # offers the stage after the current one
        step_form.initial = {
            "started_on": today,
            "version": dossier.version,
            "stage": codes[min(after, len(codes) - 1)] if codes else "",
        }
    return render(
        request,
        "market_access/dossier_detail.html",
        {
            "title": dossier.title,
            "dossier": dossier,
            "steps": steps,
            "open_steps": [s for s in steps if s.completed_on is None],
            "next_due": due_text(dossier.next_step_due if dossier.status in ACTIVE else None, today),
            "agreements": list(selectors.dossier_agreements(user=user, dossier=dossier)),
            "may_change": may_change,
            "may_delete": can(user, Action.DELETE, dossier),
            "may_note": services.may_note(user, dossier),
            "step_form": step_form if may_change else None,
            "today": today,
            "events": audit_events_for(user=user, target=dossier),
        },
        status=status,
    )


@login_required
@require_POST
def dossier_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Soft delete by the owning province (the button asks first, data-confirm)."""
    user = signed_in(request)
    dossier = selectors.dossier_get(user=user, pk=pk, action=Action.DELETE)
    deleted = run_action(
        request,
        VersionForm(request.POST),
        lambda d: services.dossier_delete(actor=user, dossier_id=dossier.pk, expected_version=d["version"]),
        done=_("Đã xóa hồ sơ %(t)s.") % {"t": dossier.title},
    )
    return redirect("market_access:dossier_list" if deleted else dossier.get_absolute_url())


@login_required
@require_POST
def step_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    dossier = selectors.dossier_get(user=user, pk=pk, action=Action.CHANGE)
    form = StepForm(request.POST, stages=selectors.stage_choices())
    saved = save_form(
        request,
        form,
        lambda d: services.step_add(
            actor=user,
            dossier_id=dossier.pk,
            expected_version=d["version"],
            data=input_from(services.StepInput, d),
        ),
        done=_("Đã thêm bước."),
    )
    if saved.result is not None:
        return redirect(dossier)
    # the page again with the input kept, each error beside its field and a summary (400; 409 when stale)
    return _detail_page(request, user, dossier, step_form=form, status=saved.status)


@login_required
@require_POST
def step_complete(request: HttpRequest, pk: int, step_id: int) -> HttpResponseBase:
    user = signed_in(request)
    dossier = selectors.dossier_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        StepCompleteForm(request.POST),
        lambda d: services.step_complete(
            actor=user,
            dossier_id=dossier.pk,
            step_id=step_id,
            expected_version=d["version"],
            completed_on=d["completed_on"],
            note=d["note"],
        ),
        done=_("Đã ghi ngày hoàn thành."),
    )
    return redirect(dossier)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    dossier = selectors.dossier_get(user=user, pk=pk)
    if not services.may_note(user, dossier):
        raise Forbidden()
    run_action(
        request,
        NoteForm(request.POST),
        lambda d: services.note_add(actor=user, dossier_id=dossier.pk, text=d["text"], step_id=d["step"]),
        done=_("Đã lưu ghi chú."),
    )
    return redirect(dossier)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    dossier = selectors.dossier_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        DocumentForm(request.POST, request.FILES),
        lambda d: services.document_add(
            actor=user, dossier_id=dossier.pk, step_id=d["step"], upload=d["file"], label=d["label"]
        ),
        done=_("Đã tải tài liệu lên."),
    )
    return redirect(dossier)


@login_required
def document_download(request: HttpRequest, pk: int, document_id: int) -> HttpResponseBase:
    dossier = selectors.dossier_get(user=signed_in(request), pk=pk)
    stored = selectors.dossier_document(dossier=dossier, document_id=document_id)
    if stored is None:
        raise Http404()
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)


@login_required
def agreement_dossiers(request: HttpRequest, agreement_id: int) -> HttpResponseBase:
    """The fragment the agreement page loads (hx-get): the dossiers linked to it that the reader may see."""
    user = signed_in(request)
    dossiers = list(selectors.dossiers_for_agreement(user=user, agreement_id=agreement_id))
    return render(
        request,
        "market_access/partials/_linked_dossiers.html",
        {"dossiers": dossiers, "empty": _("Chưa có hồ sơ mở cửa thị trường nào gắn với thỏa thuận này.")},
    )
