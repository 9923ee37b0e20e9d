"""Partner-search pages: the list (filters, sort, pages, xlsx), the search with its proposals and suggestions,
the create/edit form, posting and closing, proposing and moving candidates, and the funnel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.web import signed_in
from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.core.exceptions import Forbidden
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.models import Partner
from ngoaivu.partnering import selectors, services
from ngoaivu.partnering.columns import SEARCH_COLUMNS
from ngoaivu.partnering.filters import FUNNEL_STAGES, SearchFilters
from ngoaivu.partnering.forms import CloseForm, MoveForm, ProposalForm, SearchForm, VersionForm, WeightForm
from ngoaivu.partnering.models import PartnerSearch, Proposal, SuggestionWeight
from ngoaivu.partnering.suggestions import suggestions_for

STAGE_LABELS = {
    "posted": gettext_lazy("Đã đăng"),
    "proposed": gettext_lazy("Có ứng viên"),
    "contacted": gettext_lazy("Đã liên hệ"),
    "met": gettext_lazy("Đã gặp"),
    "agreement": gettext_lazy("Có thỏa thuận"),
}


def _tabs(user: Any) -> list[dict[str, str]]:
    actions = []
    if services.may_create(user):
        actions.append({"url": reverse("partnering:search_create"), "label": _("Đăng tìm kiếm đối tác")})
    return [
        *actions,
        {"url": reverse("partnering:search_funnel"), "label": _("Kết quả kết nối (phễu)")},
        {"url": reverse("partnering:search_list") + "?state=open", "label": _("Đang tìm")},
    ]


@login_required
def search_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(SearchFilters, request.GET).filters
    return list_page(
        request,
        title=_("Tìm kiếm đối tác"),
        filters_schema=SearchFilters,
        queryset=lambda f: selectors.search_list(user=user, filters=f),
        columns=SEARCH_COLUMNS,
        export_stem="tim-kiem-doi-tac",
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
                "name": "field",
                "label": _("Lĩnh vực"),
                "choices": selectors.field_choices(),
                "current": filters.field,
            },
            {
                "name": "kind",
                "label": _("Loại đối tác"),
                "choices": PartnerSearch.PartnerKind.choices,
                "current": filters.kind,
            },
            {
                "name": "state",
                "label": _("Trạng thái"),
                "choices": PartnerSearch.State.choices,
                "current": filters.state,
            },
            {
                "name": "direction",
                "label": _("Chiều tìm kiếm"),
                "choices": PartnerSearch.Direction.choices,
                "current": filters.direction,
            },
            {
                "name": "until_after",
                "label": _("Còn tìm đến ít nhất ngày"),
                "type": "date",
                "current": filters.until_after,
            },
        ],
        actions=_tabs(user),
    )


def _directions(user: Any) -> list[tuple[str, Any]]:
    out = []
    if services.may_create_outbound(user):
        out.append((PartnerSearch.Direction.OUTBOUND.value, PartnerSearch.Direction.OUTBOUND.label))
    if services.may_create_inbound(user):
        out.append((PartnerSearch.Direction.INBOUND.value, PartnerSearch.Direction.INBOUND.label))
    return out


def _input(data: dict[str, Any]) -> services.SearchInput:
    return services.SearchInput(
        direction=data["direction"],
        title=data["title"],
        partner_kind=data["partner_kind"],
        wants=data["wants"],
        offers=data["offers"],
        countries=tuple(data["countries"]),
        fields=tuple(data["fields"]),
        open_until=data["open_until"],
        visibility=data["visibility"],
        seeker=data["seeker"],
    )


@login_required
def search_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    search = None
    initial: dict[str, Any] = {"visibility": "shared"}
    if pk is not None:
        search = selectors.search_get(user=user, pk=pk, action=Action.CHANGE)
        current = services.search_input_of(search)
        initial = {**current.__dict__, "version": search.version}
        directions = [(search.direction, search.get_direction_display())]
    else:
        directions = _directions(user)
        if not directions:
            raise Forbidden()
    choices: dict[str, list[tuple[Any, str]]] = {
        "countries": directory.country_code_choices(foreign_only=True),
        "fields": selectors.field_choices(),
        "seeker": selectors.partner_choices(user=user, shared_only=True)
        if any(d == "inbound" for d, _l in directions)
        else [],
    }
    form = SearchForm(request.POST or None, initial=initial, choices=choices, directions=directions)

    def save(data: dict[str, Any]) -> PartnerSearch:
        if search is None:
            return services.search_create(actor=user, data=_input(data))
        return services.search_update(
            actor=user, search_id=search.pk, expected_version=data["version"], data=_input(data)
        )

    saved = save_form(request, form, save, done=_("Đã lưu tìm kiếm đối tác."))
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Đăng tìm kiếm đối tác") if search is None else _("Sửa: %(t)s") % {"t": search.title}
    back = reverse("partnering:search_list") if search is None else search.get_absolute_url()
    return render(
        request,
        "partnering/search_form.html",
        {"title": title, "form": form, "back": back},
        status=saved.status,
    )


@login_required
def search_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    search = selectors.search_get(user=user, pk=pk)
    may_change = can(user, Action.CHANGE, search)
    may_propose = services.may_propose(user, search)
    proposals = selectors.search_proposals(search, user=user)
    moves = (
        {p.pk: [(s, Proposal.State(s).label) for s in _moves_of(p)] for p in proposals}
        if may_change and search.state == PartnerSearch.State.OPEN
        else {}
    )
    return render(
        request,
        "partnering/search_detail.html",
        {
            "title": search.title,
            "search": search,
            "proposals": [(p, moves.get(p.pk, [])) for p in proposals],
            "suggestions": suggestions_for(user=user, search=search) if search.state != "closed" else [],
            "outcome": selectors.outcome_agreement(user=user, search=search),
            "may_change": may_change and search.state != PartnerSearch.State.CLOSED,
            "may_delete": can(user, Action.DELETE, search),
            "may_propose": may_propose,
            "may_close": may_change and search.state == PartnerSearch.State.OPEN,
            "agreements": selectors.agreement_choices(user=user, search=search)
            if may_change and search.state == PartnerSearch.State.OPEN
            else [],
            "partners": selectors.partner_choices(user=user, search=search)
            if may_propose and search.direction == "outbound"
            else [],
            "provinces": directory.province_code_choices() if may_propose else [],
            "new_kinds": Partner.Kind.choices,
            "countries": directory.country_code_choices(foreign_only=True) if may_propose else [],
            "today": timezone.localdate(),
            "events": selectors.search_history(user=user, search=search),
        },
    )


def _moves_of(p: Proposal) -> list[str]:
    nxt = services.NEXT_STATE.get(Proposal.State(p.state))
    if nxt is None:
        return []
    return [nxt.value, Proposal.State.DECLINED.value]


@login_required
@require_POST
def search_open(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    search = selectors.search_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        VersionForm(request.POST),
        lambda d: services.search_open(actor=user, search_id=search.pk, expected_version=d["version"]),
        done=_("Đã đăng tìm kiếm."),
    )
    return redirect(search)


@login_required
@require_POST
def search_close(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    search = selectors.search_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        CloseForm(request.POST),
        lambda d: services.search_close(
            actor=user,
            search_id=search.pk,
            expected_version=d["version"],
            agreement_id=d["agreement"],
            reason=d["reason"],
            closed_on=d["closed_on"],
        ),
        done=_("Đã đóng tìm kiếm."),
    )
    return redirect(search)


@login_required
@require_POST
def search_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    search = selectors.search_get(user=user, pk=pk, action=Action.DELETE)
    deleted = run_action(
        request,
        VersionForm(request.POST),
        lambda d: services.search_delete(actor=user, search_id=search.pk, expected_version=d["version"]),
        done=_("Đã xóa tìm kiếm %(t)s.") % {"t": search.title},
    )
    return redirect("partnering:search_list" if deleted else search.get_absolute_url())


@login_required
@require_POST
def proposal_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    search = selectors.search_get(user=user, pk=pk)
    if not services.may_propose(user, search):
        raise Forbidden()
    run_action(
        request,
        ProposalForm(request.POST),
        lambda d: services.proposal_create(
            actor=user,
            search_id=search.pk,
            expected_version=d["version"],
            data=services.ProposalInput(
                partner=d["partner"],
                province=d["province"],
                new_name=d["new_name"],
                new_kind=d["new_kind"],
                new_country=d["new_country"],
                note=d["note"],
                from_suggestion=d["from_suggestion"],
            ),
        ),
        done=_("Đã đề xuất ứng viên."),
    )
    return redirect(search)


@login_required
@require_POST
def proposal_move(request: HttpRequest, pk: int, proposal_id: int) -> HttpResponseBase:
    user = signed_in(request)
    search = selectors.search_get(user=user, pk=pk, action=Action.CHANGE)
    run_action(
        request,
        MoveForm(request.POST),
        lambda d: services.proposal_move(
            actor=user,
            search_id=search.pk,
            proposal_id=proposal_id,
            expected_version=d["version"],
            to=d["to"],
            on=d["on"],
            reason=d["reason"],
        ),
        done=_("Đã chuyển trạng thái ứng viên."),
    )
    return redirect(search)


def _stage_count(stage: str) -> Callable[[Any], int]:
    def count(row: Any) -> int:
        return int(row[1].counts[stage])

    return count


def _funnel_columns() -> list[Column]:
    return [
        Column("by", _("Theo"), lambda r: r[0]),
        Column("label", _("Tên"), lambda r: r[1].label),
        *[Column(s, STAGE_LABELS[s], _stage_count(s)) for s in FUNNEL_STAGES],
    ]


@login_required
def search_funnel(request: HttpRequest) -> HttpResponseBase:
    """The funnel per province, country and mission; each number links to the filtered list."""
    user = signed_in(request)
    data = selectors.funnel(user=user)
    groups = [
        (_("Tỉnh, thành phố"), "province", data.provinces),
        (_("Quốc gia"), "country", data.countries),
        (_("Cơ quan đại diện"), "mission", data.missions),
    ]
    if request.GET.get("format") == "xlsx":
        rows = [(str(_("Tổng")), data.total)] + [(str(g), r) for g, _k, rows in groups for r in rows]
        return xlsx_response(
            rows, _funnel_columns(), title=_("Kết quả kết nối đối tác"), filename_stem="phieu-ket-noi"
        )
    base = reverse("partnering:search_list")
    return render(
        request,
        "partnering/funnel.html",
        {
            "title": _("Kết quả kết nối đối tác: đăng → đề xuất → liên hệ → gặp → thỏa thuận"),
            "stages": [(s, STAGE_LABELS[s]) for s in FUNNEL_STAGES],
            "total": data.total,
            "groups": groups,
            "list_url": base,
            "actions": _tabs(user),
        },
    )


@login_required
def weights(request: HttpRequest) -> HttpResponseBase:
    """The suggestion score's weights: everyone reads them (the score is transparent); site administrators
    change them."""
    user = signed_in(request)
    if request.method == "POST":
        run_action(
            request,
            WeightForm(request.POST),
            lambda d: services.weight_update(actor=user, key=d["key"], weight=d["weight"]),
            done=_("Đã lưu trọng số. Gợi ý xếp lại theo trọng số mới."),
        )
        return redirect("partnering:search_weights")
    return render(
        request,
        "partnering/weights.html",
        {
            "title": _("Trọng số gợi ý đối tác"),
            "weights": list(SuggestionWeight.objects.all()),
            "can_edit": user.scope.is_site_admin,
        },
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("searches/", search_list, name="search_list"),
    path("searches/new/", search_form, name="search_create"),
    path("searches/funnel/", search_funnel, name="search_funnel"),
    path("searches/weights/", weights, name="search_weights"),
    path("searches/<int:pk>/", search_detail, name="search_detail"),
    path("searches/<int:pk>/edit/", search_form, name="search_edit"),
    path("searches/<int:pk>/open/", search_open, name="search_open"),
    path("searches/<int:pk>/close/", search_close, name="search_close"),
    path("searches/<int:pk>/delete/", search_delete, name="search_delete"),
    path("searches/<int:pk>/proposals/", proposal_create, name="proposal_create"),
    path("searches/<int:pk>/proposals/<int:proposal_id>/move/", proposal_move, name="proposal_move"),
]
