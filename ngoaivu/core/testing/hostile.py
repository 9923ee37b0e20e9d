"""A corpus of hostile and broken files, generated at test time (nothing large is committed).

Each `Case` names a file, makes its bytes on demand and says what a parser must do with it: refuse it with a
message containing `refused` (Vietnamese), or accept it (`accepted` is a fragment of the extracted text). The
same corpus feeds the document upload tests (`ingest/tests/test_hostile_files.py`) and the agreements import
tests (`agreements/tests/test_import_budgets.py`). Sizes are kept small enough to generate in milliseconds,
yet each case crosses the budget it is about; the headline cases of issue 16 at full size are `dimension_lie`,
`shared_stream_pdf` and `docx_expansion` with their default arguments (see `bench/hostile_files.py`)."""

from __future__ import annotations

import codecs
import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

# --- building blocks ------------------------------------------------------------------------------------------

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of encrypted OOXML and of .doc/.xls
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run"
)
VI = "Ủy ban nhân dân tỉnh Vĩnh Phúc tiếp Đoàn đại biểu Nhật Bản ngày 15/3/2026."
TCVN3 = bytes.fromhex("a7b5c0") + b" N\xb8ng ph\xb8t tri\xd3n h\xeep t\xb8c qu\xe8c t\xd5 " * 20

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def zip_bytes(members: dict[str, bytes | str], *, compress: int = zlib.DEFLATED) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def cell(ref: str, value: str | float | None = None, formula: str | None = None) -> str:
    if formula is not None:
        return f'<c r="{ref}"><f>{formula}</f></c>'
    if value is None:
        return f'<c r="{ref}" s="0"/>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(
    rows: str, dimension: str = "A1", prolog: str = '<?xml version="1.0" encoding="UTF-8"?>'
) -> str:
    return f'{prolog}<worksheet xmlns="{NS_MAIN}"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'


def xlsx_bytes(
    sheets: list[str], *, extra: dict[str, bytes | str] | None = None, names: list[str] | None = None
) -> bytes:
    """A minimal workbook written by hand: the hostile parts are exactly as given (openpyxl would fix them)."""
    names = names or [f"Sheet{i}" for i in range(1, len(sheets) + 1)]
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
        + "</sheets></workbook>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PKG}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + "</Relationships>"
    )
    members: dict[str, bytes | str] = {
        "[Content_Types].xml": CONTENT_TYPES.format(
            sheets="".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
                for i in range(1, len(sheets) + 1)
            )
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PKG}">'
            f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": rels,
    }
    for i, xml in enumerate(sheets, start=1):
        members[f"xl/worksheets/sheet{i}.xml"] = xml
    members.update(extra or {})
    return zip_bytes(members)


def template_row(values: list[str], row: int = 1) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return (
        f'<row r="{row}">' + "".join(cell(f"{letters[i]}{row}", v) for i, v in enumerate(values)) + "</row>"
    )


def docx_bytes(document_xml: str | bytes, *, extra: dict[str, bytes | str] | None = None) -> bytes:
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": document_xml, **(extra or {})})


def docx_text(paragraphs: list[str]) -> str:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'


def pdf_bytes(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF written by hand with a correct xref table; object i (from 1) is objects[i-1]."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R ".encode()
        + trailer_extra
        + f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def stream(data: bytes, *, flate: bool = True, extra: bytes = b"") -> bytes:
    body = zlib.compress(data, 9) if flate else data
    filt = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length " + str(len(body)).encode() + filt + extra + b" >>\nstream\n" + body + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_pages(
    contents: list[bytes],
    *,
    count: int | None = None,
    resources: bytes = b"/Font << /F1 3 0 R >>",
    extra_objects: list[bytes] | None = None,
) -> bytes:
    """One page per content stream (objects: 1 catalog, 2 pages, 3 font, then pages and streams)."""
    n = len(contents)
    first_page = 4
    first_stream = first_page + n
    extra = extra_objects or []
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{first_page + i} 0 R".encode() for i in range(n))
        + b"] /Count "
        + str(count if count is not None else n).encode()
        + b" >>",
        FONT,
    ]
    for i in range(n):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
            + f"{first_stream + i} 0 R".encode()
            + b" /Resources << "
            + resources
            + b" >> >>"
        )
    objects += [stream(c) for c in contents]
    objects += extra
    return pdf_bytes(objects)


