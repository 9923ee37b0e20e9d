from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ngoaivu.accounts.models import User
from ngoaivu.accounts.web import signed_in
from ngoaivu.agreements import importer, selectors, services
from ngoaivu.agreements.columns import AGREEMENT_COLUMNS
from ngoaivu.agreements.filters import AgreementFilters
from ngoaivu.agreements.forms import (
    ActionForm,
    ActivityForm,
    AgreementForm,
    FileForm,
    ImportForm,
    MilestoneForm,
    PaperOpinionForm,
    RuleForm,
)
from ngoaivu.agreements.models import (
    Agreement,
    AgreementFile,
    DeadlineRule,
    ImportBatch,
    LegalStep,
    Milestone,
)
from ngoaivu.core.calendar import due_text
from ngoaivu.core.columns import Column, xlsx_response
from ngoaivu.core.exceptions import Forbidden, StateConflict
from ngoaivu.core.inputs import input_from
from ngoaivu.core.lists import parse_filters
from ngoaivu.core.scoping import Action, can
from ngoaivu.core.web import YES_NO, bool_param, int_or_none, list_page, run_action, save_form
from ngoaivu.directory import selectors as directory
from ngoaivu.directory.filters import FormerProvinceFilters

ACTION_LABELS = {
    "consult": gettext_lazy("Gửi lấy ý kiến (hồ sơ đầy đủ)"),
    "record_opinion": gettext_lazy("Ghi nhận ý kiến"),
    "approve": gettext_lazy("Chấp thuận ký"),
    "submit_to_pm": gettext_lazy("Trình Thủ tướng"),
    "pm_decision": gettext_lazy("Ghi nhận ý kiến Thủ tướng"),
    "sign": gettext_lazy("Ghi nhận đã ký"),
    "report": gettext_lazy("Đã báo cáo Thủ tướng"),
    "start": gettext_lazy("Bắt đầu triển khai"),
    "suspend": gettext_lazy("Tạm đình chỉ"),
    "resume": gettext_lazy("Tiếp tục triển khai"),
    "terminate": gettext_lazy("Chấm dứt"),
    "decide_expiry": gettext_lazy("Quyết định khi hết hạn"),
}
EVENT_LABELS = {
    **ACTION_LABELS,
    "create": gettext_lazy("Đăng ký"),
    "import": gettext_lazy("Nhập từ Excel"),
    "milestone_create": gettext_lazy("Thêm mốc lộ trình"),
    "milestone_update": gettext_lazy("Cập nhật mốc lộ trình"),
    "activity": gettext_lazy("Hoạt động triển khai"),
    "file_add": gettext_lazy("Tải tài liệu"),
    "expire": gettext_lazy("Hết hiệu lực"),
    "renewal_of": gettext_lazy("Ký mới thay thế cho"),
    "record_paper_opinion": gettext_lazy("Ghi nhận ý kiến từ văn bản"),
}
STATE_LABELS = dict(Agreement.State.choices)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    filters = parse_filters(AgreementFilters, request.GET).filters
    actions: list[dict[str, Any]] = []
    if services.may_register(user):
        actions += [
            {"url": reverse("agreements:agreement_create"), "label": _("Đăng ký thỏa thuận")},
            {"url": reverse("agreements:import"), "label": _("Nhập từ Excel")},
        ]
    here = reverse("agreements:agreement_list")
    actions += [
        {"url": f"{here}?dormant=true", "label": _("“Ngủ đông”")},
        {"url": f"{here}?expiring=90", "label": _("Sắp hết hiệu lực")},
        {"url": reverse("agreements:legal"), "label": _("Thủ tục pháp lý")},
        {"url": reverse("agreements:counts"), "label": _("Thống kê")},
    ]
    return list_page(
        request,
        title=_("Thỏa thuận quốc tế"),
        filters_schema=AgreementFilters,
        queryset=lambda f: selectors.agreement_list(user=user, filters=f),
        columns=AGREEMENT_COLUMNS,
        export_stem="thoa-thuan",
        filter_fields=[
            {
                "name": "q",
                "label": _("Tìm kiếm (có dấu hoặc không dấu)"),
                "type": "search",
                "current": filters.q,
            },
            {"name": "kind", "label": _("Loại"), "choices": _kinds(), "current": filters.kind},
            {
                "name": "province",
                "label": _("Tỉnh (hiện hành)"),
                "choices": directory.province_code_choices(),
                "current": filters.province,
            },
            {
                "name": "former_province",
                "label": _("Tỉnh khi ký (trước 01/07/2025)"),
                "choices": [
                    (p.code, p.name) for p in directory.former_province_list(filters=FormerProvinceFilters())
                ],
                "current": filters.former_province,
            },
            {
                "name": "country",
                "label": _("Quốc gia"),
                "choices": directory.country_code_choices(),
                "current": filters.country,
            },
            {
                "name": "field",
                "label": _("Lĩnh vực"),
                "choices": [(f.code, f.name) for f in selectors.field_list()],
                "current": filters.field,
            },
            {
                "name": "state",
                "label": _("Trạng thái"),
                "choices": Agreement.State.choices,
                "current": filters.state,
            },
            {"name": "year", "label": _("Năm ký"), "type": "number", "current": filters.year},
            {
                "name": "dormant",
                "label": _("“Ngủ đông”"),
                "choices": YES_NO,
                "current": bool_param(filters.dormant),
            },
            {
                "name": "expiring",
                "label": _("Hết hiệu lực trong"),
                "choices": [(d, _("%(n)d ngày") % {"n": d}) for d in (30, 90, 180, 365)],
                "current": filters.expiring,
            },
            *(
                [{"name": "partner", "label": _("Mã đối tác"), "type": "number", "current": filters.partner}]
                if filters.partner
                else []
            ),
        ],
        actions=actions,
    )


