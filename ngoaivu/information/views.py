"""Brief pages: the list (filters, sort, pages, xlsx), the brief (read tracking, useful/not useful, "Hỏi thêm",
versions, attachments, entities), the create/edit form and the publish/withdraw/delete buttons, a province's
subscriptions, the readership and usefulness of an organisation's briefs, and the fragment a request page loads."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ngoaivu.accounts.selectors import audit_events_for
from ngoaivu.accounts.web import signed_in
from ngoaivu.core.columns import xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.information import selectors, services
from ngoaivu.information.columns import BRIEF_COLUMNS, READERSHIP_COLUMNS, SUBSCRIPTION_COLUMNS
from ngoaivu.information.filters import BriefFilters
from ngoaivu.information.forms import (
    AttachmentForm,
    BriefForm,
    EntitiesForm,
    RatingForm,
    SubscriptionForm,
    VersionForm,
)
from ngoaivu.information.models import Brief


def _tabs(user: Any) -> list[dict[str, str]]:
    tabs = []
    if services.may_create(user):
        tabs += [
            {"url": reverse("information:brief_create"), "label": _("Soạn bản tin")},
            {"url": reverse("information:readership"), "label": _("Mức độ quan tâm, hữu ích")},
        ]
    if user.scope.is_province:
        tabs.append({"url": reverse("information:subscriptions"), "label": _("Đăng ký nhận bản tin")})
    return tabs


def _filter_fields(filters: BriefFilters, *, province: bool = True) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = [
        {"name": "q", "label": _("Tìm kiếm"), "type": "search", "current": filters.q},
        {"name": "kind", "label": _("Loại"), "choices": selectors.kind_choices(), "current": filters.kind},
        {
            "name": "country",
            "label": _("Quốc gia"),
            "choices": directory.country_code_choices(foreign_only=True),
            "current": filters.country,
        },
        {
            "name": "field",
            "label": _("Lĩnh vực"),
            "choices": selectors.field_choices(),
            "current": filters.field,
        },
        {
            "name": "product",
            "label": _("Sản phẩm (chương HS)"),
            "choices": selectors.product_choices(),
            "current": filters.product,
        },
    ]
    if province:
        fields.append(
            {
                "name": "province",
                "label": _("Gửi tới tỉnh"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            }
        )
    fields += [
        {
            "name": "author",
            "label": _("Đơn vị phát hành"),
            "choices": selectors.author_choices(),
            "current": filters.author,
        },
        {
            "name": "validity",
            "label": _("Hiệu lực"),
            "choices": [("valid", _("Còn giá trị")), ("expired", _("Đã hết giá trị"))],
            "current": filters.validity,
        },
        {
            "name": "status",
            "label": _("Tình trạng"),
            "choices": [*Brief.Status.choices, ("all", _("Tất cả, kể cả đã thu hồi"))],
            "current": filters.status,
        },
    ]
    return fields


@login_required
def brief_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(BriefFilters, request.GET).filters
    return list_page(
        request,
        title=_("Bản tin thông tin, tham mưu"),
        filters_schema=BriefFilters,
        queryset=lambda f: selectors.brief_list(user=user, filters=f),
        columns=BRIEF_COLUMNS,
        export_stem="ban-tin",
        filter_fields=_filter_fields(filters),
        actions=_tabs(user),
    )


@login_required
def readership(request: HttpRequest) -> HttpResponseBase:
    """A mission's (or the ministry's) issued briefs: how many provinces opened each, and how useful they found it."""
    user = signed_in(request)
    if not services.may_create(user):
        raise Forbidden()
    filters = parse_filters(BriefFilters, request.GET).filters
    return list_page(
        request,
        title=_("Bản tin của đơn vị: số tỉnh đã mở và mức độ hữu ích"),
        filters_schema=BriefFilters,
        queryset=lambda f: selectors.readership(user=user, filters=f),
        columns=READERSHIP_COLUMNS,
        export_stem="ban-tin-muc-do-quan-tam",
        filter_fields=_filter_fields(filters),
        actions=[{"url": reverse("information:brief_list"), "label": _("Tất cả bản tin")}],
    )


def _choices() -> dict[str, list[tuple[Any, str]]]:
    return {
        "kind": selectors.kind_choices(),
        "countries": directory.country_code_choices(foreign_only=True),
        "sectors": selectors.field_choices(),
        "products": selectors.product_choices(),
        "fta": selectors.fta_choices(),
        "region": selectors.region_choices(),
        "provinces": directory.province_code_choices(),
    }


def _route(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service names the cooperation fields `fields`; the form, `sectors`."""
    return {("sectors" if k == "fields" else k): v for k, v in errors.items()}


def _input(d: dict[str, Any]) -> services.BriefInput:
    return input_from(
        services.BriefInput,
        d,
        countries=tuple(d["countries"]),
        fields=tuple(d["sectors"]),
        products=tuple(d["products"]),
        provinces=tuple(d["provinces"]),
        fta=d["fta"] or "",
        region=d["region"] or "",
    )


