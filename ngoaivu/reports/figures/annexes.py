"""The annex tables of a province's periodic report: the records behind its figures (agreements signed,
delegations, indicators by year), read through the same list selectors as the figures, so an annex never
lists a record its figure does not count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ngoaivu.core.actors import Actor
from ngoaivu.reports.content import Table
from ngoaivu.reports.figures import sources as S
from ngoaivu.reports.figures.indicators import IndicatorFigure

ROWS = 500  # an annex lists at most this many records; the list behind the figure has them all
Cell = str | int | Decimal | dt.date | None


def _note(shown: int, total: int) -> str:
    return f"Liệt kê {shown}/{total} bản ghi; danh sách đầy đủ trên hệ thống." if shown < total else ""


def agreements_table(user: Actor, params: dict[str, Any], total: int) -> Table:
    rows: list[list[Cell]] = [
        [a.title_vi, a.kind.name_vi, a.country.name_vi if a.country_id else "", a.signed_on]
        for a in S.AGREEMENTS.rows(user, params)[:ROWS]
    ]
    return Table(
        "Thỏa thuận quốc tế, bản ghi nhớ ký trong kỳ",
        ["Tên thỏa thuận", "Loại", "Quốc gia", "Ngày ký"],
        rows,
        _note(len(rows), total),
    )


def delegations_table(user: Actor, params: dict[str, Any], total: int) -> Table:
    rows: list[list[Cell]] = [
        [
            d.get_direction_display(),
            d.title,
            ", ".join(sorted(c.name_vi for c in d.countries.all())),
            d.departs_on,
            d.returns_on,
        ]
        for d in S.DELEGATIONS.rows(user, params)[:ROWS]
    ]
    return Table(
        "Đoàn ra, đoàn vào trong kỳ",
        ["Loại đoàn", "Tên đoàn", "Quốc gia", "Từ ngày", "Đến ngày"],
        rows,
        _note(len(rows), total),
    )


def indicators_table(found: list[IndicatorFigure]) -> Table:
    """Each indicator's yearly figures for the province (one column per indicator; empty: no figure)."""
    years = sorted({y for f in found for y in f.by_year})
    rows: list[list[Cell]] = [[str(y), *[f.by_year.get(y) for f in found]] for y in years]
    labels = [f"{f.figure.label.split(' (năm')[0]} ({f.figure.unit})" for f in found]
    return Table("Chỉ tiêu kinh tế đối ngoại theo năm", ["Năm", *labels], rows)
