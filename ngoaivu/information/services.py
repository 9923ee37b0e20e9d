"""Writes of briefs: create, edit (a published brief keeps its previous text as a version), publish, withdraw,
delete a draft, attachments, reads, usefulness ratings, subscriptions, "Hỏi thêm" (a request to the author,
through the requests app's own service) and the decisions on proposed entities. Each one scope → validate →
versioned write → audit; notifications and entity extraction follow the commit (`enqueue_on_commit`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ngoaivu.agreements.models import CooperationField
from ngoaivu.agreements.services.agreement_files import check_upload
from ngoaivu.audit import services as audit
from ngoaivu.core import files
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StateConflict
from ngoaivu.core.inputs import checked_text, max_length
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.tasks import enqueue_on_commit
from ngoaivu.core.text import clean_line, search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.directory.models import Country, FreeTradeAgreement, Province
from ngoaivu.information.models import (
    Brief,
    BriefAttachment,
    BriefEntity,
    BriefKind,
    BriefQuestion,
    BriefRating,
    BriefRead,
    BriefSubscription,
    BriefVersion,
    HsChapter,
    Region,
)

S = Brief.Status
A = Brief.Audience


def _is_system(actor: Actor) -> bool:
    return isinstance(actor, audit.SystemActor)


def _user(actor: Actor) -> Any:
    return actor if actor.is_authenticated and not _is_system(actor) else None


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _fetch(actor: Actor, action: Action, pk: int) -> Brief:
    if not _is_system(actor):
        return get_for_action(Brief, actor, action, pk=pk)
    brief = (
        Brief.objects.system(reason=f"{audit.actor_label(actor)}: {action}")
        .filter(pk=pk, deleted_at__isnull=True)
        .first()
    )
    if brief is None:
        raise NotFound()
    return brief


def may_create(actor: Actor) -> bool:
    """The ministry (Cục) and the missions write briefs (DOMAIN.md §2)."""
    scope = actor.scope
    return bool(
        scope.can_write and scope.org_id is not None and (scope.is_mission or scope.org_kind == "mofa")
    )


def may_rate(actor: Actor) -> bool:
    """A province's officers mark a brief useful or not (its viewers only read)."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province and scope.org_id is not None)


may_subscribe = may_rate
may_ask = may_rate  # a request is sent by a province (requests.services.request_create)


@dataclass(frozen=True)
class BriefInput:
    title: str
    summary: str
    kind: str
    body: str = ""
    countries: tuple[str, ...] = ()  # ISO alpha-2
    fields: tuple[str, ...] = ()  # cooperation field codes
    products: tuple[str, ...] = ()  # HS chapters, two digits
    fta: str = ""  # short name of the FTA
    audience: str = "all"
    region: str = ""  # region code when addressed to a region
    provinces: tuple[str, ...] = ()  # current province codes when addressed to named provinces
    valid_until: dt.date | None = None


def brief_input_of(brief: Brief) -> BriefInput:
    return BriefInput(
        title=brief.title,
        summary=brief.summary,
        body=brief.body,
        kind=brief.kind.code,
        countries=tuple(c.iso2 for c in brief.countries.all()),
        fields=tuple(f.code for f in brief.fields.all()),
        products=tuple(p.code for p in brief.products.all()),
        fta=brief.fta.short_name if brief.fta else "",
        audience=brief.audience,
        region=brief.region.code if brief.region else "",
        provinces=tuple(p.code for p in brief.provinces.all()),
        valid_until=brief.valid_until,
    )


@dataclass
class _Resolved:
    values: dict[str, Any]
    countries: list[Country]
    fields: list[CooperationField]
    products: list[HsChapter]
    provinces: list[Province]


def _codes(values: tuple[str, ...], size: int, upper: bool = False) -> list[str]:
    cleaned = (clean_line(v)[:size] for v in values if clean_line(v))
    return list(dict.fromkeys(c.upper() if upper else c for c in cleaned))


def _lookup(
    errors: dict[str, list[str]], name: str, model: Any, key: str, codes: list[str], msg: str
) -> list[Any]:
    found = list(model.objects.filter(**{f"{key}__in": codes}))
    if len(found) != len(codes):
        errors[name] = [msg]
    return found