@login_required
def brief_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    brief = None
    initial: dict[str, Any] = {"audience": "all"}
    if pk is not None:
        brief = selectors.brief_get(user=user, pk=pk, action=Action.CHANGE)
        data = services.brief_input_of(brief)
        initial = {**data.__dict__, "version": brief.version}
        initial = {k: list(v) if isinstance(v, tuple) else v for k, v in initial.items()}
        initial["sectors"] = initial.pop("fields")
    elif not services.may_create(user):
        raise Forbidden()
    form = BriefForm(request.POST or None, initial=initial, choices=_choices())

    def save(d: dict[str, Any]) -> Brief:
        if brief is None:
            return services.brief_create(actor=user, data=_input(d))
        return services.brief_update(
            actor=user, brief_id=brief.pk, expected_version=d["version"], data=_input(d)
        )

    saved = save_form(request, form, save, done=_("Đã lưu bản tin."), route_errors=_route)
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Soạn bản tin") if brief is None else _("Sửa: %(t)s") % {"t": brief.title}
    back = reverse("information:brief_list") if brief is None else brief.get_absolute_url()
    notes = [_("Tệp đính kèm được thêm trên trang của bản tin, sau khi lưu.")]
    if brief is not None and brief.status == Brief.Status.PUBLISHED:
        notes.insert(
            0,
            _(
                "Bản tin đã phát hành: nội dung trước khi sửa và những gì thay đổi (nơi nhận, quốc gia, lĩnh vực, "
                "sản phẩm…) được lưu thành một phiên bản."
            ),
        )
    note = " ".join(str(n) for n in notes)
    return render(
        request,
        "information/brief_form.html",
        {"title": title, "form": form, "back": back, "note": note},
        status=saved.status,
    )


@login_required
def brief_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk)
    services.mark_read(actor=user, brief=brief)
    return _detail_page(request, user, brief)


def _detail_page(
    request: HttpRequest, user: Any, brief: Brief, *, rating_form: RatingForm | None = None, status: int = 200
) -> HttpResponseBase:
    may_change = can(user, Action.CHANGE, brief)
    own = selectors.own_rating(user=user, brief=brief)
    may_rate = services.may_rate(user) and brief.status == Brief.Status.PUBLISHED
    if rating_form is None and may_rate:
        rating_form = RatingForm(
            initial={
                "useful": "1" if own is None or own.useful else "0",
                "comment": own.comment if own else "",
            }
        )
    figures = selectors.brief_readership(user=user, brief=brief)
    entities = selectors.brief_entities(brief) if may_change or user.scope.is_ministry else []
    return render(
        request,
        "information/brief_detail.html",
        {
            "title": brief.title,
            "brief": brief,
            "may_change": may_change,
            "may_publish": may_change and brief.status == Brief.Status.DRAFT,
            "may_withdraw": may_change and brief.status == Brief.Status.PUBLISHED,
            "may_delete": may_change and brief.status == Brief.Status.DRAFT,
            "may_ask": services.may_ask(user) and brief.status == Brief.Status.PUBLISHED,
            "rating_form": rating_form if may_rate else None,
            "own_rating": own,
            "ratings": selectors.brief_ratings(user=user, brief=brief),
            "figures": figures,
            "versions": selectors.brief_versions(brief),
            "attachments": selectors.brief_attachments(brief),
            "questions": selectors.brief_questions(user=user, brief=brief),
            "entities": entities,
            "may_decide": may_change,
            "events": audit_events_for(user=user, target=brief),
        },
        status=status,
    )


def _button(request: HttpRequest, pk: int, do: Any, done: str) -> HttpResponseBase:
    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        VersionForm(request.POST),
        lambda d: do(actor=user, brief_id=brief.pk, expected_version=d["version"]),
        done=done,
    )
    return redirect(brief)


@login_required
@require_POST
def brief_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _button(request, pk, services.brief_publish, _("Đã phát hành bản tin."))


@login_required
@require_POST
def brief_withdraw(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _button(request, pk, services.brief_withdraw, _("Đã thu hồi bản tin."))


@login_required
@require_POST
def brief_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk, action=Action.DELETE)
    deleted = run_action(
        request,
        VersionForm(request.POST),
        lambda d: services.brief_delete(actor=user, brief_id=brief.pk, expected_version=d["version"]),
        done=_("Đã xóa bản tin dự thảo."),
    )
    return redirect("information:brief_list" if deleted else brief.get_absolute_url())