def _kinds() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in selectors.kind_list()]


def _input(data: dict[str, Any], state: str = "proposed") -> services.AgreementInput:
    """The service input from the form's `cleaned_data`; an edit keeps the agreement's state."""
    return input_from(
        services.AgreementInput,
        data,
        partner_ids=tuple(int(p) for p in data["partners"]),
        fields=tuple(data["cooperation_fields"]),
        state=data.get("state") or state,
    )


@login_required
def agreement_form(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    agreement = None
    initial: dict[str, Any] = {"visibility": Agreement.Visibility.SHARED, "state": Agreement.State.PROPOSED}
    if pk is not None:
        agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
        initial = {
            "kind": agreement.kind.code,
            "title_vi": agreement.title_vi,
            "title_foreign": agreement.title_foreign,
            "foreign_language": agreement.foreign_language,
            "province": agreement.province_as_named,
            "vn_party": agreement.vn_party,
            "country": agreement.country.iso2,
            "partners": [str(p.pk) for p in agreement.partners.all()],
            "cooperation_fields": [f.code for f in agreement.fields.all()],
            "description": agreement.description,
            "signed_on": agreement.signed_on,
            "signed_place": agreement.signed_place,
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "renewal_terms": agreement.renewal_terms,
            "signatories_vn": agreement.signatories_vn,
            "signatories_foreign": agreement.signatories_foreign,
            "budget": agreement.budget,
            "visibility": agreement.visibility,
            "version": agreement.version,
        }
    elif not services.may_register(user):
        raise Forbidden()
    form = AgreementForm(
        request.POST or None,
        initial=initial,
        kinds=_kinds(),
        countries=directory.country_code_choices(),
        partners=directory.partner_choices(user=user),
        fields=[(f.code, f.name) for f in selectors.field_list()],
        editing=agreement is not None,
    )

    def save(data: dict[str, Any]) -> Agreement:
        if agreement is None:
            return services.agreement_create(actor=user, data=_input(data))
        return services.agreement_update(
            actor=user,
            agreement_id=agreement.pk,
            expected_version=data["version"],
            data=_input(data, agreement.state),
        )

    saved = save_form(
        request,
        form,
        save,
        done=_("Đã đăng ký thỏa thuận.") if agreement is None else _("Đã lưu thay đổi."),
    )
    if saved.result is not None:
        return redirect(saved.result)
    title = _("Đăng ký thỏa thuận") if agreement is None else _("Sửa: %(t)s") % {"t": agreement.title_vi}
    return render(
        request,
        "agreements/agreement_form.html",
        {"title": title, "form": form, "agreement": agreement},
        status=saved.status,
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk)
    today = timezone.localdate()
    steps = [(s, due_text(s.due_on if s.is_open else None, today)) for s in agreement.legal_steps.all()]
    milestones = [(m, due_text(m.due_on if m.is_open else None, today)) for m in agreement.milestones.all()]
    files: dict[tuple[str, str], list[AgreementFile]] = {}
    for f in agreement.files.all():
        files.setdefault((f.get_kind_display(), f.label), []).append(f)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "title": agreement.title_vi,
            "agreement": agreement,
            "dormancy": selectors.dormancy(agreement, today),
            "steps": steps,
            # record_opinion: only the steps addressed to the user's own organisation (the body answers itself)
            "open_consultations": [
                s
                for s, _d in steps
                if s.is_open and s.kind == "consultation" and s.body_org_id == user.scope.org_id
            ],
            "paper_form": _paper_form(user, agreement, [s for s, _d in steps]),
            "milestones": milestones,
            "actions": [
                (a, ACTION_LABELS[a]) for a in services.available_actions(user=user, agreement=agreement)
            ],
            "can_change": can(user, Action.CHANGE, agreement),
            "roadmap_open": agreement.state in (*Agreement.SIGNED_STATES, Agreement.State.SUSPENDED),
            "milestone_form": MilestoneForm(initial={"status": Milestone.Status.PLANNED, "progress": 0}),
            "milestone_statuses": Milestone.Status.choices,
            "activity_form": ActivityForm(initial={"happened_on": today}),
            "file_form": FileForm(milestones=[(m.pk, m.title) for m in agreement.milestones.all()]),
            "files": sorted(files.items()),
            "events": [
                (
                    e,
                    EVENT_LABELS.get(e.action, e.action),
                    STATE_LABELS.get(e.from_state, ""),
                    STATE_LABELS.get(e.to_state, ""),
                )
                for e in selectors.agreement_events(agreement=agreement)[:200]
            ],
            "expiry": due_text(agreement.valid_until if agreement.is_signed else None, today),
            "today": today,
        },
    )


