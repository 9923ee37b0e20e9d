"""Text out of uploaded files (PDF, DOCX, XLSX, TXT, HTML), whatever the encoding, as NFC Vietnamese text.

Every failure is an `ExtractError` with a message that says what is wrong with the file, so a batch can
report it per file and go on with the others."""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

FORMATS = ("pdf", "docx", "xlsx", "txt", "html", "htm")
MAX_TEXT_CHARS = 5_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ExtractError(ValueError):
    pass


@dataclass(frozen=True)
class Extracted:
    text: str
    format: str
    encoding: str = ""


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def extract_text(data: bytes, name: str, *, max_bytes: int | None = None) -> Extracted:
    ext = extension(name)
    if ext not in FORMATS:
        raise ExtractError(f"Định dạng .{ext or '?'} không được hỗ trợ (nhận: PDF, DOCX, XLSX, TXT, HTML).")
    if not data:
        raise ExtractError("Tệp rỗng.")
    if max_bytes is not None and len(data) > max_bytes:
        raise ExtractError(
            f"Tệp quá lớn ({len(data) // (1024 * 1024)} MB; tối đa {max_bytes // (1024 * 1024)} MB)."
        )
    if ext == "pdf":
        result = Extracted(_pdf(data), "pdf")
    elif ext in {"docx", "xlsx"}:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ExtractError(f"Tệp không đúng định dạng {ext.upper()} (không phải tệp Office Open XML).")
        result = Extracted(_docx(data) if ext == "docx" else _xlsx(data), ext)
    else:
        text, encoding = decode(data)
        result = Extracted(
            html_to_text(text) if ext in {"html", "htm"} else text, "html" if ext == "htm" else ext, encoding
        )
    text = normalise(result.text)
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
        encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
        return _strict(data, encoding), encoding
    if b"\x00" in sample:
        raise ExtractError("Tệp chứa dữ liệu nhị phân, không phải văn bản.")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = _strict(data, "cp1258")
        encoding = "cp1258"
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


def _pdf(data: bytes) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractError("Tệp không đúng định dạng PDF.")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractError("Tệp PDF có mật khẩu.")
        return "\n\n".join((page.extract_text() or "") for page in reader.pages)
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractError(f"Tệp PDF hỏng hoặc không đọc được ({type(exc).__name__}).") from exc


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(data: bytes) -> str:
    """Paragraphs of word/document.xml (tables included), read with the standard library."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 200 * 1024 * 1024:
                raise ExtractError("Tệp DOCX quá lớn khi giải nén.")
            root = ElementTree.fromstring(archive.read(info))
    except KeyError as exc:
        raise ExtractError("Tệp DOCX thiếu phần nội dung (word/document.xml).") from exc
    except (zipfile.BadZipFile, ParseError, DefusedXmlException) as exc:
        raise ExtractError(f"Tệp DOCX hỏng ({type(exc).__name__}).") from exc
    paragraphs = []
    for p in root.iter(f"{W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag in {f"{W}tab"}:
                parts.append("\t")
            elif node.tag in {f"{W}br", f"{W}cr"}:
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ExtractError(f"Tệp XLSX hỏng hoặc không đọc được ({type(exc).__name__}).") from exc
    lines = []
    try:
        for sheet in workbook.worksheets:
            lines.append(f"# {sheet.title}")
            for row in sheet.iter_rows(values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if any(cells):
                    lines.append("\t".join(cells).rstrip())
                if len(lines) > 200_000:
                    break
    finally:
        workbook.close()
    return "\n".join(lines)
