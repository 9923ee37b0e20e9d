"""Text out of uploaded files (PDF, DOCX, XLSX, TXT, HTML), whatever the encoding, as NFC Vietnamese text.

Every failure is an `ExtractError` with a message that says what is wrong with the file, so a batch can
report it per file and go on with the others. Every reader runs within the budget of `core.parsing` (rows,
columns, sheets, pages, expanded bytes, seconds): a hostile file is refused in well under its time budget
instead of holding a worker for minutes."""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ngoaivu.core.parsing import (
    Budget,
    Deadline,
    ParseRefused,
    looks_like_tcvn3,
    open_workbook,
    open_zip,
    sheet_rows,
)

FORMATS = ("pdf", "docx", "xlsx", "txt", "html", "htm")
MAX_TEXT_CHARS = 5_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


logger = logging.getLogger(__name__)


class ExtractError(ValueError):
    pass


_CLASS_NAME = re.compile(r"\s*\((?:[A-Z][a-z]+){2,}(?:Error|File|Exception)?\)(?=\.?$)")


def _reader_words(message: str) -> str:
    """A refusal as the reader reads it: without a trailing exception class ("… cắt cụt (BadZipFile).")."""
    return _CLASS_NAME.sub("", message)


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    encoding: str = ""


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def extract_text(
    data: bytes, name: str, *, max_bytes: int | None = None, budget: Budget | None = None
) -> Extracted:
    ext = extension(name)
    if ext not in FORMATS:
        raise ExtractError(f"Định dạng .{ext or '?'} không được hỗ trợ (nhận: PDF, DOCX, XLSX, TXT, HTML).")
    if not data:
        raise ExtractError("Tệp rỗng.")
    if max_bytes is not None and len(data) > max_bytes:
        raise ExtractError(
            f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB; tối đa {max_bytes // (1024 * 1024)} MB)."
        )
    budget = budget or Budget.current()
    try:
        deadline = budget.deadline()
        if ext == "pdf":
            result = Extracted(_pdf(data, budget, deadline), "pdf")
        elif ext == "docx":
            result = Extracted(_docx(data, budget, deadline), ext)
        elif ext == "xlsx":
            result = Extracted(_xlsx(data, budget, deadline), ext)
        else:
            text, encoding = decode(data)
            result = Extracted(
                html_to_text(text) if ext in {"html", "htm"} else text,
                "html" if ext == "htm" else ext,
                encoding,
            )
        text = normalise(result.text)
    except ParseRefused as exc:
        raise ExtractError(_reader_words(str(exc))) from exc
    if not text.strip():
        raise ExtractError("Không đọc được chữ nào trong tệp (tệp ảnh quét hoặc rỗng?).")
    return Extracted(text[:MAX_TEXT_CHARS], result.format, result.encoding)


def normalise(text: str) -> str:
    """NFC, no control characters, Windows line ends folded, no trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\u00a0", " ").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or NUL-patterned without), else Windows-1258, the legacy
    Vietnamese code page; binary junk is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:
        even_nuls = sample[0::2].count(0)
        odd_nuls = sample[1::2].count(0)
        # UTF-16 text without a BOM has its NULs on one side (the high byte of ASCII); a program or other
        # binary file has them on both
        if min(even_nuls, odd_nuls) * 4 > max(even_nuls, odd_nuls):
            raise ExtractError("Tệp chứa dữ liệu nhị phân, không phải văn bản.")
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        text = _strict(data, encoding)
        if _junk_share(text) > 0.05:
            raise ExtractError("Tệp chứa dữ liệu nhị phân, không phải văn bản.")
        return text, encoding
    if b"\x00" in sample:
        raise ExtractError("Tệp chứa dữ liệu nhị phân, không phải văn bản.")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # a UTF-8 file cut inside its last character (a truncated upload): keep what is whole
            return data[: exc.start].decode("utf-8"), "utf-8"
        text = _strict(data, "cp1258")
        encoding = "cp1258"
        if looks_like_tcvn3(text):
            raise ExtractError(
                "Tệp có vẻ dùng bảng mã cũ TCVN3 (ABC, phông .VnTime): hãy chuyển sang Unicode (UTF-8), ví dụ bằng "
                "Unikey, rồi tải lên lại."
            ) from None
    if _junk_share(text) > 0.05:
        raise ExtractError("Tệp chứa dữ liệu nhị phân, không phải văn bản.")
    return text, encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ExtractError(f"Không giải mã được tệp ({encoding}, byte {exc.start}).") from exc


def _junk_share(text: str) -> float:
    if not text:
        return 0.0
    junk = sum(
        1 for c in text[:20000] if (unicodedata.category(c) in {"Cc", "Co", "Cn"} and c not in "\n\r\t")
    )
    return junk / min(len(text), 20000)


class _HtmlText(HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "noscript", "template"}:
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "noscript", "template"} and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


class _PdfOverrun(BaseException):
    """Raised from inside pypdf's text extraction when the deadline passes. A BaseException on purpose: pypdf
    catches `Exception` around each form XObject it draws, which would swallow an ordinary error and go on."""


def _pdf(data: bytes, budget: Budget, deadline: Deadline) -> str:
    """Text of each page, within the budget: the page count, then every page's content size (decoded, before
    any text is extracted: pages that share one stream count it each time, as the extraction would), then the
    clock, read between pages and every few hundred content operators inside a page, forms included."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractError("Tệp không đúng định dạng PDF.")
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PdfReadError

    def visit(*_args: Any) -> None:
        try:
            deadline.tick()
        except ParseRefused as exc:
            raise _PdfOverrun(str(exc)) from None

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractError("Tệp PDF có mật khẩu.")
        count = len(reader.pages)
        if count > budget.max_pages:
            raise ExtractError(
                f"Tệp PDF có {count:,} trang (tối đa {budget.max_pages:,} trang).".replace(",", ".")
            )
        total = 0
        for number, page in enumerate(reader.pages, start=1):
            deadline.check()
            size = _content_size(page)
            if size > budget.max_page_content_bytes:
                raise ExtractError(
                    f"Trang {number} của tệp PDF có nội dung quá lớn ({size // 1024:,} KB; tối đa "
                    f"{budget.max_page_content_bytes // 1024:,} KB mỗi trang).".replace(",", ".")
                )
            total += size
            if total > budget.max_expanded_bytes or (
                total > 1024 * 1024 and total > budget.max_ratio * len(data)
            ):
                raise ExtractError(
                    f"Tệp PDF nở quá lớn khi đọc: {total // 1024:,} KB nội dung trang từ một tệp {len(data) // 1024:,} KB "
                    f"(tối đa gấp {budget.max_ratio} lần); có thể là tệp độc hại.".replace(",", ".")
                )
        parts: list[str] = []
        chars = 0
        for page in reader.pages:
            deadline.check()
            text = page.extract_text(visitor_operand_before=visit) or ""
            parts.append(text)
            chars += len(text)
            if chars > MAX_TEXT_CHARS:
                break
        return "\n\n".join(parts)
    except ExtractError:
        raise
    except _PdfOverrun as exc:
        raise ExtractError(_reader_words(str(exc))) from None
    except ParseRefused as exc:
        raise ExtractError(_reader_words(str(exc))) from exc
    except LimitReachedError as exc:
        logger.info("pdf refused at a safety limit: %s", exc)  # pypdf's English detail: the log, not the page
        raise ExtractError("Tệp PDF vượt giới hạn an toàn khi đọc.") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        logger.info("unreadable pdf: %s: %s", type(exc).__name__, exc)
        raise ExtractError("Tệp PDF hỏng hoặc không đọc được.") from exc


