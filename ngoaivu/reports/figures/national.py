"""The national review for the Hội nghị Ngoại vụ toàn quốc (DOMAIN.md §6.2): the headline figures of the 2016
review — new local agreements with foreign localities, MOUs with foreign firms and organisations, FDI, foreign
NGO aid per year, UNESCO recognitions, licensed foreign press delegations, remittances, officials trained —,
delegations in and out, the ministry leaders' visits to provinces and what was asked, requests and
responsiveness; each with a table by current province (and by province as named then where the records keep
it), and the list of dormant agreements. Every count is its list's count (see `common`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from ngoaivu.agreements.selectors import dormancy
from ngoaivu.core.actors import Actor
from ngoaivu.reports.content import Figure, Section, Table
from ngoaivu.reports.figures import sources as S
from ngoaivu.reports.figures.common import (
    MILLION,
    ON_TIME_SOURCE,
    Counted,
    amount,
    count,
    counted,
    day,
    figure,
    former_names,
    former_table,
    in_words,
    missing,
    number,
    on_time_rate,
    pct,
    province_names,
    province_table,
    said,
    span,
    tally,
)
from ngoaivu.reports.figures.indicators import (
    coverage_sentence,
    coverage_table,
    indicator_figure,
    province_column,
    report_years,
    year_table,
)
from ngoaivu.requests.selectors import responsiveness

LOCAL_KINDS = ["provincial", "department", "sister_city"]  # as the indicator agreements_signed_provincial
DORMANT_LINES = 200  # the document lists at most this many dormant agreements; the list has them all


_value = _money = in_words  # a count, or money in "triệu USD", or what is missing, in a sentence


class Review:
    """One national review being built: the reader, the period and the shared look-ups."""

    def __init__(self, user: Actor, start: dt.date, end: dt.date) -> None:
        self.user, self.start, self.end = user, start, end
        self.names = province_names()
        self.formers = former_names()
        self.span = span(start, end)

    def count(self, source: S.ListSource, **params: Any) -> Counted:
        return count(source, self.user, params)

    def tables(self, title: str, columns: list[tuple[str, Counted]], *, former: bool = True) -> list[Table]:
        found = [province_table(title, [(h, c.by_current) for h, c in columns], names=self.names)]
        if former and any(c.source.former for _, c in columns):
            names = self.formers if columns[0][1].source.former.endswith("__code") else {}
            found.append(
                former_table(
                    f"{title} (theo tỉnh khi ghi nhận)", [(h, c.by_former) for h, c in columns], names=names
                )
            )
        return found

    # --- sections ---------------------------------------------------------------------------------------------

    def agreements(self) -> Section:
        dates = {"signed_from": self.start, "signed_to": self.end}
        local = self.count(S.AGREEMENTS, kinds=LOCAL_KINDS, **dates)
        mous = self.count(S.AGREEMENTS, kind="mou", **dates)
        dormant = self.count(S.AGREEMENTS, dormant=True)
        figures = [
            figure(
                "agreements_local_new",
                "Thỏa thuận quốc tế mới ký với địa phương nước ngoài",
                local,
                "thỏa thuận",
                "Sổ đăng ký thỏa thuận: thỏa thuận nhân danh UBND/HĐND tỉnh, của Sở, xã biên giới, kết nghĩa, "
                "ký trong kỳ",
            ),
            figure(
                "mous_new",
                "Bản ghi nhớ mới ký với doanh nghiệp, tổ chức nước ngoài",
                mous,
                "bản ghi nhớ",
                "Sổ đăng ký thỏa thuận: bản ghi nhớ ký trong kỳ",
            ),
            figure(
                "agreements_dormant",
                f"Thỏa thuận chưa được triển khai (đến ngày {day(timezone.localdate())})",
                dormant,
                "thỏa thuận",
                "Thỏa thuận đã ký không có hoạt động, tiến độ lộ trình trong thời hạn quy định hoặc chưa có lộ trình",
            ),
        ]
        listed = S.AGREEMENTS.rows(self.user, {"dormant": True})
        bullets = [dormant_line(a) for a in listed[:DORMANT_LINES]]
        by_country = tally(listed.order_by(), "country__name_vi")
        countries = Table(
            "Thỏa thuận chưa triển khai theo quốc gia đối tác",
            ["Quốc gia", "Thỏa thuận"],
            [
                [name or "Không ghi quốc gia", n]
                for name, n in sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0] or ""))
            ],
        )
        narrative = said(
            [
                counted(
                    f"{self.span}, các địa phương đã ký {{}} thỏa thuận quốc tế với các địa phương nước ngoài",
                    figures[0],
                ),
                counted("ký {} bản ghi nhớ với doanh nghiệp, tổ chức nước ngoài", figures[1]),
            ]
        ) + (
            f" Hiện còn {_value(figures[2])} thỏa thuận chưa được triển khai trên thực tế; các địa phương cần "
            "xây dựng lộ trình, ưu tiên triển khai và định kỳ rà soát các thỏa thuận này."
            if figures[2].value
            else ""
        )
        return Section(
            "agreements",
            "Ký kết và triển khai thỏa thuận quốc tế",
            figures,
            self.tables(
                "Thỏa thuận ký trong kỳ theo tỉnh, thành phố", [("Thỏa thuận", local), ("Bản ghi nhớ", mous)]
            )
            + self.tables(
                "Thỏa thuận chưa triển khai theo tỉnh, thành phố", [("Thỏa thuận", dormant)], former=False
            )
            + [countries],
            narrative,
            bullets,
        )

    def economy(self) -> Section:
        fdi = indicator_figure(
            self.user, "fdi_registered_new", "Vốn FDI đăng ký cấp mới", self.start, self.end
        )
        added = indicator_figure(
            self.user, "fdi_registered_additional", "Vốn FDI đăng ký tăng thêm", self.start, self.end
        )
        realised = indicator_figure(self.user, "fdi_realised", "Vốn FDI thực hiện", self.start, self.end)
        remit = indicator_figure(self.user, "remittances", "Kiều hối", self.start, self.end)
        found = [fdi, added, realised, remit]
        parts = [p for p in found if p.figure.value is not None]  # a missing figure gets no column of zeros
        tables = (
            [
                province_table(
                    "Vốn FDI và kiều hối theo tỉnh, thành phố (USD)",
                    [(p.figure.label.split(" (")[0], province_column(p.by_current)) for p in parts],
                    names=self.names,
                )
            ]
            if parts
            else []
        )
        former_rows = sorted({k for p in parts for k in p.by_former})
        if former_rows:
            tables.append(
                Table(
                    "Vốn FDI và kiều hối theo đơn vị khi báo cáo (USD)",
                    ["Đơn vị khi báo cáo", *[p.figure.label.split(" (")[0] for p in parts]],
                    [[k, *[p.by_former.get(k) for p in parts]] for k in former_rows],
                )
            )
        narrative = "Công tác ngoại giao kinh tế tiếp tục được đẩy mạnh. " + said(
            [
                amount("vốn đầu tư trực tiếp nước ngoài đăng ký cấp mới", fdi.figure),
                amount("vốn đăng ký tăng thêm", added.figure),
                amount("vốn thực hiện", realised.figure),
                amount("lượng kiều hối chuyển về", remit.figure),
            ]
        )
        named = [(p.figure.label.split(" (")[0], p) for p in parts]
        narrative += coverage_sentence(named)
        covered = coverage_table("Số tỉnh, thành phố có số liệu vốn FDI, kiều hối theo năm", named)
        if covered:
            tables.append(covered)
        return Section(
            "economy",
            "Ngoại giao kinh tế: đầu tư trực tiếp nước ngoài và kiều hối",
            [p.figure for p in found],
            tables,
            narrative,
        )

    def aid(self) -> Section:
        committed = indicator_figure(
            self.user,
            "ngo_aid_committed",
            "Viện trợ phi chính phủ nước ngoài cam kết",
            self.start,
            self.end,
            per_year=True,
        )
        disbursed = indicator_figure(
            self.user,
            "ngo_aid_disbursed",
            "Viện trợ phi chính phủ nước ngoài giải ngân",
            self.start,
            self.end,
            per_year=True,
        )
        kept = [
            (n, p)
            for n, p in (("Cam kết", committed), ("Giải ngân", disbursed))
            if p.figure.value is not None
        ]
        # the years that have a figure, even when a year without an exchange rate leaves the total missing
        tables = [
            year_table(f"Viện trợ PCPNN {n.lower()} theo năm (USD)", p.by_year, "USD")
            for n, p in (("Cam kết", committed), ("Giải ngân", disbursed))
            if p.by_year
        ]
        if kept:
            tables.append(
                province_table(
                    "Viện trợ PCPNN theo tỉnh, thành phố (USD)",
                    [(n, province_column(p.by_current)) for n, p in kept],
                    names=self.names,
                )
            )
        yearly = ", ".join(
            f"năm {y}: {number(v / MILLION, 2)} triệu USD" for y, v in sorted(disbursed.by_year.items())
        )
        narrative = said(
            [
                amount("Viện trợ phi chính phủ nước ngoài được cam kết", committed.figure),
                amount("giải ngân", disbursed.figure) + (f" ({yearly})" if yearly else ""),
            ]
        )
        named = [(f"Viện trợ PCPNN {n.lower()}", p) for n, p in kept]
        narrative += coverage_sentence(named)
        covered = coverage_table("Số tỉnh, thành phố có số liệu viện trợ PCPNN theo năm", named)
        if covered:
            tables.append(covered)
        return Section(
            "aid",
            "Viện trợ phi chính phủ nước ngoài",
            [committed.figure, disbursed.figure],
            tables,
            narrative,
        )

    def culture(self) -> Section:
        first, last = report_years(self.start, self.end)
        titles = self.count(S.UNESCO, recognised=True, decided_from=first, decided_to=last)
        f = figure(
            "unesco_recognitions",
            "Danh hiệu UNESCO được ghi danh, công nhận",
            titles,
            "danh hiệu",
            f"Hồ sơ UNESCO có quyết định ghi danh, công nhận trong các năm {first}–{last}",
        )
        names = [t.name_vi for t in S.UNESCO.rows(self.user, titles.params)[:50]]
        narrative = (
            f"Công tác ngoại giao văn hóa đạt kết quả nổi bật với {_value(f)} danh hiệu được UNESCO ghi danh, "
            "công nhận" + (f" (tiêu biểu: {'; '.join(names[:5])})" if names else "") + "."
            if f.value
            else ""
        )
        return Section(
            "culture",
            "Ngoại giao văn hóa, UNESCO",
            [f],
            self.tables("Danh hiệu UNESCO theo tỉnh chủ trì", [("Danh hiệu", titles)]),
            narrative,
            names,
        )

    def press(self) -> Section:
        visits = self.count(S.PRESS, licensed=True, date_from=self.start, date_to=self.end)
        f = figure(
            "press_licensed",
            "Đoàn phóng viên nước ngoài được cấp phép",
            visits,
            "đoàn",
            "Đoàn phóng viên nước ngoài tác nghiệp trong kỳ, đã được cấp phép",
        )
        narrative = (
            f"Công tác thông tin đối ngoại được chú trọng: các địa phương đã đón {_value(f)} đoàn phóng viên "
            "nước ngoài được cấp phép đến tác nghiệp."
            if f.value
            else ""
        )
        return Section(
            "press",
            "Thông tin đối ngoại, phóng viên nước ngoài",
            [f],
            self.tables("Đoàn phóng viên nước ngoài theo tỉnh đón", [("Đoàn", visits)]),
            narrative,
        )

    def training(self) -> Section:
        done = self.count(S.NOMINATIONS, status="attended", date_from=self.start, date_to=self.end)
        f = figure(
            "officials_trained",
            "Lượt cán bộ được đào tạo, bồi dưỡng về đối ngoại",
            done,
            "lượt",
            "Lượt cử cán bộ đã tham dự các khóa kết thúc trong kỳ",
        )
        narrative = (
            f"Công tác đào tạo, bồi dưỡng cán bộ làm công tác đối ngoại được quan tâm với {_value(f)} lượt cán "
            "bộ tham gia các khóa đào tạo, bồi dưỡng nghiệp vụ, ngoại ngữ, biên phiên dịch."
            if f.value
            else ""
        )
        return Section(
            "training",
            "Đào tạo, bồi dưỡng cán bộ",
            [f],
            self.tables("Lượt cán bộ được đào tạo theo tỉnh cử", [("Lượt", done)]),
            narrative,
        )

    def delegations(self) -> Section:
        dates = {"approved": True, "date_from": self.start, "date_to": self.end}
        out = self.count(S.DELEGATIONS, direction="outbound", **dates)
        inbound = self.count(S.DELEGATIONS, direction="inbound", **dates)
        figures = [
            figure("delegations_outbound", "Đoàn ra", out, "đoàn", "Đoàn ra đã được phê duyệt, đi trong kỳ"),
            figure(
                "delegations_inbound", "Đoàn vào", inbound, "đoàn", "Đoàn vào đã được phê duyệt, đến trong kỳ"
            ),
        ]
        narrative = said(
            [
                counted("Các địa phương đã tổ chức {} đoàn ra", figures[0]),
                counted("đón {} đoàn vào", figures[1]),
            ]
        )
        return Section(
            "delegations",
            "Hoạt động đoàn ra, đoàn vào",
            figures,
            self.tables("Đoàn ra, đoàn vào theo tỉnh, thành phố", [("Đoàn ra", out), ("Đoàn vào", inbound)]),
            narrative,
        )

    def visits(self) -> Section:
        held = self.count(
            S.VISITS, direction="to_province", status="held", date_from=self.start, date_to=self.end
        )
        f = figure(
            "ministry_visits",
            "Chuyến thăm, làm việc của Lãnh đạo Bộ tại địa phương",
            held,
            "chuyến",
            "Chuyến thăm, làm việc đã diễn ra trong kỳ",
        )
        rows = S.VISITS.rows(self.user, held.params).prefetch_related("asks")
        bullets: list[str] = []
        asks = as_requests = 0
        for v in rows[:DORMANT_LINES]:
            as_requests += sum(1 for a in v.asks.all() if a.request_number)
            asked = [
                a.text + (f" (đặt hàng {a.request_number})" if a.request_number else "") for a in v.asks.all()
            ]
            asks += len(asked)
            line = f"{day(v.starts_on)}: {v.ministry_leaders} làm việc tại {v.province.name}"
            bullets.append(line + (f"; tỉnh đề nghị: {'; '.join(asked)}" if asked else ""))
        narrative = said(
            [
                counted("Lãnh đạo Bộ đã có {} chuyến thăm, làm việc tại các địa phương", f),
                f"qua đó các địa phương nêu {number(asks)} đề nghị cụ thể"
                + (
                    f", trong đó {number(as_requests)} đề nghị đã được chuyển thành đặt hàng để theo dõi đến khi "
                    "có kết quả"
                    if as_requests
                    else ""
                )
                if f.value and asks
                else "",
            ]
        )
        return Section(
            "visits",
            "Lãnh đạo Bộ thăm, làm việc tại địa phương",
            [f],
            self.tables("Chuyến thăm của Lãnh đạo Bộ theo tỉnh, thành phố", [("Chuyến", held)]),
            narrative,
            bullets,
        )

    def requests(self) -> Section:
        sent = self.count(
            S.REQUESTS, box="all", date_from=self.start, date_to=self.end
        )  # the page defaults to a box
        figures = [
            figure(
                "requests_sent",
                "Đặt hàng của địa phương gửi Bộ, cơ quan đại diện",
                sent,
                "đặt hàng",
                "Đặt hàng gửi trong kỳ",
            )
        ]
        stats = responsiveness(user=self.user, date_from=self.start, date_to=self.end)  # type: ignore[arg-type]
        units = stats["units"]
        api = f"/api/v1/requests/responsiveness?date_from={self.start.isoformat()}&date_to={self.end.isoformat()}"
        page = (
            reverse("requests:responsiveness")
            + f"?date_from={self.start.isoformat()}&date_to={self.end.isoformat()}"
        )
        received = sum(u.received for u in units)
        # answered parts: the per-province rows of the same report (the API shows them; units show rates only)
        answered = sum(p["answered"] for p in stats["provinces"])
        on_time = on_time_rate(units)
        if received:
            figures += [
                Figure(
                    "request_parts",
                    "Phần việc giao đơn vị xử lý",
                    received,
                    "phần việc",
                    page,
                    api,
                    "Mỗi đơn vị nhận một phần việc của đặt hàng (mức độ đáp ứng, cột “nhận”)",
                ),
                Figure(
                    "request_parts_answered",
                    "Phần việc đã trả lời",
                    answered,
                    "phần việc",
                    page,
                    api,
                    "Mức độ đáp ứng theo tỉnh gửi, cột “đã trả lời”",
                ),
            ]
        figures.append(
            Figure(
                "request_answered_on_time_pct",
                "Tỷ lệ trả lời đúng hạn",
                on_time,
                "%",
                page,
                api,
                ON_TIME_SOURCE,
            )
            if on_time is not None
            else missing(
                "request_answered_on_time_pct",
                "Tỷ lệ trả lời đúng hạn",
                "Chưa có phần việc nào đến hạn trả lời trong kỳ."
                if received
                else "Không có phần việc nào được giao trong kỳ.",
                "%",
            )
        )
        table = Table(
            "Mức độ đáp ứng theo đơn vị nhận",
            ["Đơn vị", "Nhận", "Đã trả lời", "Đúng hạn (%)", "Đang mở", "Quá hạn", "Đánh giá bình quân"],
            [
                [u.name, u.received, u.answered, on_time_rate([u]), u.open, u.overdue, u.average_rating]
                for u in units
            ],
            "Đúng hạn: phần việc trả lời trong hạn trên phần việc đã trả lời hoặc đã quá hạn; phần việc đang mở "
            "chưa đến hạn chưa tính.",
        )
        rated = [Decimal(str(u.average_rating)) for u in units if u.average_rating is not None]
        avg = sum(rated) / len(rated) if rated else None
        narrative = (
            f"Các địa phương đã gửi {_value(figures[0])} đặt hàng tới Bộ và các cơ quan đại diện"
            + (
                f"; {number(answered)}/{number(received)} phần việc đã được trả lời"
                + (
                    f", tỷ lệ trả lời đúng hạn {pct(on_time)} (chưa tính phần việc chưa đến hạn)"
                    if on_time is not None
                    else ""
                )
                if received
                else ""
            )
            + (f"; mức đánh giá bình quân của các đơn vị {number(avg, 2)} điểm/5" if avg is not None else "")
            + "."
        )
        return Section(
            "requests",
            "Đặt hàng và mức độ đáp ứng",
            figures,
            [*self.tables("Đặt hàng theo tỉnh gửi", [("Đặt hàng", sent)], former=False), table],
            narrative,
        )


def dormant_line(a: Any) -> str:
    """One dormant agreement as the review lists it (DOMAIN.md §6.4): province, country, signing date, how
    long idle and the last activity, in the agreements app's own words."""
    parts = [a.province.name]
    if a.country_id:
        parts.append(a.country.name_vi)
    if a.signed_on:
        parts.append(f"ký ngày {day(a.signed_on)}")
    reason = dormancy(a).reason
    return f"{a.title_vi} — {', '.join(parts)}" + (f"; {reason[0].lower()}{reason[1:]}" if reason else "")


def national_sections(user: Actor, start: dt.date, end: dt.date) -> list[Section]:
    review = Review(user, start, end)
    return [
        review.agreements(),
        review.economy(),
        review.aid(),
        review.culture(),
        review.press(),
        review.training(),
        review.delegations(),
        review.visits(),
        review.requests(),
    ]
