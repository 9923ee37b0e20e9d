from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.web import int_or_none, is_htmx, list_page, run_action, save_form
from ngoaivu.delegations import services as delegation_services
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.filters import CountryFilters, ProvinceFilters
from ngoaivu.market_access import selectors as market_access
from ngoaivu.requests import selectors, services
from ngoaivu.requests.columns import REQUEST_COLUMNS, RESPONSIVENESS_COLUMNS
from ngoaivu.requests.filters import RequestFilters
from ngoaivu.requests.forms import ActionForm, CategoryForm, RequestForm
from ngoaivu.requests.models import Attachment, Category, Recipient, ServiceRequest, max_length
from ngoaivu.requests.progress import PARTLY_ANSWERED
from ngoaivu.requests.rules import ACTION_LABELS, ALL_ACTIONS, CONFIRMED_ACTIONS

BOX_TITLES = {
    "inbox": gettext_lazy("Hộp thư đến"),
    "sent": gettext_lazy("Đặt hàng đã gửi"),
    "overdue": gettext_lazy("Quá hạn"),
    "all": gettext_lazy("Tất cả đặt hàng"),
}


@login_required
def request_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(RequestFilters, request.GET).filters
    box = filters.box or (
        "sent" if user.scope.is_province else "inbox" if not user.scope.is_national else "all"
    )
    if not filters.box:
        params = request.GET.copy()
        params["box"] = box
        request.GET = params  # type: ignore[assignment]
    # the request's states then its parts' (one "Đã đóng": both lists have "closed")
    statuses = [
        *ServiceRequest.Status.choices,
        (PARTLY_ANSWERED, _("Đã trả lời một phần")),
        *((v, label) for v, label in Recipient.Status.choices if v not in ServiceRequest.Status.values),
    ]
    actions = [{"url": f"?box={b}", "label": t} for b, t in BOX_TITLES.items() if b != box]
    if user.scope.is_province and user.scope.can_write:
        actions.insert(0, {"url": reverse("requests:request_create"), "label": _("Soạn đặt hàng")})
    actions.append({"url": reverse("requests:categories"), "label": _("Thời hạn theo lĩnh vực")})
    return list_page(
        request,
        title=f"{_('Đặt hàng')} — {BOX_TITLES[box]}",
        filters_schema=RequestFilters,
        queryset=lambda f: selectors.request_list(user=user, filters=f),
        columns=REQUEST_COLUMNS,
        export_stem=f"dat-hang-{box}",
        filter_fields=[
            {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
            {"name": "box", "label": _("Hộp"), "choices": list(BOX_TITLES.items()), "current": box},
            {"name": "status", "label": _("Trạng thái"), "choices": statuses, "current": filters.status},
            {
                "name": "category",
                "label": _("Lĩnh vực"),
                "choices": [(c.code, c.name) for c in selectors.category_list()],
                "current": filters.category,
            },
            {
                "name": "recipient",
                "label": _("Nơi nhận"),
                "choices": selectors.recipient_choices(),
                "current": filters.recipient,
            },
            {
                "name": "province",
                "label": _("Tỉnh gửi"),
                "choices": [(p.code, p.name) for p in directory.province_list(filters=ProvinceFilters())],
                "current": filters.province,
            },
            {"name": "date_from", "label": _("Gửi từ ngày"), "type": "date", "current": filters.date_from},
            {"name": "date_to", "label": _("Đến ngày"), "type": "date", "current": filters.date_to},
            {
                "name": "rating",
                "label": _("Đánh giá"),
                "choices": [(i, f"{i}/5") for i in range(1, 6)],
                "current": filters.rating,
            },
        ],
        actions=actions,
    )


def _form_choices() -> dict[str, Any]:
    return {
        "categories": [(c.code, c.name) for c in selectors.category_list()],
        "recipients": selectors.recipient_choices(),
        "countries": [(c.iso2, c.name_vi) for c in directory.country_list(filters=CountryFilters())],
    }


def _missions() -> list[tuple[str, str]]:
    """The missions a request can be forwarded or handed over to (the action form's choices)."""
    return [(c, n) for c, n in selectors.recipient_choices() if c.startswith("cqdd-")]


def _from_visit_ask(user: User, raw: str | None) -> dict[str, Any]:
    """A draft started from an ask raised during a leader's working visit (404 if the ask is not one of the
    user's province's visits)."""
    ask_id = int_or_none(raw)
    if ask_id is None:
        return {}
    ask = delegation_services.visit_ask_for_request(actor=user, ask_id=ask_id)
    visit = ask.visit
    return {
        "title": ask.text[: max_length(ServiceRequest, "title")],
        "description": _("Đề nghị của tỉnh tại buổi làm việc với %(l)s ngày %(d)s: %(t)s")
        % {"l": visit.ministry_leaders, "d": visit.starts_on.strftime("%d/%m/%Y"), "t": ask.text},
        "from_ask": ask.pk,
        "recipients": ["mofa"],
    }


@login_required
def request_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    req = None
    initial: dict[str, Any] = {"priority": "normal"}
    if pk is not None:
        req = get_for_action(ServiceRequest, user, Action.CHANGE, pk=pk)
        if req.owner_org_id != user.scope.org_id:
            raise Forbidden()
        if req.status != ServiceRequest.Status.DRAFT:
            raise StateConflict(
                _("Chỉ sửa được đặt hàng ở trạng thái “Dự thảo” (hiện tại: %(s)s).")
                % {"s": req.get_status_display()}
            )
        initial = {
            "title": req.title,
            "category": req.category.code,
            "description": req.description,
            "desired_result": req.desired_result,
            "recipients": req.draft_recipients,
            "target_countries": [c.iso2 for c in req.target_countries.all()],
            "priority": req.priority,
            "wished_date": req.wished_date,
            "shared": req.shared,
            "version": req.version,
            "market_dossiers": list(req.market_dossiers.values_list("pk", flat=True)),
        }
    elif not (user.scope.is_province and user.scope.can_write):
        raise Forbidden()
    else:
        initial = {**initial, **_from_visit_ask(user, request.GET.get("from_ask"))}
    form = RequestForm(request.POST or None, request.FILES or None, initial=initial, **_form_choices())
    form.fields["market_dossiers"].choices = market_access.dossier_choices(user=user)  # type: ignore[attr-defined]
    request_id = req.pk if req else None
    saved = save_form(
        request,
        form,
        lambda d: services.draft_save(
            actor=user,
            request_id=request_id,
            expected_version=d["version"],
            data=input_from(
                services.DraftInput,
                d,
                target_countries=tuple(d["target_countries"]),
                visit_ask_id=d.get("from_ask"),
                market_dossier_ids=tuple(d["market_dossiers"]),
            ),
            attachments=d["attachments"],
        ),
        done=_("Đã lưu dự thảo. Kiểm tra lại rồi bấm “Trình/Gửi”."),
    )
    if saved.ok and saved.result is not None:
        return redirect(saved.result)
    similar = selectors.similar_requests(
        user=user,
        text=str(form["title"].value() or ""),
        category=str(form["category"].value() or "") or None,
        exclude_pk=req.pk if req else None,
    )
    title = _("Soạn đặt hàng") if req is None else _("Sửa dự thảo %(t)s") % {"t": req.title}
    return render(
        request,
        "requests/request_form.html",
        {"title": title, "form": form, "req": req, "similar": similar},
        status=saved.status,
    )


@login_required
def similar_panel(request: HttpRequest) -> HttpResponseBase:
    """HTMX fragment: earlier requests like the one being drafted."""
    similar = selectors.similar_requests(
        user=signed_in(request),
        text=request.GET.get("title", "")[: max_length(ServiceRequest, "title")],
        category=request.GET.get("category") or None,
    )
    return render(request, "requests/partials/_similar.html", {"similar": similar})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    req = selectors.request_get(user=user, pk=pk)
    today = timezone.localdate()
    parts = [(p, due_text(p.answer_due if p.is_open else None, today)) for p in req.recipients.all()]
    unsent = req.status in (ServiceRequest.Status.DRAFT, ServiceRequest.Status.PENDING_APPROVAL)
    return render(
        request,
        "requests/request_detail.html",
        {
            "title": str(req),
            "req": req,
            "parts": parts,
            "draft_recipients": selectors.organisation_names(req.draft_recipients or []) if unsent else [],
            "events": selectors.request_history(request=req),
            "actions": [
                {"code": a, "label": ACTION_LABELS[a], "confirm": _confirmation(a, req)}
                for a in selectors.available_actions(user=user, req=req)
            ],
            "form": ActionForm(missions=_missions()),
            "assignees": _assignees(user),
            "market_dossiers": list(
                market_access.dossiers_by_ids(user=user, ids=req.market_dossiers.values("pk"))
            ),
        },
    )


@login_required
def dossier_requests(request: HttpRequest, dossier_id: int) -> HttpResponseBase:
    """HTMX fragment the market-access dossier page loads: the requests linked to the dossier that the reader
    may see (404 for a dossier out of the reader's scope)."""
    user = signed_in(request)
    dossier = market_access.dossier_get(user=user, pk=dossier_id)
    linked = ServiceRequest.market_dossiers.through.objects.filter(dossier_id=dossier.pk)
    rows = (
        ServiceRequest.objects.visible_to(user, Action.VIEW)
        .filter(pk__in=linked.values("servicerequest_id"))
        .order_by("-sent_at", "-pk")
    )
    return render(request, "requests/partials/_dossier_requests.html", {"linked_requests": list(rows)})


@login_required
def request_shared(request: HttpRequest, pk: int) -> HttpResponseBase:
    """What another province shared: the request and its answers, nothing of its internal handling."""
    user = signed_in(request)
    req, answered = selectors.shared_request_get(user=user, pk=pk)
    return render(
        request,
        "requests/request_shared.html",
        {"title": str(req), "req": req, "answered": answered},
    )


def _confirmation(action: str, req: ServiceRequest) -> str:
    """The question a step that cannot be undone asks before it posts (app.js reads `data-confirm`)."""
    if action not in CONFIRMED_ACTIONS:
        return ""
    record = req.number or f"“{req.title}”"
    if (
        action == "withdraw" and req.number is None
    ):  # a draft, or one waiting for approval: nobody received it
        return _("Rút dự thảo %(r)s? Dự thảo sẽ không gửi được nữa; không hoàn tác được.") % {"r": record}
    questions = {
        "withdraw": _("Rút đặt hàng %(r)s? Các nơi nhận sẽ ngừng xử lý; không hoàn tác được."),
        "decline": _("Từ chối đặt hàng %(r)s? Tỉnh gửi sẽ nhận lý do từ chối; không hoàn tác được."),
        "close": _("Đóng đặt hàng %(r)s? Các phần việc chưa xong sẽ đóng lại; không hoàn tác được."),
        "merge": _("Gộp đặt hàng %(r)s vào đặt hàng trùng? Đặt hàng này sẽ đóng; không hoàn tác được."),
        "return": _("Trả lại dự thảo %(r)s cho người soạn?"),
    }
    return questions[action] % {"r": record}


def _assignees(user: User) -> list[User]:
    if not user.scope.org_id:
        return []
    return list(User.objects.filter(organisation_id=user.scope.org_id, is_active=True).order_by("username"))


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in ALL_ACTIONS:
        raise Http404()
    user = signed_in(request)
    form = ActionForm(request.POST, request.FILES, missions=_missions())
    run_action(
        request,
        form,
        lambda d: services.request_step(
            actor=user,
            request_id=pk,
            action=action,
            expected_version=d["version"],
            data=input_from(services.ActionInput, d),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]},
    )
    return redirect("requests:request_detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    req = selectors.request_get(user=signed_in(request), pk=pk)
    att = Attachment.objects.filter(pk=attachment_id, request=req).first()
    if att is None:
        raise Http404()
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@login_required
def responsiveness(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    try:
        date_from = dt.date.fromisoformat(request.GET.get("date_from") or f"{today.year}-01-01")
        date_to = dt.date.fromisoformat(request.GET.get("date_to") or today.isoformat())
    except ValueError:
        date_from, date_to = dt.date(today.year, 1, 1), today
        messages.error(request, _("Ngày không hợp lệ; đang hiển thị từ đầu năm đến hôm nay."))
    figures = selectors.responsiveness(user=signed_in(request), date_from=date_from, date_to=date_to)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            figures["units"],
            RESPONSIVENESS_COLUMNS,
            title=_("Mức độ đáp ứng"),
            filename_stem="muc-do-dap-ung",
        )
    template = (
        "requests/partials/_responsiveness.html" if is_htmx(request) else "requests/responsiveness.html"
    )
    unit_rows = [
        [_figure(col.value(u)) or col.display(u) for col in RESPONSIVENESS_COLUMNS] for u in figures["units"]
    ]
    return render(
        request,
        template,
        {
            "title": _("Mức độ đáp ứng đặt hàng"),
            "date_from": date_from,
            "date_to": date_to,
            **figures,
            "unit_rows": unit_rows,
            "columns": RESPONSIVENESS_COLUMNS,
        },
    )


def _figure(value: Any) -> str:
    """A decimal figure as the page writes it: a decimal comma ("87,5"); other cells as their column shows them."""
    return number_format(value, decimal_pos=None, use_l10n=True) if isinstance(value, float) else ""


@login_required
def categories(request: HttpRequest) -> HttpResponseBase:
    """SLA policies per category: everyone reads them; site administrators change them."""
    user = signed_in(request)
    if request.method == "POST":
        run_action(
            request,
            CategoryForm(request.POST),
            lambda d: services.category_update(
                actor=user,
                code=d["code"],
                changes={
                    "ack_days": int_or_none(d["ack_days"]),
                    "answer_days": int_or_none(d["answer_days"]),
                    "rating_days": int_or_none(d["rating_days"]),
                    "is_active": d["is_active"] == "on",
                },
            ),
            done=_("Đã lưu. Hạn mới áp dụng cho đặt hàng gửi từ nay."),
        )
        return redirect("requests:categories")
    return render(
        request,
        "requests/categories.html",
        {
            "title": _("Lĩnh vực và thời hạn đặt hàng"),
            "categories": Category.objects.order_by("sort_order", "pk"),
            "can_edit": user.scope.is_site_admin,
        },
    )
