"""A mission's report on its support to localities: requests received and answered, ratings, delegations
received, briefs sent with their readership and usefulness (information app)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.actors import Actor
from ngoaivu.directory.models import Accreditation
from ngoaivu.reports.content import Figure, ReportContent, Section
from ngoaivu.reports.figures import sources as S
from ngoaivu.reports.figures.common import (
    ON_TIME_SOURCE,
    count,
    figure,
    in_words,
    missing,
    number,
    on_time_rate,
    pct,
    span,
)
from ngoaivu.reports.periods import named
from ngoaivu.requests.selectors import responsiveness

_v = in_words


def _requests(user: Actor, org: Organisation, start: dt.date, end: dt.date) -> Section:
    dates = {"date_from": start, "date_to": end}
    received = figure(
        "requests_received",
        "Đặt hàng của địa phương gửi đến",
        count(S.REQUESTS, user, {"box": "all", "recipient": org.code, **dates}, by_province=False),
        "đặt hàng",
        "Đặt hàng gửi trong kỳ có cơ quan là đơn vị nhận",
    )
    stats = responsiveness(user=user, date_from=start, date_to=end)  # type: ignore[arg-type]
    unit = next((u for u in stats["units"] if u.code == org.code), None)
    api = f"/api/v1/requests/responsiveness?date_from={start.isoformat()}&date_to={end.isoformat()}"
    page = reverse("requests:responsiveness") + f"?date_from={start.isoformat()}&date_to={end.isoformat()}"
    figures = [received]
    on_time: Decimal | None = None
    if unit is None or not unit.received:
        why = "Không có phần việc nào được giao cơ quan trong kỳ."
        figures += [
            missing("answered_on_time_pct", "Tỷ lệ trả lời đúng hạn", why, "%"),
            missing("average_rating", "Đánh giá bình quân của địa phương", why, "điểm/5"),
        ]
    else:
        figures += [
            Figure(
                "parts_received",
                "Phần việc nhận",
                unit.received,
                "phần việc",
                page,
                api,
                "Mức độ đáp ứng, cột “nhận”",
            ),
            Figure(  # the page shows it; the API's unit rows carry rates, not this count
                "parts_answered",
                "Phần việc đã trả lời",
                unit.answered,
                "phần việc",
                page,
                "",
                "Trang mức độ đáp ứng, dòng của cơ quan",
            ),
        ]
        on_time = on_time_rate([unit])
        figures.append(
            Figure("answered_on_time_pct", "Tỷ lệ trả lời đúng hạn", on_time, "%", page, api, ON_TIME_SOURCE)
            if on_time is not None
            else missing(
                "answered_on_time_pct",
                "Tỷ lệ trả lời đúng hạn",
                "Chưa có phần việc nào đến hạn trả lời trong kỳ.",
                "%",
            )
        )
        rating = unit.average_rating
        figures.append(
            Figure(
                "average_rating",
                "Đánh giá bình quân của địa phương",
                Decimal(str(rating)),
                "điểm/5",
                page,
                api,
                "Điểm đánh giá 1–5 của địa phương",
            )
            if rating is not None
            else missing(
                "average_rating",
                "Đánh giá bình quân của địa phương",
                "Chưa có địa phương nào đánh giá trong kỳ.",
                "điểm/5",
            )
        )
    narrative = f"{span(start, end).capitalize()}, cơ quan đã nhận {_v(received)} đặt hàng của các địa phương"
    if unit is not None and unit.received:
        narrative += f", trả lời {number(unit.answered)}/{number(unit.received)} phần việc" + (
            f"; tỷ lệ trả lời đúng hạn {pct(on_time)} (chưa tính phần việc chưa đến hạn)"
            if on_time is not None
            else ""
        )
        if unit.average_rating is not None:
            narrative += f"; địa phương đánh giá bình quân {number(unit.average_rating, 2)} điểm/5"
    return Section(
        "requests", "Tiếp nhận và trả lời đặt hàng của địa phương", figures, narrative=narrative + "."
    )


def _delegations(user: Actor, org: Organisation, start: dt.date, end: dt.date) -> Section:
    countries = list(
        Accreditation.objects.filter(mission__organisation=org).values_list("country__iso2", flat=True)
    )
    params: dict[str, object] = {
        "direction": "outbound",
        "approved": True,
        "date_from": start,
        "date_to": end,
    }
    label = "Đoàn của địa phương đến địa bàn được cơ quan hỗ trợ"
    what = "Đoàn ra đã phê duyệt, đi trong kỳ, đến các nước cơ quan phụ trách"
    if not countries:
        f = missing("delegations_received", label, "Cơ quan chưa có nước phụ trách trong danh mục.", "đoàn")
    elif user.scope.org_id == org.pk or len(countries) == 1:
        # a mission reads the delegations to its own host countries: its list, unfiltered, is the figure
        if user.scope.org_id != org.pk:
            params["country"] = countries[0]
        f = figure(
            "delegations_received", label, count(S.DELEGATIONS, user, params, by_province=False), "đoàn", what
        )
    else:  # the ministry, several accredited countries: the union (a delegation to two of them counts once)
        ids: set[int] = set()
        for iso in countries:
            ids |= set(S.DELEGATIONS.rows(user, {"country": iso, **params}).values_list("pk", flat=True))
        f = Figure(
            "delegations_received", label, len(ids), "đoàn", source=what + " (" + ", ".join(countries) + ")"
        )
    return Section(
        "delegations",
        "Hỗ trợ đoàn của địa phương",
        [f],
        narrative=f"Cơ quan đã hỗ trợ {_v(f)} đoàn công tác của các địa phương đến địa bàn.",
    )


def _others(user: Actor, org: Organisation, start: dt.date, end: dt.date) -> Section:
    dossiers = figure(
        "market_access",
        "Hồ sơ mở cửa thị trường cơ quan hỗ trợ",
        count(S.MARKET_ACCESS, user, {"mission": org.code}, by_province=False),
        "hồ sơ",
        "Hồ sơ mở cửa thị trường có cơ quan hỗ trợ",
    )
    figures, narrative = _briefs(user, org, start, end)
    return Section(
        "information",
        "Thông tin, tham mưu cho địa phương",
        [dossiers, *figures],
        narrative=f"Cơ quan hỗ trợ {_v(dossiers)} hồ sơ mở cửa thị trường của các địa phương; {narrative}.",
    )


def _briefs(user: Actor, org: Organisation, start: dt.date, end: dt.date) -> tuple[list[Figure], str]:
    """The briefs the mission published in the period (information.selectors.brief_figures): how many, how many
    provinces they were addressed to and opened them, and the share of the provinces' ratings saying useful."""
    from ngoaivu.information.selectors import brief_figures

    found = brief_figures(user=user, org_id=org.pk, start=start, end=end)
    query = f"?author={org.code}&published_from={start.isoformat()}&published_to={end.isoformat()}&status=all"
    # the author reads its own briefs' readership; the ministry, the list of the mission's briefs
    page = (
        reverse("information:readership" if user.scope.org_id == org.pk else "information:brief_list") + query
    )
    source = "Bản tin phát hành trong kỳ (không tính dự thảo)"
    figures = [
        Figure(
            "briefs_sent",
            "Bản tin, thông tin tham mưu gửi địa phương",
            found.published,
            "bản tin",
            reverse("information:brief_list") + query,
            "/api/v1/briefs" + query,
            source,
        ),
        Figure(
            "briefs_provinces_reached",
            "Số tỉnh, thành phố nhận bản tin",
            found.provinces_reached,
            "tỉnh, thành phố",
            page,
            "",
            "Tỉnh được gửi: tất cả, theo vùng hoặc theo tên, trong các bản tin phát hành trong kỳ",
        ),
        Figure(
            "briefs_provinces_opened",
            "Số tỉnh, thành phố đã mở bản tin",
            found.provinces_opened,
            "tỉnh, thành phố",
            page,
            "",
            "Tỉnh có ít nhất một người đã mở một bản tin phát hành trong kỳ",
        ),
        Figure(
            "briefs_useful_pct",
            "Tỷ lệ đánh giá hữu ích",
            found.useful_pct,
            "%",
            page,
            "",
            f"Đánh giá “hữu ích” trên {number(found.ratings)} đánh giá của các tỉnh (mỗi tỉnh một đánh giá mỗi bản tin)",
        )
        if found.useful_pct is not None
        else missing(
            "briefs_useful_pct",
            "Tỷ lệ đánh giá hữu ích",
            "Chưa có tỉnh nào đánh giá bản tin phát hành trong kỳ.",
            "%",
        ),
    ]
    if not found.published:
        return figures, "trong kỳ cơ quan chưa phát hành bản tin, thông tin tham mưu nào cho địa phương"
    text = (
        f"cơ quan đã phát hành {number(found.published)} bản tin, thông tin tham mưu gửi "
        f"{number(found.provinces_reached)} tỉnh, thành phố, {number(found.provinces_opened)} tỉnh, thành phố đã mở"
    )
    if found.useful_pct is not None:
        text += f"; {pct(found.useful_pct)} đánh giá của các tỉnh cho là hữu ích"
    return figures, text


HEADS = {  # who signs for a mission, by its kind (directory.Mission.Kind)
    "embassy": "ĐẠI SỨ",
    "consulate_general": "TỔNG LÃNH SỰ",
    "consulate": "LÃNH SỰ",
    "permanent_mission": "TRƯỞNG PHÁI ĐOÀN",
}


def mission_report(user: Actor, organisation: Organisation, start: dt.date, end: dt.date) -> ReportContent:
    return ReportContent(
        kind="mission_support",
        title=f"BÁO CÁO Công tác hỗ trợ địa phương {named(start, end)}",
        period_from=start,
        period_to=end,
        issuing_body=organisation.name_vi.upper(),
        issuing_parent="BỘ NGOẠI GIAO",
        place=getattr(getattr(organisation, "mission", None), "city", "") or "Hà Nội",
        sections=[
            _requests(user, organisation, start, end),
            _delegations(user, organisation, start, end),
            _others(user, organisation, start, end),
        ],
        recipients=["Bộ Ngoại giao (Cục Ngoại vụ và Ngoại giao văn hóa)", "Lưu: VT"],
        signer_title=HEADS.get(
            getattr(getattr(organisation, "mission", None), "kind", ""), "THỦ TRƯỞNG CƠ QUAN"
        ),
    )