def text_page(text: str) -> bytes:
    return f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    idat_data = zlib.compress(b"\x00" * 4096)
    idat = (
        struct.pack(">I", len(idat_data))
        + b"IDAT"
        + idat_data
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat_data))
    )
    return b"\x89PNG\r\n\x1a\n" + chunk + idat + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = (
        b"\xff\xc0\x00\x11\x08"
        + struct.pack(">HH", height, width)
        + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    )
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


# --- the three headline cases of issue 16, at full size by default ----------------------------------------------


def dimension_lie(last_row: int = 1_048_576, rows: int = 2, header: list[str] | None = None) -> bytes:
    """A ~1.6 KB workbook whose sheet declares A1:XFD1048576, with `rows` rows at the top (the first one
    `header` if given) and one cell in row `last_row`. Read-only openpyxl pads every row to the declared 16,384
    columns and fills every missing row in between with a 16,384-cell row: 1,048,576 rows of 16,384 cells."""
    data = "".join(template_row([f"Dòng {r}", "Nhật Bản"], r) for r in range(1, rows + 1))
    if header:
        data = template_row(header, 1) + "".join(template_row([f"Dòng {r}"], r) for r in range(2, rows + 1))
    if last_row > rows:
        data += f'<row r="{last_row}">{cell(f"A{last_row}", "Cuối")}</row>'
    return xlsx_bytes([sheet_xml(data, "A1:XFD1048576")])


def shared_stream_pdf(pages: int = 10, stream_bytes: int = 1_000_000) -> bytes:
    """Pages that all draw one content stream of `stream_bytes` of text operators (~5 KB once compressed)."""
    op = b"BT /F1 12 Tf 72 720 Td (Hop tac quoc te) Tj ET\n"
    content = op * (stream_bytes // len(op))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{5 + i} 0 R".encode() for i in range(pages))
        + b"] /Count "
        + str(pages).encode()
        + b" >>",
        FONT,
        stream(content),
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>"
        )
    return pdf_bytes(objects)


def docx_expansion(xml_bytes: int = 200_000_000) -> bytes:
    """A DOCX whose word/document.xml expands to `xml_bytes` of paragraphs (a few hundred KB compressed)."""
    import zipfile

    para = f"<w:p><w:r><w:t>{'Hợp tác quốc tế '}</w:t></w:r></w:p>".encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    chunk = para * (1_048_576 // len(para))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            written = len(head)
            while written < xml_bytes:
                fh.write(chunk)
                written += len(chunk)
            fh.write(tail)
    return buf.getvalue()


# --- the corpus -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    make: Callable[[], bytes]
    refused: str = ""  # a fragment of the Vietnamese refusal; empty when the file is to be accepted
    accepted: str = ""  # a fragment of the text read from an accepted file
    xlsx: bool = False  # also offered to the agreements import

    @property
    def data(self) -> bytes:
        return _data(self.name)

    def __str__(self) -> str:
        return self.name


def _ok_xlsx() -> bytes:
    return xlsx_bytes([sheet_xml(template_row(["Tiêu đề", VI]))])


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _ok_docx() -> bytes:
    return docx_bytes(docx_text([VI]))


def _ok_pdf() -> bytes:
    return pdf_pages([text_page("Hop tac quoc te Vinh Phuc")])


def _zeros_member(size: int) -> bytes:
    return b"\x00" * size


def _lying_sizes_docx() -> bytes:
    """The central directory says document.xml is 100 bytes; it inflates to 1 MB."""
    data = bytearray(docx_bytes(docx_text(["x" * 1_000_000])))
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    real = struct.pack("<I", info.file_size)
    fake = struct.pack("<I", 100)
    return bytes(data).replace(real, fake)


def _many_sheets(n: int = 10_000) -> bytes:
    return xlsx_bytes([sheet_xml(template_row(["a"]))] * n)


def _many_sheets_one_part(n: int = 5_000) -> bytes:
    """workbook.xml lists 5,000 sheets that all point at one part: few members, many sheets."""
    wb = xlsx_bytes([sheet_xml(template_row(["a"]))])
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(wb))
    members: dict[str, bytes | str] = {i.filename: src.read(i) for i in src.infolist()}
    members["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>'
        + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>' for i in range(1, n + 1))
        + "</sheets></workbook>"
    )
    return zip_bytes(members)