def _topics(errors: dict[str, list[str]], data: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """The countries, fields and products (HS chapters) a brief or a subscription names, resolved by code; an
    unknown code is an error under its field. Briefs and subscriptions match on these three lists."""
    countries = _lookup(
        errors,
        "countries",
        Country,
        "iso2",
        _codes(data.countries, 2, upper=True),
        _("Có quốc gia không có trong danh mục (mã ISO hai chữ cái)."),
    )
    fields = _lookup(
        errors,
        "fields",
        CooperationField,
        "code",
        _codes(data.fields, 40),
        _("Có lĩnh vực không có trong danh mục."),
    )
    products = _lookup(
        errors,
        "products",
        HsChapter,
        "code",
        [c.zfill(2) for c in _codes(data.products, 2)],
        _("Có chương HS không có trong danh mục (01–97)."),
    )
    return countries, fields, products


def _resolve(data: BriefInput, *, today: dt.date, check_validity: bool = True) -> _Resolved:
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {
        "title": checked_text(
            errors, "title", data.title, max_length(Brief, "title"), required=True, one_line=True
        ),
        "summary": checked_text(errors, "summary", data.summary, 2000, required=True),
        "body": checked_text(errors, "body", data.body, 50000),
        "valid_until": data.valid_until,
    }
    kind = BriefKind.objects.filter(code=clean_line(data.kind or "")[:40]).first()
    if kind is None:
        errors["kind"] = [_("Chọn loại bản tin.")]
    values["kind"] = kind
    countries, fields, products = _topics(errors, data)
    fta = None
    if clean_line(data.fta or ""):
        fta = FreeTradeAgreement.objects.filter(short_name=clean_line(data.fta)[:40]).first()
        if fta is None:
            errors["fta"] = [_("Hiệp định thương mại tự do không có trong danh mục.")]
    values["fta"] = fta
    if data.audience not in A.values:
        errors["audience"] = [_("Chọn nơi nhận: tất cả các tỉnh, một vùng hoặc các tỉnh được chọn.")]
    values["audience"] = data.audience
    region = None
    provinces: list[Province] = []
    if data.audience == A.REGION:
        region = Region.objects.filter(code=clean_line(data.region or "")[:40]).first()
        if region is None:
            errors["region"] = [_("Chọn vùng nhận bản tin.")]
    elif data.audience == A.PROVINCES:
        codes = _codes(data.provinces, 2)
        if not codes:
            errors["provinces"] = [_("Chọn ít nhất một tỉnh, thành phố nhận bản tin.")]
        else:
            provinces = _lookup(
                errors,
                "provinces",
                Province,
                "code",
                codes,
                _("Có mã tỉnh không có trong danh mục (34 tỉnh, thành phố hiện hành)."),
            )
    values["region"] = region
    if check_validity and data.valid_until is not None and data.valid_until < today:
        errors["valid_until"] = [_("Ngày có giá trị đến không được trước hôm nay.")]
    _fail(errors, _("Chưa lưu được bản tin."))
    return _Resolved(values, countries, fields, products, provinces)


def _index(brief: Brief, r: _Resolved) -> None:
    brief.search_text = search_key(
        brief.title,
        brief.summary,
        brief.body[:5000],
        brief.kind.name_vi,
        brief.fta.short_name if brief.fta else "",
        *(c.name_vi for c in r.countries),
        *(c.name_en for c in r.countries),
        *(f.name_vi for f in r.fields),
        *(p.name_vi for p in r.products),
        *(p.name for p in r.provinces),
    )


def _set_links(brief: Brief, r: _Resolved) -> None:
    brief.countries.set(r.countries)
    brief.fields.set(r.fields)
    brief.products.set(r.products)
    brief.provinces.set(r.provinces)


def _snapshot(brief: Brief) -> dict[str, Any]:
    return {
        **audit.snapshot(brief, redact=frozenset({"search_text"})),
        "countries": sorted(c.iso2 for c in brief.countries.all()),
        "products": sorted(p.code for p in brief.products.all()),
        "provinces": sorted(p.code for p in brief.provinces.all()),
    }


def _described(brief: Brief) -> dict[str, str]:
    """What a reader sees of a brief, field by field, as text (the version history says what an update changed)."""
    with translation.override("vi"):  # kept as data, in the language of the texts
        if brief.audience == A.REGION and brief.region is not None:
            addressed = f"{brief.get_audience_display()}: {brief.region.name_vi}"
        elif brief.audience == A.PROVINCES:
            addressed = ", ".join(sorted(p.name for p in brief.provinces.all()))
        else:
            addressed = str(brief.get_audience_display())
    return {
        "title": brief.title,
        "summary": brief.summary,
        "body": brief.body,
        "kind": brief.kind.name_vi,
        "audience": addressed,
        "countries": ", ".join(sorted(c.name_vi for c in brief.countries.all())),
        "fields": ", ".join(sorted(f.name_vi for f in brief.fields.all())),
        "products": ", ".join(sorted(p.code for p in brief.products.all())),
        "fta": brief.fta.short_name if brief.fta else "",
        "valid_until": brief.valid_until.strftime("%d/%m/%Y") if brief.valid_until else "",
    }


_LONG_TEXT = frozenset(
    {"summary", "body"}
)  # their old text is the version itself: not copied into the change


def _changes(old: dict[str, str], new: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"field": k} if k in _LONG_TEXT else {"field": k, "before": old[k], "after": new[k]}
        for k in old
        if old[k] != new[k]
    ]