@login_required
@require_POST
def agreement_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if action not in services.ALL_ACTIONS:
        raise Http404()
    user = signed_in(request)
    run_action(
        request,
        ActionForm(request.POST),
        lambda d: services.agreement_action(
            actor=user,
            agreement_id=pk,
            action=action,
            expected_version=d["version"],
            data=input_from(
                services.ActionInput,
                d,
                bodies=tuple(b for b in (d["bodies"] or "").replace("\n", ";").split(";") if b.strip()),
            ),
        ),
        done=_("Đã thực hiện: %(a)s.") % {"a": ACTION_LABELS[action]},
    )
    return redirect("agreements:agreement_detail", pk=pk)


def _paper_form(user: User, agreement: Agreement, steps: list[LegalStep]) -> PaperOpinionForm | None:
    """The owner's form for an answer that came on paper, while consultations wait."""
    scope = user.scope
    waiting = [(s.pk, s.body) for s in steps if s.is_open and s.kind == "consultation"]
    owner = scope.can_write and (scope.is_site_admin or agreement.owner_org_id == scope.org_id)
    if not (owner and waiting and agreement.state == Agreement.State.IN_CONSULTATION):
        return None
    return PaperOpinionForm(initial={"version": agreement.version}, steps=waiting)


@login_required
@require_POST
def paper_opinion(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    if not (user.scope.is_site_admin or agreement.owner_org_id == user.scope.org_id):
        raise Forbidden()
    steps = [(s.pk, s.body) for s in agreement.legal_steps.all() if s.is_open and s.kind == "consultation"]
    run_action(
        request,
        PaperOpinionForm(request.POST, request.FILES, steps=steps),
        lambda d: services.opinion_record_from_paper(
            actor=user,
            agreement_id=pk,
            expected_version=d["version"],
            data=input_from(services.PaperOpinionInput, d),
            upload=d["file"],
        ),
        done=_("Đã ghi nhận ý kiến từ văn bản."),
    )
    return redirect(agreement)


@login_required
@require_POST
def milestone_save(request: HttpRequest, pk: int, milestone_id: int | None = None) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    form = MilestoneForm(request.POST)

    def save(data: dict[str, Any]) -> Milestone:
        values = {k: v for k, v in data.items() if k != "version"}
        if milestone_id is None:
            return services.milestone_create(actor=user, agreement_id=pk, data=values)
        return services.milestone_update(
            actor=user,
            agreement_id=pk,
            milestone_id=milestone_id,
            expected_version=data["version"],
            data=values,
        )

    run_action(
        request,
        form,
        save,
        done=_("Đã thêm mốc lộ trình.") if milestone_id is None else _("Đã cập nhật mốc lộ trình."),
    )
    # the service's answer is shown at the roadmap; the form's problems at the top of the page
    return redirect(agreement.get_absolute_url() + ("#roadmap" if form.is_valid() else ""))


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi ngày và nội dung hoạt động."))
        return redirect(agreement)
    run_action(
        request,
        form,
        lambda d: services.activity_record(
            actor=user, agreement_id=pk, happened_on=d["happened_on"], text=d["text"]
        ),
        done=_("Đã ghi hoạt động."),
    )
    return redirect(agreement)


@login_required
@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    agreement = selectors.agreement_get(user=user, pk=pk, action=Action.CHANGE)
    form = FileForm(
        request.POST, request.FILES, milestones=[(m.pk, m.title) for m in agreement.milestones.all()]
    )
    if not form.is_valid():
        messages.error(request, _("Chọn tệp và loại tài liệu."))
        return redirect(agreement)
    run_action(
        request,
        form,
        lambda d: services.file_add(
            actor=user,
            agreement_id=pk,
            upload=d["file"],
            kind=d["kind"],
            label=d["label"],
            milestone_id=d["milestone"],
        ),
        done=_("Đã tải tệp lên."),
    )
    return redirect(agreement)


@login_required
def file_download(request: HttpRequest, pk: int, file_id: int) -> HttpResponseBase:
    agreement = selectors.agreement_get(user=signed_in(request), pk=pk)
    stored = agreement.files.filter(pk=file_id).first()
    if stored is None:
        raise Http404()
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.name)


