"""Leader visits: the ministry records its leaders' working visits, the province visited writes its side, and an
ask can become a request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import notify, rendered_later, staff_of
from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.core.scoping import Action, get_for_action
from ngoaivu.core.text import search_key
from ngoaivu.core.versioning import save_versioned
from ngoaivu.delegations.models import (
    LeaderVisit,
    VisitAsk,
)
from ngoaivu.delegations.services._common import _fail, _text, limit
from ngoaivu.directory.models import Province


@dataclass(frozen=True)
class VisitInput:
    direction: str
    province: str
    starts_on: dt.date
    ends_on: dt.date
    ministry_leaders: str
    province_leaders: str = ""
    agenda: str = ""
    agreed: str = ""
    follow_up: str = ""
    status: str = "planned"
    asks: tuple[str, ...] = ()


def _visit_values(data: VisitInput) -> tuple[dict[str, Any], list[str]]:
    errors: dict[str, list[str]] = {}
    province = Province.objects.filter(code=data.province).first()
    if province is None:
        errors["province"] = [_("Chọn tỉnh, thành phố.")]
    if data.direction not in LeaderVisit.Direction.values:
        errors["direction"] = [_("Chọn hình thức làm việc.")]
    if data.status not in LeaderVisit.Status.values:
        errors["status"] = [_("Tình trạng không hợp lệ.")]
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc phải từ ngày bắt đầu trở đi.")]
    values = {
        "direction": data.direction,
        "province": province,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
        "ministry_leaders": _text(
            errors,
            "ministry_leaders",
            data.ministry_leaders,
            limit(LeaderVisit, "ministry_leaders"),
            required=True,
        ),
        "province_leaders": _text(
            errors, "province_leaders", data.province_leaders, limit(LeaderVisit, "province_leaders")
        ),
        "agenda": _text(errors, "agenda", data.agenda, limit(LeaderVisit, "agenda")),
        "agreed": _text(errors, "agreed", data.agreed, limit(LeaderVisit, "agreed")),
        "follow_up": _text(errors, "follow_up", data.follow_up, limit(LeaderVisit, "follow_up")),
        "status": data.status,
    }
    asks = [_text(errors, "asks", a, limit(VisitAsk, "text")) for a in data.asks]
    if len(asks) > 100:
        errors["asks"] = [_("Tối đa 100 đề nghị.")]
    _fail(errors, _("Chưa lưu được chuyến làm việc."))
    return values, [a for a in asks if a]


def _index_visit(visit: LeaderVisit, asks: list[str]) -> None:
    visit.search_text = search_key(
        visit.ministry_leaders, visit.province_leaders, visit.province.name, visit.agenda[:2000], *asks
    )


@transaction.atomic
def visit_create(*, actor: User, data: VisitInput) -> LeaderVisit:
    """The ministry records its leaders' working visits (DOMAIN.md §2: leader visits are the ministry's)."""
    scope = actor.scope
    if not (scope.can_write and (scope.is_national or scope.is_site_admin)):
        raise Forbidden()
    values, asks = _visit_values(data)
    mofa = Organisation.objects.filter(kind=Organisation.Kind.MOFA).first()
    visit = LeaderVisit(owner_org=mofa, created_by=actor, updated_by=actor, **values)
    _index_visit(visit, asks)
    save_versioned(visit, None)
    VisitAsk.objects.bulk_create([VisitAsk(visit=visit, text=a) for a in asks])
    audit.record(
        actor=actor, action="visit.create", target=visit, after={**audit.snapshot(visit), "asks": asks}
    )
    notify(
        users=staff_of(Organisation.objects.filter(code=f"tinh-{visit.province.code}").first()),
        kind="visit",
        title=rendered_later(
            gettext_noop("Lãnh đạo Bộ làm việc với tỉnh ngày %(d)s"), d=visit.starts_on.strftime("%d/%m/%Y")
        ),
        url=visit.get_absolute_url(),
        dedupe_key=f"visit-created-{visit.pk}",
    )
    return visit


PROVINCE_SIDE = ("province_leaders", "agenda", "agreed", "follow_up")


@transaction.atomic
def visit_update(
    *, actor: User, visit_id: int, expected_version: int | None, data: VisitInput
) -> LeaderVisit:
    """The ministry edits everything; the province visited edits its side (its leaders, agenda, what was
    agreed, follow-up, its asks)."""
    visit = get_for_action(LeaderVisit, actor, Action.CHANGE, pk=visit_id)
    values, asks = _visit_values(data)
    before = {**audit.snapshot(visit), "asks": [a.text for a in visit.asks.all()]}
    fields = (
        values
        if actor.scope.is_national or actor.scope.is_site_admin
        else {k: values[k] for k in PROVINCE_SIDE}
    )
    for k, v in fields.items():
        setattr(visit, k, v)
    visit.updated_by = actor
    existing = {a.text: a for a in visit.asks.all()}
    VisitAsk.objects.filter(visit=visit).exclude(text__in=asks).filter(request_id__isnull=True).delete()
    VisitAsk.objects.bulk_create([VisitAsk(visit=visit, text=a) for a in asks if a not in existing])
    all_asks = [a.text for a in visit.asks.all()]
    _index_visit(visit, all_asks)
    save_versioned(visit, expected_version)
    audit.record(
        actor=actor,
        action="visit.update",
        target=visit,
        before=before,
        after={**audit.snapshot(visit), "asks": all_asks},
    )
    return visit


def visit_ask_for_request(*, actor: Actor, ask_id: int) -> VisitAsk:
    """The ask a province turns into a request: it must belong to a visit of the actor's province."""
    ask = VisitAsk.objects.filter(pk=ask_id).select_related("visit__province").first()
    if (
        ask is None
        or not LeaderVisit.objects.visible_to(actor, Action.CHANGE).filter(pk=ask.visit_id).exists()
    ):
        raise NotFound()
    return ask


def visit_ask_link(*, actor: User, ask_id: int, request_id: int, request_number: str) -> None:
    """Called by the requests service in the same transaction that creates the request."""
    ask = visit_ask_for_request(actor=actor, ask_id=ask_id)
    if ask.request_id:
        raise ServiceError(_("Đề nghị này đã được chuyển thành đặt hàng %(n)s.") % {"n": ask.request_number})
    before = audit.snapshot(ask)
    ask.request_id = request_id
    ask.request_number = request_number
    ask.save(update_fields=["request_id", "request_number", "updated_at"])
    audit.record(
        actor=actor,
        action="visit.ask_to_request",
        target=ask,
        parent=ask.visit,
        before=before,
        after=audit.snapshot(ask),
    )