@transaction.atomic
def brief_create(*, actor: Actor, data: BriefInput, owner_org_id: int | None = None) -> Brief:
    """A draft brief of the actor's organisation (a mission or the ministry). Only a system actor (the demo
    loader) names the owner."""
    from ngoaivu.accounts.models import Organisation

    if _is_system(actor):
        owner = Organisation.objects.filter(
            pk=owner_org_id or 0, kind__in=[Organisation.Kind.MISSION, Organisation.Kind.MOFA]
        ).first()
        if owner is None:
            raise Forbidden()
        owner_id = owner.pk
    else:
        if owner_org_id is not None or not may_create(actor) or actor.scope.org_id is None:
            raise Forbidden()
        owner_id = actor.scope.org_id
    resolved = _resolve(data, today=timezone.localdate())
    brief = Brief(
        owner_org_id=owner_id,
        created_by=_user(actor),
        updated_by=_user(actor),
        status=S.DRAFT,
        **resolved.values,
    )
    _index(brief, resolved)
    brief.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    save_versioned(brief, None)
    _set_links(brief, resolved)
    audit.record(actor=actor, action="brief.create", target=brief, after=_snapshot(brief))
    return brief


@transaction.atomic
def brief_update(*, actor: Actor, brief_id: int, expected_version: int | None, data: BriefInput) -> Brief:
    """Edit a draft, or update a published brief: its previous text is kept as a version (who, when), with
    what else changed (addressing, countries, fields, products, FTA, kind, validity: before and after)."""
    brief = _fetch(actor, Action.CHANGE, brief_id)
    if brief.status == S.WITHDRAWN:
        raise StateConflict(_("Bản tin đã thu hồi, không sửa được."))
    resolved = _resolve(
        data, today=timezone.localdate(), check_validity=data.valid_until != brief.valid_until
    )
    before = _snapshot(brief)
    old = (brief.title, brief.summary, brief.body, brief.valid_until)
    described = _described(brief) if brief.status == S.PUBLISHED else {}
    for key, value in resolved.values.items():
        setattr(brief, key, value)
    brief.updated_by = _user(actor)
    _index(brief, resolved)
    brief.full_clean(exclude=["owner_org", "created_by", "updated_by"])
    save_versioned(brief, expected_version)
    _set_links(brief, resolved)
    changes = _changes(described, _described(brief)) if brief.status == S.PUBLISHED else []
    if changes:  # a published brief keeps what it was: its text, and what else the update changed
        BriefVersion.objects.create(
            brief=brief,
            number=brief.versions.count() + 1,
            title=old[0],
            summary=old[1],
            body=old[2],
            valid_until=old[3],
            changes=changes,
            changed_by=_user(actor),
        )
    if brief.status == S.PUBLISHED and old[:3] != (brief.title, brief.summary, brief.body):
        enqueue_on_commit("ngoaivu.information.tasks.find_brief_entities", brief.pk)
    if brief.status == S.PUBLISHED:  # newly matching or addressed subscribers (those told already: deduped)
        enqueue_on_commit("ngoaivu.information.tasks.notify_brief_subscribers", brief.pk)
    audit.record(actor=actor, action="brief.update", target=brief, before=before, after=_snapshot(brief))
    return brief


