"""What every consular write shares: today, the parties of a case, error helpers."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ngoaivu.accounts.models import Organisation
from ngoaivu.consular.models import CONSULAR_UNIT_CODE, CitizenCase
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import ServiceError


def today() -> dt.date:
    return timezone.localdate()


def fail(errors: dict[str, list[str]], message: str) -> None:
    if errors:
        raise ServiceError(message, errors)


def consular_unit() -> Organisation | None:
    return Organisation.objects.filter(code=CONSULAR_UNIT_CODE, is_active=True).first()


def province_org(case: CitizenCase) -> Organisation | None:
    """The external-affairs body of the citizen's province of origin."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.PROVINCE, province_code=case.province.code, is_active=True
        )
        .order_by("pk")
        .first()
    )


def is_consular_unit(actor: Actor) -> bool:
    scope = actor.scope
    return scope.active and scope.org_id is not None and scope.org_code == CONSULAR_UNIT_CODE


def is_handling_mission(actor: Actor, case: CitizenCase) -> bool:
    scope = actor.scope
    return bool(scope.active and scope.can_write and scope.org_id == case.owner_org_id)


def is_origin_province(actor: Actor, case: CitizenCase) -> bool:
    scope = actor.scope
    return bool(scope.active and scope.is_province and scope.province_code == case.province.code)


def user_id(actor: Actor) -> int | None:
    return actor.pk if actor.is_authenticated else None