@login_required
def legal_overview(request: HttpRequest) -> HttpResponseBase:
    """Pending consultations and overdue post-signing reports, by province (the ministry's view)."""
    user = signed_in(request)
    today = timezone.localdate()
    found = selectors.overdue_steps(user=user, today=today)
    return render(
        request,
        "agreements/legal.html",
        {
            "title": _("Thủ tục pháp lý: lấy ý kiến và báo cáo sau ký"),
            "consultations": [(s, due_text(s.due_on, today)) for s in found["consultations"]],
            "reports_overdue": [(s, due_text(s.due_on, today)) for s in found["reports_overdue"]],
        },
    )


COUNT_COLUMNS = [
    Column("name", gettext_lazy("Tỉnh / quốc gia"), lambda r: r["name"]),
    Column("n", gettext_lazy("Số thỏa thuận"), lambda r: r["n"]),
]


@login_required
def counts(request: HttpRequest) -> HttpResponseBase:
    figures = selectors.agreement_counts(user=signed_in(request))
    if request.GET.get("format") == "xlsx":
        rows = [{"name": f"{r['province__name']}", "n": r["n"]} for r in figures["by_province"]]
        rows += [{"name": f"{r['country__name_vi']}", "n": r["n"]} for r in figures["by_country"]]
        return xlsx_response(
            rows, COUNT_COLUMNS, title=_("Thống kê thỏa thuận"), filename_stem="thong-ke-thoa-thuan"
        )
    years = [
        (row["year"], [row["counts"][code] for code in figures["kinds"]], row["total"])
        for row in figures["by_year"]
    ]
    return render(
        request,
        "agreements/counts.html",
        {"title": _("Thống kê thỏa thuận quốc tế"), **figures, "years": years},
    )


@login_required
def rules(request: HttpRequest) -> HttpResponseBase:
    """Deadline rules: everyone reads them; site administrators change them (a province code overrides)."""
    user = signed_in(request)
    if request.method == "POST":
        run_action(
            request,
            RuleForm(request.POST),
            lambda d: services.rule_update(
                actor=user,
                key=d["key"],
                province_code=d["province_code"],
                days=int_or_none(d["days"]),
                reminder_days=d["reminder_days"],
            ),
            done=_("Đã lưu. Quy tắc mới áp dụng cho các thời hạn tính từ nay."),
        )
        return redirect("agreements:rules")
    return render(
        request,
        "agreements/rules.html",
        {
            "title": _("Quy tắc thời hạn về thỏa thuận"),
            "rules": selectors.rule_list(),
            "keys": DeadlineRule.Key.choices,
            "provinces": directory.province_code_choices(),
            "can_edit": user.scope.is_site_admin,
        },
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponseBase:
    out = io.BytesIO()
    importer.write_template(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-thoa-thuan.xlsx"'
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponseBase:
    user = signed_in(request)
    if not services.may_register(user):
        raise Forbidden()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if (upload.size or 0) > importer.MAX_BYTES:
            form.add_error("file", _("Tệp lớn hơn %(m)d MB.") % {"m": importer.MAX_BYTES // (1024 * 1024)})
        else:
            batch, _result = importer.preview_batch(
                actor=user,
                content=upload.read(),
                filename=upload.name or "import.xlsx",
                create_partners=form.cleaned_data["create_partners"],
                allow_duplicates=form.cleaned_data["allow_duplicates"],
            )
            return redirect("agreements:import_batch", pk=batch.pk)
    return render(
        request,
        "agreements/import.html",
        {
            "title": _("Nhập thỏa thuận từ Excel"),
            "form": form,
            "columns": importer.COLUMNS,
            "batches": selectors.import_batch_list(user=user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_batch(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in(request)
    batch = selectors.import_batch_get(user=user, pk=pk)
    if request.method == "POST":
        try:
            result = importer.confirm_batch(actor=user, batch_id=batch.pk)
            if result.ok:
                messages.success(request, _("Đã nhập %(n)d thỏa thuận.") % {"n": result.created})
            else:
                messages.error(request, _("Dữ liệu đã thay đổi từ lúc kiểm tra; không nhập dòng nào."))
        except StateConflict as exc:
            messages.error(request, str(exc))
        return redirect("agreements:import_batch", pk=batch.pk)
    return render(
        request,
        "agreements/import_batch.html",
        {
            "title": _("Lần nhập: %(f)s") % {"f": batch.filename},
            "batch": batch,
            "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and can(user, Action.CHANGE, batch),
            "errors": [importer.Problem(**e) for e in batch.errors],
            "warnings": [importer.Problem(**e) for e in batch.warnings],
        },
    )