@transaction.atomic
def brief_publish(*, actor: Actor, brief_id: int, expected_version: int | None) -> Brief:
    """A draft is published: the addressed provinces see it; subscribers are told after the commit."""
    brief = _fetch(actor, Action.CHANGE, brief_id)
    if brief.status != S.DRAFT:
        raise StateConflict(
            _("Chỉ phát hành được bản tin ở trạng thái “Dự thảo” (hiện tại: %(s)s).")
            % {"s": brief.get_status_display()}
        )
    if brief.valid_until is not None and brief.valid_until < timezone.localdate():
        raise ServiceError(
            _("Bản tin đã hết giá trị."),
            {"valid_until": [_("Ngày có giá trị đến không được trước hôm nay.")]},
        )
    before = audit.snapshot(brief)
    brief.status = S.PUBLISHED
    brief.published_at = timezone.now()
    brief.updated_by = _user(actor)
    save_versioned(brief, expected_version)
    audit.record(
        actor=actor, action="brief.publish", target=brief, before=before, after=audit.snapshot(brief)
    )
    enqueue_on_commit("ngoaivu.information.tasks.notify_brief_subscribers", brief.pk)
    enqueue_on_commit("ngoaivu.information.tasks.find_brief_entities", brief.pk)
    return brief


@transaction.atomic
def brief_withdraw(*, actor: Actor, brief_id: int, expected_version: int | None) -> Brief:
    brief = _fetch(actor, Action.CHANGE, brief_id)
    if brief.status != S.PUBLISHED:
        raise StateConflict(_("Chỉ thu hồi được bản tin đã phát hành."))
    before = audit.snapshot(brief)
    brief.status = S.WITHDRAWN
    brief.withdrawn_at = timezone.now()
    brief.updated_by = _user(actor)
    save_versioned(brief, expected_version)
    audit.record(
        actor=actor, action="brief.withdraw", target=brief, before=before, after=audit.snapshot(brief)
    )
    return brief


@transaction.atomic
def brief_delete(*, actor: Actor, brief_id: int, expected_version: int | None) -> None:
    """Soft delete of a draft by its author organisation (a published brief is withdrawn instead)."""
    brief = _fetch(actor, Action.DELETE, brief_id)
    if brief.status != S.DRAFT:
        raise StateConflict(_("Chỉ xóa được bản tin dự thảo; bản tin đã phát hành thì thu hồi."))
    before = audit.snapshot(brief)
    brief.deleted_at = timezone.now()
    save_versioned(brief, expected_version)
    audit.record(actor=actor, action="brief.delete", target=brief, before=before)


@files.atomic()  # a failed write deletes the file it stored
def attachment_add(*, actor: Actor, brief_id: int, upload: UploadedFile) -> BriefAttachment:
    """A file of the brief, checked like every upload (type, size budget, classified marks, content)."""
    brief = _fetch(actor, Action.CHANGE, brief_id)
    if brief.status == S.WITHDRAWN:
        raise StateConflict(_("Bản tin đã thu hồi, không thêm tệp được."))
    name = check_upload(upload)
    attachment = BriefAttachment(
        brief=brief,
        name=name,
        size=upload.size or 0,
        sha256=files.sha256_of(upload),
        uploaded_by=_user(actor),
    )
    files.store(attachment.file, name, upload)
    attachment.save()
    audit.record(
        actor=actor,
        action="brief_attachment.create",
        target=attachment,
        parent=brief,
        after=audit.snapshot(attachment),
        target_org_id=brief.owner_org_id,
    )
    return attachment


