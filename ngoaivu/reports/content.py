"""What a report says, independent of the format it is written in (issue 22).

The figures side (`reports.figures`) builds a `ReportContent` from the apps' selectors; the writers
(`reports.documents`: Word in the Decree 30/2020 layout, PDF through LibreOffice, Excel annexes) only lay it out.
A figure carries the list filter that reproduces it, so a test can check the report against the records and a
reader can open the list behind any number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal | None  # None: no source for this figure yet (the report says so, never a made-up 0)


@dataclass(frozen=True)
class Figure:
    key: str  # stable code, e.g. "agreements_local_new"
    label: str  # Vietnamese, as printed
    value: Number
    unit: str = ""  # "thỏa thuận", "triệu USD", …
    list_url: str = ""  # the page (or API list) with the filter that reproduces the value, "" if none
    api_list: str = ""  # the API list path with query string that reproduces the value
    source: str = ""  # what it is counted from, in words; "" when value is None and `missing` says why
    missing: str = ""  # why there is no figure (no source yet): printed instead of a number


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str | int | Decimal | dt.date | None]]
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    narrative: str = ""  # the prefilled skeleton; officers edit it before export, the figures stay as counted
    bullets: list[str] = field(
        default_factory=list
    )  # record lines (dormant agreements, visits and what was asked)


@dataclass
class ReportContent:
    kind: str  # "national_review" | "province_periodic" | "mission_support"
    title: str
    period_from: dt.date
    period_to: dt.date
    issuing_body: str  # printed top left (e.g. "BỘ NGOẠI GIAO" / "CỤC NGOẠI VỤ VÀ NGOẠI GIAO VĂN HÓA")
    issuing_parent: str  # the line above it ("BỘ NGOẠI GIAO", "UBND TỈNH …")
    place: str  # "Hà Nội", "Đà Nẵng" — for "Hà Nội, ngày … tháng … năm …"
    sections: list[Section] = field(default_factory=list)
    proposals: str = ""  # kiến nghị, typed in by the province
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận"
    signer_title: str = ""  # "CỤC TRƯỞNG", with "KT." / "TM." as the signer chooses
    signer_name: str = ""