def _formulas() -> bytes:
    rows = template_row(["Tiêu đề", "Giá trị"], 1) + (
        '<row r="2">'
        + cell("A2", "=cmd|' /C calc'!A0")
        + cell("B2", formula="SUM(1,2)")
        + "</row>"
        + '<row r="3">'
        + cell("A3", "@SUM(1+1)*cmd|' /C calc'!A0")
        + cell("B3", formula='HYPERLINK("http://example.invalid/?x="&amp;A1,"bấm")')
        + "</row>"
    )
    return xlsx_bytes([sheet_xml(rows, "A1:B3")])


def _wide_real_row(cols: int = 16_384) -> bytes:
    from openpyxl.utils import get_column_letter

    return xlsx_bytes(
        [sheet_xml(template_row(["a"]) + f'<row r="2">{cell(get_column_letter(cols) + "2", "xa")}</row>')]
    )


def _many_styled_rows(n: int = 10_000) -> bytes:
    rows = "".join(f'<row r="{r}"><c r="XFD{r}" s="1"/></row>' for r in range(2, n + 2))
    return xlsx_bytes([sheet_xml(template_row(["Tiêu đề"]) + rows, "A1:XFD1048576")])


def _many_members(n: int = 5_000) -> bytes:
    return docx_bytes(docx_text([VI]), extra={f"word/media/x{i}.bin": b"" for i in range(n)})


def _xobject_amplification() -> bytes:
    """One page whose 2 KB content draws a 40 KB form XObject 20,000 times (≈ 800 MB of operators)."""
    form_ops = b"BT /F1 12 Tf 72 720 Td (Hop tac) Tj ET\n" * 1000
    form = stream(
        form_ops,
        extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>",
    )
    page = b"/X0 Do\n" * 20_000
    return pdf_pages(
        [page], resources=b"/Font << /F1 3 0 R >> /XObject << /X0 6 0 R >>", extra_objects=[form]
    )


def _flate_bomb_pdf() -> bytes:
    return pdf_pages([b"BT /F1 12 Tf 72 720 Td (a) Tj ET\n" + b" " * 60_000_000])


def _page_loop_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    return pdf_bytes(objects)


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _csv(encoding: str) -> bytes:
    text = "Loại thỏa thuận,Tên thỏa thuận (tiếng Việt)\nmou,Bản ghi nhớ hợp tác\n"
    if encoding == "tcvn3":
        return b"Lo\xb9i th\xe1a thu\xb9n,T\xaan\nmou,B\xb5n ghi nh\xed\n"
    if encoding == "cp1258":
        return _windows_1258(text)
    return codecs.encode(text, encoding)