def mark_read(*, actor: Actor, brief: Brief) -> bool:
    """The first time a person opens a brief they may read (not audited: a read). True when first."""
    scope = actor.scope
    if _user(actor) is None or scope.org_id is None or brief.status == S.DRAFT:
        return False
    try:
        with transaction.atomic():
            _row, created = BriefRead.objects.get_or_create(
                brief=brief,
                user_id=actor.pk,
                defaults={"organisation_id": scope.org_id, "first_at": timezone.now()},
            )
    except IntegrityError:  # two tabs at once
        return False
    return created


@transaction.atomic
def brief_rate(*, actor: Actor, brief_id: int, useful: bool | None, comment: str = "") -> BriefRating:
    """One word per province per brief, changed by a later one."""
    brief = _fetch(actor, Action.VIEW, brief_id)
    if not may_rate(actor):
        raise Forbidden()
    errors: dict[str, list[str]] = {}
    if useful is None:
        errors["useful"] = [_("Chọn “Hữu ích” hoặc “Chưa hữu ích”.")]
    text = checked_text(errors, "comment", comment, 2000)
    if brief.status != S.PUBLISHED:
        errors["useful"] = [_("Chỉ đánh giá được bản tin đang phát hành.")]
    _fail(errors, _("Chưa lưu được đánh giá."))
    org_id = actor.scope.org_id
    assert org_id is not None  # may_rate
    existing = BriefRating.objects.select_for_update().filter(brief=brief, organisation_id=org_id).first()
    before = audit.snapshot(existing) if existing else {}
    rating = existing or BriefRating(brief=brief, organisation_id=org_id)
    rating.useful = bool(useful)
    rating.comment = text
    rating.rated_by = _user(actor)
    rating.rated_at = timezone.now()
    rating.save()
    audit.record(
        actor=actor,
        action="brief_rating.update" if existing else "brief_rating.create",
        target=rating,
        parent=brief,
        before=before,
        after=audit.snapshot(rating),
        target_org_id=brief.owner_org_id,
    )
    return rating


@dataclass(frozen=True)
class SubscriptionInput:
    name: str = ""
    countries: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    products: tuple[str, ...] = ()


@transaction.atomic
def subscription_create(
    *, actor: Actor, data: SubscriptionInput, owner_org_id: int | None = None
) -> BriefSubscription:
    from ngoaivu.accounts.models import Organisation

    if _is_system(actor):
        owner = Organisation.objects.filter(pk=owner_org_id or 0, kind=Organisation.Kind.PROVINCE).first()
        if owner is None:
            raise Forbidden()
        owner_id = owner.pk
    else:
        if owner_org_id is not None or not may_subscribe(actor):
            raise Forbidden()
        owner_id = actor.scope.org_id  # type: ignore[assignment]
    errors: dict[str, list[str]] = {}
    name = checked_text(errors, "name", data.name, 200, one_line=True)
    countries, fields, products = _topics(errors, data)
    if not (countries or fields or products) and not errors:
        errors["countries"] = [_("Chọn ít nhất một quốc gia, lĩnh vực hoặc sản phẩm.")]
    _fail(errors, _("Chưa lưu được đăng ký nhận bản tin."))
    sub = BriefSubscription(
        owner_org_id=owner_id, created_by=_user(actor), updated_by=_user(actor), name=name
    )
    save_versioned(sub, None)
    sub.countries.set(countries)
    sub.fields.set(fields)
    sub.products.set(products)
    audit.record(
        actor=actor,
        action="brief_subscription.create",
        target=sub,
        after={
            **audit.snapshot(sub),
            "countries": [c.iso2 for c in countries],
            "fields": [f.code for f in fields],
            "products": [p.code for p in products],
        },
    )
    return sub


@transaction.atomic
def subscription_delete(*, actor: Actor, subscription_id: int) -> None:
    sub = get_for_action(BriefSubscription, actor, Action.DELETE, pk=subscription_id)
    before = audit.snapshot(sub)
    sub.deleted_at = timezone.now()
    save_versioned(sub, None)
    audit.record(actor=actor, action="brief_subscription.delete", target=sub, before=before)


# the request category a question on a brief of each kind most likely belongs to ("other" when unsure)
ASK_CATEGORY = {
    "market": "trade",
    "sector": "trade",
    "policy_change": "trade",
    "fta_use": "trade",
}


