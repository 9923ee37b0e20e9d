"""The writers of a report (issue 22): Word in the Decree 30/2020 layout, PDF of the same document through
LibreOffice, Excel annexes with the tables. They lay out a `ReportContent`; they never count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ngoaivu.reports.content import ReportContent
from ngoaivu.reports.documents.annex import write_xlsx
from ngoaivu.reports.documents.pdf import PdfUnavailable, docx_to_pdf
from ngoaivu.reports.documents.word import write_docx

__all__ = ["FORMATS", "PdfUnavailable", "Written", "docx_to_pdf", "write", "write_docx", "write_xlsx"]

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Written:
    data: bytes
    extension: str
    content_type: str


def write(content: ReportContent, fmt: str, *, issued_on: dt.date, symbol: str = "") -> Written:
    """The report in `fmt` (docx, pdf or xlsx); `PdfUnavailable` when a PDF cannot be made here. `symbol` is
    the document's symbol after "Số: …/" (empty: the default for its kind and issuing body)."""
    if fmt == "xlsx":
        data = write_xlsx(content)
    elif fmt == "pdf":
        data = docx_to_pdf(write_docx(content, issued_on=issued_on, symbol=symbol))
    elif fmt == "docx":
        data = write_docx(content, issued_on=issued_on, symbol=symbol)
    else:
        raise ValueError(fmt)
    return Written(data, fmt, FORMATS[fmt])