@login_required
@require_POST
def brief_rate(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk)
    if not services.may_rate(user):
        raise Forbidden()
    form = RatingForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda d: services.brief_rate(
            actor=user, brief_id=brief.pk, useful=d["useful"], comment=d["comment"]
        ),
        done=_("Đã ghi đánh giá của đơn vị."),
    )
    if saved.result is not None:
        return redirect(brief)
    return _detail_page(request, user, brief, rating_form=form, status=saved.status)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        AttachmentForm(request.POST, request.FILES),
        lambda d: services.attachment_add(actor=user, brief_id=brief.pk, upload=d["file"]),
        done=_("Đã tải tệp lên."),
    )
    return redirect(brief)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    brief = selectors.brief_get(user=signed_in(request), pk=pk)
    stored = selectors.brief_attachment(brief=brief, attachment_id=attachment_id)
    if stored is None:
        raise Http404()
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)


@login_required
@require_POST
def entities_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk, action=Action.CHANGE)
    ids = [e.pk for e in selectors.brief_entities(brief)]
    run_action(
        request,
        EntitiesForm(request.POST, ids=ids),
        lambda d: services.entities_decide(
            actor=user, brief_id=brief.pk, confirm=set(d["confirm"]), reject=set(d["reject"])
        ),
        done=_("Đã ghi quyết định về các đề xuất."),
    )
    return redirect(brief)


@login_required
def brief_ask(request: HttpRequest, pk: int) -> HttpResponseBase:
    """ "Hỏi thêm": the requests app's form, prefilled to the brief's author; saved as a draft request linked to
    the brief (the province reviews it and sends it from the request's page, as any draft)."""
    from ngoaivu.directory.filters import CountryFilters
    from ngoaivu.requests import selectors as request_selectors
    from ngoaivu.requests import services as request_services
    from ngoaivu.requests.forms import RequestForm

    user = signed_in(request)
    brief = selectors.brief_get(user=user, pk=pk)
    if not services.may_ask(user) or brief.status != Brief.Status.PUBLISHED:
        raise Forbidden()
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        initial=services.ask_initial(actor=user, brief=brief),
        categories=[(c.code, c.name) for c in request_selectors.category_list()],
        recipients=request_selectors.recipient_choices(),
        countries=[(c.iso2, c.name_vi) for c in directory.country_list(filters=CountryFilters())],
    )
    form.fields.pop("market_dossiers")
    form.fields.pop("from_ask")
    saved = save_form(
        request,
        form,
        lambda d: services.ask_more(
            actor=user,
            brief_id=brief.pk,
            data=input_from(
                request_services.DraftInput,
                d,
                target_countries=tuple(d["target_countries"]),
            ),
            attachments=d["attachments"],
        ),
        done=_("Đã lưu dự thảo đặt hàng gắn với bản tin. Kiểm tra lại rồi bấm “Trình/Gửi”."),
    )
    if saved.result is not None:
        return redirect(saved.result)
    return render(
        request,
        "information/brief_ask.html",
        {"title": _("Hỏi thêm về bản tin"), "form": form, "brief": brief},
        status=saved.status,
    )


@login_required
def request_briefs(request: HttpRequest, request_id: int) -> HttpResponseBase:
    """The fragment a request page loads (hx-get): the briefs the request was asked from."""
    briefs = selectors.briefs_for_request(user=signed_in(request), request_id=request_id)
    return render(request, "information/partials/_request_briefs.html", {"briefs": briefs})


def _subscription_choices() -> dict[str, list[tuple[Any, str]]]:
    return {
        "countries": directory.country_code_choices(foreign_only=True),
        "sectors": selectors.field_choices(),
        "products": selectors.product_choices(),
    }


@login_required
def subscriptions(request: HttpRequest) -> HttpResponseBase:
    """A province's subscriptions: the list, and a form to add one (its officers)."""
    user = signed_in(request)
    if not user.scope.is_province:
        raise Forbidden()
    may_edit = services.may_subscribe(user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            selectors.subscription_list(user=user).iterator(chunk_size=500),
            SUBSCRIPTION_COLUMNS,
            title=_("Đăng ký nhận bản tin"),
            filename_stem="dang-ky-ban-tin",
        )
    form = SubscriptionForm(request.POST or None, choices=_subscription_choices())
    if request.method == "POST":
        if not may_edit:
            raise Forbidden()
        saved = save_form(
            request,
            form,
            lambda d: services.subscription_create(
                actor=user,
                data=services.SubscriptionInput(
                    name=d["name"],
                    countries=tuple(d["countries"]),
                    fields=tuple(d["sectors"]),
                    products=tuple(d["products"]),
                ),
            ),
            done=_("Đã đăng ký nhận bản tin."),
            route_errors=_route,
        )
        if saved.result is not None:
            return redirect("information:subscriptions")
        status = saved.status
    else:
        status = 200
    return render(
        request,
        "information/subscriptions.html",
        {
            "title": _("Đăng ký nhận bản tin của đơn vị"),
            "subscriptions": list(selectors.subscription_list(user=user)),
            "form": form if may_edit else None,
        },
        status=status,
    )


@login_required
@require_POST
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    run_action(
        request,
        VersionForm(request.POST),
        lambda d: services.subscription_delete(actor=user, subscription_id=pk),
        done=_("Đã hủy đăng ký."),
    )
    return redirect("information:subscriptions")