def ask_initial(*, actor: Actor, brief: Brief) -> dict[str, Any]:
    """The request form's first values for "Hỏi thêm": to the author, about the brief, in the category its kind
    suggests (market, sector, policy and FTA briefs: trade; others: "other"), never just the first category."""
    from ngoaivu.core.inputs import max_length as size
    from ngoaivu.requests.models import Category, ServiceRequest

    wanted = ASK_CATEGORY.get(brief.kind.code, "other")
    category = Category.objects.filter(code__in=[wanted, "other"], is_active=True).values_list(
        "code", flat=True
    )
    found = sorted(category, key=lambda c: c != wanted)

    title = _("Hỏi thêm về bản tin: %(t)s") % {"t": brief.title}
    return {
        "title": title[: size(ServiceRequest, "title")],
        "description": _("Đề nghị cung cấp thêm thông tin về bản tin “%(t)s” (phát hành %(d)s).")
        % {"t": brief.title, "d": brief.published_at.strftime("%d/%m/%Y") if brief.published_at else "—"},
        "recipients": [brief.owner_org.code],
        "target_countries": [c.iso2 for c in brief.countries.all()],
        "priority": "normal",
        **({"category": found[0]} if found else {}),
    }


@files.atomic()  # the request's attachments are removed if anything fails
def ask_more(*, actor: Actor, brief_id: int, data: Any, attachments: list[Any] | None = None) -> Any:
    """ "Hỏi thêm": a draft request (requests' own service, its rules and audit) to the brief's author,
    linked to the brief. `data` is a requests DraftInput; the author organisation is always a recipient."""
    import dataclasses

    from ngoaivu.requests import services as request_services

    brief = _fetch(actor, Action.VIEW, brief_id)
    if not may_ask(actor) or brief.status != S.PUBLISHED:
        raise Forbidden()
    recipients = list(dict.fromkeys([brief.owner_org.code, *data.recipients]))
    data = dataclasses.replace(data, recipients=recipients)
    req = request_services.draft_save(
        actor=actor,  # type: ignore[arg-type]  # a person: may_ask checked a province officer
        request_id=None,
        expected_version=None,
        data=data,
        attachments=attachments or [],
    )
    question = BriefQuestion.objects.create(brief=brief, request=req, asked_by=_user(actor))
    audit.record(
        actor=actor,
        action="brief_question.create",
        target=question,
        parent=brief,
        after={"brief": brief.pk, "request": req.pk},
        target_org_id=brief.owner_org_id,
    )
    return req


@transaction.atomic
def entities_decide(
    *, actor: Actor, brief_id: int, confirm: set[int], reject: set[int]
) -> dict[str, list[str]]:
    """The author organisation confirms or rejects proposed entities; confirming a country adds it to the
    brief's countries (a link a reader can filter by)."""
    brief = _fetch(actor, Action.CHANGE, brief_id)
    if confirm & reject:
        raise ServiceError(
            _("Một đề xuất không thể vừa xác nhận vừa bỏ."),
            {"entities": [_("Một đề xuất không thể vừa xác nhận vừa bỏ.")]},
        )
    rows = {e.pk: e for e in brief.entities.filter(pk__in=confirm | reject)}
    missing = (confirm | reject) - set(rows)
    if missing:
        message = _("Không có đề xuất %(ids)s trong bản tin này.") % {"ids": sorted(missing)}
        raise ServiceError(message, {"entities": [message]})
    changes: dict[str, list[str]] = {"confirmed": [], "rejected": []}
    for pk, entity in rows.items():
        confirming = pk in confirm
        entity.status = BriefEntity.Status.CONFIRMED if confirming else BriefEntity.Status.REJECTED
        entity.decided_by = _user(actor)
        entity.save(update_fields=["status", "decided_by"])
        if confirming and entity.target.startswith("country:"):
            country = Country.objects.filter(iso2=entity.target.split(":", 1)[1]).first()
            if country is not None:
                brief.countries.add(country)
        changes["confirmed" if confirming else "rejected"].append(f"{entity.type}:{entity.text}")
    audit.record(actor=actor, action="brief.entities", target=brief, before={}, after=changes)
    return changes