def _windows_1258(text: str = VI) -> bytes:
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(letter + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


_W = f'xmlns:w="{W_NS}"'
CASES: list[Case] = [
    # XLSX: dimensions, rows, columns, sheets
    Case("xlsx_dimension_lie_small", "bao-cao.xlsx", lambda: dimension_lie(40), accepted="Cuối", xlsx=True),
    Case("xlsx_dimension_lie_full", "khung.xlsx", dimension_lie, refused="dòng", xlsx=True),
    Case("xlsx_real_cell_in_column_xfd", "rong.xlsx", _wide_real_row, refused="cột", xlsx=True),
    Case("xlsx_styled_rows_reaching_xfd", "dinh-dang.xlsx", _many_styled_rows, accepted="Tiêu đề", xlsx=True),
    Case("xlsx_10000_sheets", "nhieu-trang.xlsx", _many_sheets, refused="thành phần", xlsx=True),
    Case(
        "xlsx_5000_sheets_one_part", "trang-ao.xlsx", _many_sheets_one_part, refused="trang tính", xlsx=True
    ),
    Case("xlsx_formulas_and_injections", "cong-thuc.xlsx", _formulas, accepted="=cmd|", xlsx=True),
    Case(
        "xlsx_billion_laughs",
        "cuoi.xlsx",
        lambda: xlsx_bytes([sheet_xml(template_row(["&lol9;"]), prolog=LAUGHS)]),
        refused="XML",
        xlsx=True,
    ),
    Case(
        "xlsx_external_entity",
        "xxe.xlsx",
        lambda: xlsx_bytes([sheet_xml(template_row(["&xxe;"]), prolog=XXE)]),
        refused="XML",
        xlsx=True,
    ),
    Case("xlsx_truncated", "cut.xlsx", lambda: _truncated(_ok_xlsx()), refused="XLSX", xlsx=True),
    Case("xlsx_encrypted_ole2", "co-khoa.xlsx", lambda: OLE2 + b"\x00" * 4000, refused="mật khẩu", xlsx=True),
    Case(
        "xlsx_zip_bomb_member",
        "bom.xlsx",
        lambda: xlsx_bytes(
            [sheet_xml(template_row(["a"]))], extra={"xl/media/pad.bin": _zeros_member(60_000_000)}
        ),
        refused="giải nén",
        xlsx=True,
    ),
    Case(
        "xlsx_nested_zip",
        "long.xlsx",
        lambda: xlsx_bytes([sheet_xml(template_row(["a"]))], extra={"xl/payload.zip": zip_bytes({"a": "b"})}),
        refused="lồng",
        xlsx=True,
    ),
    Case("xlsx_empty_workbook", "trong.xlsx", lambda: xlsx_bytes([sheet_xml("")]), refused="", xlsx=True),
    Case(
        "xlsx_no_workbook_part",
        "thieu.xlsx",
        lambda: zip_bytes({"[Content_Types].xml": "<Types/>"}),
        refused="XLSX",
        xlsx=True,
    ),
    Case("xlsx_is_a_pdf", "la-pdf.xlsx", _ok_pdf, refused="XLSX", xlsx=True),
    Case("xlsx_is_an_exe", "virus.xlsx", lambda: EXE, refused="XLSX", xlsx=True),
    Case("xlsx_is_a_png_bomb", "anh.xlsx", lambda: png_header(100_000, 100_000), refused="XLSX", xlsx=True),
    Case("xlsx_empty_file", "rong-khong.xlsx", lambda: b"", refused="rỗng", xlsx=True),
    Case("xlsx_nul_filled", "nul.xlsx", lambda: b"\x00" * 100_000, refused="XLSX", xlsx=True),
    Case(
        "xlsx_encrypted_member",
        "ma-hoa.xlsx",
        lambda: _encrypted_member(_ok_xlsx()),
        refused="mật khẩu",
        xlsx=True,
    ),
    Case("csv_utf16_named_xlsx", "utf16.xlsx", lambda: _csv("utf-16"), refused="XLSX", xlsx=True),
    Case("csv_cp1258_named_xlsx", "cp1258.xlsx", lambda: _csv("cp1258"), refused="XLSX", xlsx=True),
    Case("csv_tcvn3_named_xlsx", "tcvn3.xlsx", lambda: _csv("tcvn3"), refused="XLSX", xlsx=True),
    # DOCX
    Case("docx_expansion_bomb", "bom.docx", lambda: docx_expansion(40_000_000), refused="giải nén"),
    Case(
        "docx_zip_bomb_member",
        "bom-anh.docx",
        lambda: docx_bytes(docx_text([VI]), extra={"word/media/image1.png": _zeros_member(60_000_000)}),
        refused="giải nén",
    ),
    Case(
        "docx_nested_zip",
        "long.docx",
        lambda: docx_bytes(docx_text([VI]), extra={"word/x.zip": zip_bytes({"b": _zeros_member(1000)})}),
        refused="lồng",
    ),
    Case(
        "docx_billion_laughs",
        "cuoi.docx",
        lambda: docx_bytes(
            LAUGHS + f"<w:document {_W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
        ),
        refused="XML",
    ),
    Case(
        "docx_external_entity",
        "xxe.docx",
        lambda: docx_bytes(
            XXE + f"<w:document {_W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
        ),
        refused="XML",
    ),
    Case("docx_truncated", "cut.docx", lambda: _truncated(_ok_docx()), refused="DOCX"),
    Case("docx_encrypted_ole2", "co-khoa.docx", lambda: OLE2 + b"\x00" * 4000, refused="mật khẩu"),
    Case("docx_is_a_pdf", "la-pdf.docx", _ok_pdf, refused="DOCX"),
    Case(
        "docx_missing_document_xml",
        "thieu.docx",
        lambda: zip_bytes({"[Content_Types].xml": "<Types/>"}),
        refused="word/document.xml",
    ),
    Case("docx_5000_members", "nhieu.docx", _many_members, refused="thành phần"),
    Case("docx_no_text", "trong.docx", lambda: docx_bytes(docx_text([])), refused="Không đọc được chữ"),
    Case("docx_lying_member_size", "noi-doi.docx", _lying_sizes_docx, refused="DOCX"),
    Case("docx_broken_xml", "hong.docx", lambda: docx_bytes("<w:document><w:body><w:p>"), refused="DOCX"),
    Case("docx_encrypted_member", "ma-hoa.docx", lambda: _encrypted_member(_ok_docx()), refused="mật khẩu"),
    # PDF
    Case("pdf_shared_content_stream", "chung.pdf", lambda: shared_stream_pdf(10, 1_000_000), refused="PDF"),
    Case("pdf_too_many_pages", "dai.pdf", lambda: pdf_pages([b""] * 1_200), refused="trang"),
    Case(
        "pdf_page_count_lie",
        "dem-sai.pdf",
        lambda: pdf_pages([text_page("Trang that")], count=1_000_000_000),
        accepted="Trang that",
    ),
    Case("pdf_xobject_amplification", "lap.pdf", _xobject_amplification, refused="giây"),
    Case("pdf_flate_bomb", "bom.pdf", _flate_bomb_pdf, refused="PDF"),
    Case("pdf_encrypted", "co-khoa.pdf", _encrypted_pdf, refused="mật khẩu"),
    Case("pdf_truncated", "cut.pdf", lambda: _truncated(_ok_pdf()), refused="PDF"),
    Case("pdf_is_an_exe", "virus.pdf", lambda: EXE, refused="PDF"),
    Case("pdf_is_a_jpeg", "anh.pdf", lambda: jpeg_header(60_000, 60_000), refused="PDF"),
    Case(
        "pdf_garbage_after_header", "rac.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40, refused="PDF"
    ),
    Case("pdf_page_tree_loop", "vong.pdf", _page_loop_pdf, refused=""),
    Case(
        "pdf_scanned_no_text",
        "scan.pdf",
        lambda: pdf_pages([b"q 612 0 0 792 0 0 cm Q"]),
        refused="Không đọc được chữ",
    ),
    Case("pdf_empty_file", "rong.pdf", lambda: b"", refused="rỗng"),
    # text, HTML, CSV, images
    Case("txt_utf16", "utf16.txt", lambda: VI.encode("utf-16"), accepted="Ủy ban"),
    Case("txt_utf16_without_bom", "utf16le.txt", lambda: VI.encode("utf-16-le"), accepted="Ủy ban"),
    Case("txt_windows_1258", "cp1258.txt", _windows_1258, accepted="Ủy ban"),
    Case("txt_tcvn3", "tcvn3.txt", lambda: TCVN3, refused="TCVN3"),
    Case("txt_truncated_utf8", "cut.txt", lambda: (VI + " Hợ").encode()[:-1], accepted="Ủy ban nhân dân"),
    Case(
        "html_truncated", "cut.html", lambda: f"<html><body><p>{VI}</p><p>Hợ".encode()[:-1], accepted="Đoàn"
    ),
    Case("txt_nul_filled", "nul.txt", lambda: b"\x00" * 200_000, refused=""),
    Case("txt_empty", "rong.txt", lambda: b"", refused="rỗng"),
    Case("txt_exe", "virus.txt", lambda: EXE * 50, refused="nhị phân"),
    Case("txt_one_long_line", "dong-dai.txt", lambda: ("Hợp tác " * 25_000).encode(), accepted="Hợp tác"),
    Case(
        "html_billion_laughs",
        "cuoi.html",
        lambda: (LAUGHS + "<html><body><p>Ninh Bình &lol9;</p></body></html>").encode(),
        accepted="Ninh Bình",
    ),
    Case(
        "html_script_only",
        "js.html",
        lambda: b"<script>" + b"x" * 10_000 + b"</script>",
        refused="Không đọc được chữ",
    ),
    Case("csv_utf16", "bang.csv", lambda: _csv("utf-16"), refused="không được hỗ trợ"),
    Case("csv_windows_1258", "bang-cp.csv", lambda: _csv("cp1258"), refused="không được hỗ trợ"),
    Case(
        "png_decompression_bomb", "anh.png", lambda: png_header(100_000, 100_000), refused="không được hỗ trợ"
    ),
    Case("jpeg_huge_dimensions", "anh.jpg", lambda: jpeg_header(65_000, 65_000), refused="không được hỗ trợ"),
    Case("exe_without_extension", "setup", lambda: EXE, refused="không được hỗ trợ"),
]
BY_NAME = {c.name: c for c in CASES}


def _encrypted_member(data: bytes) -> bytes:
    """Set the 'encrypted' flag on every member (local and central headers): a password-protected zip."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (i := out.find(sig, start)) != -1:
            flags = struct.unpack_from("<H", out, i + offset)[0]
            struct.pack_into("<H", out, i + offset, flags | 1)
            start = i + 4
    return bytes(out)


@cache
def _data(name: str) -> bytes:
    return BY_NAME[name].make()


XLSX_CASES = [c for c in CASES if c.xlsx]