def _content_size(page: Any) -> int:
    """Decoded bytes of a page's /Contents (a stream or an array of streams)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    size = 0
    for item in streams:
        item = item.get_object()
        if hasattr(item, "get_data"):
            size += len(item.get_data())
    return size


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_BREAKS = {f"{W}br", f"{W}cr"}


def _docx(data: bytes, budget: Budget, deadline: Deadline) -> str:
    """Paragraphs of word/document.xml (tables included), streamed: each paragraph is read when it closes and
    then dropped, so memory stays flat whatever the size. The container is checked first (`open_zip`)."""
    with open_zip(data, "docx", budget) as archive:
        try:
            info = archive.getinfo("word/document.xml")
        except KeyError as exc:
            raise ExtractError("Tệp DOCX thiếu phần nội dung (word/document.xml).") from exc
        paragraphs: list[str] = []
        chars = 0
        depth = 0
        body: Any = None
        try:
            with archive.open(info) as source:
                for event, node in ElementTree.iterparse(source, events=("start", "end")):
                    deadline.tick()
                    if event == "start":
                        depth += 1
                        if body is None and node.tag == f"{W}body":
                            body = node
                        continue
                    depth -= 1
                    if node.tag == f"{W}p":
                        text = _paragraph_text(node)
                        paragraphs.append(text)
                        chars += len(text) + 1
                        node.clear()
                        if chars > MAX_TEXT_CHARS:
                            break
                    if depth == 2 and body is not None:  # a block of the body is done: drop it
                        body.clear()
        except (zipfile.BadZipFile, ParseError, DefusedXmlException, EOFError, OSError) as exc:
            kind = (
                "XML hỏng hoặc không an toàn" if isinstance(exc, ParseError | DefusedXmlException) else "hỏng"
            )
            logger.info("unreadable docx: %s: %s", type(exc).__name__, exc)
            raise ExtractError(f"Tệp DOCX {kind}.") from exc
    return "\n".join(paragraphs)


def _paragraph_text(p: Any) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in _DOCX_BREAKS:
            parts.append("\n")
    return "".join(parts)


def _xlsx(data: bytes, budget: Budget, deadline: Deadline) -> str:
    """Every sheet's rows as tab-separated lines: only cells really present, within the row, column and sheet
    budgets (the declared dimension is ignored), formulas as their cached values, never evaluated."""
    workbook = open_workbook(data, budget)
    lines = []
    chars = 0
    try:
        for sheet in workbook.worksheets:
            title = f"# {sheet.title}"
            for _number, row in sheet_rows(sheet, budget, deadline):
                line = "\t".join("" if v is None else str(v) for v in row).rstrip()
                if title:
                    lines.append(title)  # a sheet without values brings no text
                    title = ""
                lines.append(line)
                chars += len(line) + 1
                if chars > MAX_TEXT_CHARS:
                    break
            if chars > MAX_TEXT_CHARS:
                break
    finally:
        workbook.close()
    return "\n".join(lines)
