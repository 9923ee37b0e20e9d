"""Who counts what in the reports officials sign (issue 22): `build(kind, …)` reads every figure from the apps'
selectors, as the actor, and returns a `ReportContent` for the writers (`reports.documents`) to lay out.

Scope: the national review is the ministry's (its department, or a site administrator); a province builds only
its own periodic report, a mission only its own support report; the ministry builds any. An organisation the
actor cannot see is "not found" (404), a kind it may not build "forbidden" (403)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.actors import Actor
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError
from ngoaivu.reports import periods
from ngoaivu.reports.content import ReportContent
from ngoaivu.reports.figures.common import day

KINDS = ("national_review", "province_periodic", "mission_support")
MINISTRY = "BỘ NGOẠI GIAO"
DEPARTMENT = "CỤC NGOẠI VỤ VÀ NGOẠI GIAO VĂN HÓA"


def check_scope(kind: str, *, actor: Actor, organisation: Organisation | None) -> None:
    """Raises `Forbidden` for a kind the actor may not build, `NotFound` for an organisation outside its scope
    (or of the wrong kind: a mission's report about a province is no report at all)."""
    scope = actor.scope
    if kind not in KINDS:
        message = _("Không có loại báo cáo “%(kind)s”.") % {"kind": kind}
        raise ServiceError(message, {"kind": [message]})
    if not scope.active:
        raise Forbidden()
    if kind == "national_review":
        if not scope.is_national:
            raise Forbidden()
        return
    wanted = Organisation.Kind.PROVINCE if kind == "province_periodic" else Organisation.Kind.MISSION
    if organisation is None:
        message = _("Hãy chọn đơn vị của báo cáo.")
        raise ServiceError(message, {"organisation": [message]})
    if organisation.kind != wanted:
        raise NotFound()
    if scope.is_national:
        return
    if (kind == "province_periodic" and not scope.is_province) or (
        kind == "mission_support" and not scope.is_mission
    ):
        raise Forbidden()
    if organisation.pk != scope.org_id:
        raise NotFound()


def check_period(period_from: dt.date, period_to: dt.date) -> None:
    """The dates of a report: `periods.check_period`, the one rule the builder's service applies too."""
    periods.check_period(period_from, period_to)


def build(
    kind: str,
    *,
    actor: Actor,
    period_from: dt.date,
    period_to: dt.date,
    organisation: Organisation | None = None,
) -> ReportContent:
    check_scope(kind, actor=actor, organisation=organisation)
    check_period(period_from, period_to)
    # an official document: Vietnamese whatever the reader's interface language
    with translation.override("vi"):
        return _content(kind, actor, period_from, period_to, organisation)


def _content(
    kind: str, actor: Actor, period_from: dt.date, period_to: dt.date, organisation: Organisation | None
) -> ReportContent:
    if kind == "national_review":
        from ngoaivu.reports.figures.national import national_sections

        return ReportContent(
            kind=kind,
            title=(
                "BÁO CÁO Tổng kết công tác đối ngoại địa phương "
                f"từ ngày {day(period_from)} đến ngày {day(period_to)}"
            ),
            period_from=period_from,
            period_to=period_to,
            issuing_body=DEPARTMENT,
            issuing_parent=MINISTRY,
            place="Hà Nội",
            sections=national_sections(actor, period_from, period_to),
            recipients=[
                "Lãnh đạo Bộ (để báo cáo)",
                "Các cơ quan đại diện",
                "UBND các tỉnh, thành phố",
                "Lưu: VT",
            ],
            signer_title="CỤC TRƯỞNG",
        )
    assert organisation is not None
    if kind == "province_periodic":
        from ngoaivu.reports.figures.province import province_report

        return province_report(actor, organisation, period_from, period_to)
    from ngoaivu.reports.figures.mission import mission_report

    return mission_report(actor, organisation, period_from, period_to)
