"""Helpers every delegations service shares: validation of text and countries, the actor's province, the
delegation's history."""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from ngoaivu.audit import services as audit
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, ServiceError
from ngoaivu.core.text import clean_text
from ngoaivu.delegations.models import (
    Conference,
    Delegation,
    DelegationEvent,
)
from ngoaivu.directory.models import Country, Province

D = Delegation.State
C = Conference.State


def _today() -> dt.date:
    return timezone.localdate()


def limit(model: type[models.Model], name: str) -> int:
    """A text field's length rule, which the model owns; the services report it under their own field name and
    message ("Tối đa %(n)d ký tự.", not Django's `max_length` text), so the 400 answers stay as they were."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return int(field.max_length)


def _text(errors: dict[str, list[str]], name: str, value: str, limit: int, *, required: bool = False) -> str:
    value = clean_text(value or "")
    if required and not value:
        errors.setdefault(name, []).append(_("Không được để trống."))
    if len(value) > limit:
        errors.setdefault(name, []).append(_("Tối đa %(n)d ký tự.") % {"n": limit})
    return value


def _fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def _countries(errors: dict[str, list[str]], codes: tuple[str, ...], *, required: bool) -> list[Country]:
    wanted = {c.strip().upper() for c in codes if c.strip()}
    found = list(Country.objects.filter(iso2__in={c for c in wanted if re.fullmatch(r"[A-Z]{2}", c)}))
    unknown = wanted - {c.iso2 for c in found}
    if unknown:
        errors.setdefault("countries", []).append(
            _("Mã quốc gia không có trong danh mục: %(c)s") % {"c": ", ".join(sorted(unknown))}
        )
    if required and not wanted:
        errors.setdefault("countries", []).append(_("Chọn ít nhất một quốc gia."))
    return found


def _org_id(actor: Actor) -> int:
    """The organisation a record is created for: a planner's or a mission's scope always names one."""
    org_id = actor.scope.org_id
    if org_id is None:
        raise Forbidden()
    return org_id


def _province_of(actor: Actor) -> Province:
    province = Province.objects.filter(code=actor.scope.province_code).first()
    if province is None:
        raise Forbidden()
    return province


def may_plan(actor: Actor) -> bool:
    """Province officers and heads prepare their province's delegations and conferences."""
    scope = actor.scope
    return bool(scope.can_write and scope.is_province)


def _event(
    delegation: Delegation, actor: Actor, action: str, *, text: str = "", from_state: str = ""
) -> None:
    DelegationEvent.objects.create(
        delegation=delegation,
        actor_label=audit.actor_label(actor),
        action=action,
        from_state=from_state,
        to_state=delegation.state if from_state else "",
        text=text,
    )
