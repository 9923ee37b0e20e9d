"""PDF of the same Word document through LibreOffice headless (`soffice --convert-to pdf`), so the PDF and the
.docx an official signs have one layout.

Each conversion runs with a private LibreOffice profile (`-env:UserInstallation=…` in its own temporary
directory): two workers converting at once never share a profile (LibreOffice refuses a profile in use and
exits without a file), and a crashed run leaves nothing behind. It has a timeout; a missing LibreOffice is a
`PdfUnavailable` with a message in Vietnamese the page and the API show as they are."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

UNAVAILABLE = (
    "Máy chủ chưa cài LibreOffice nên chưa xuất được bản PDF. Hãy chọn định dạng Word (.docx) hoặc báo quản "
    "trị hệ thống cài LibreOffice (xem docs/deployment.md)."
)
FAILED = "LibreOffice không chuyển được văn bản sang PDF (%s). Hãy thử lại hoặc chọn định dạng Word (.docx)."


class PdfUnavailable(RuntimeError):
    """No LibreOffice on this machine (or it failed): the message is for the reader, in Vietnamese."""


def soffice_path() -> str | None:
    """The LibreOffice program: `NGOAIVU_SOFFICE` when set, else `soffice` or `libreoffice` on the PATH."""
    configured = getattr(settings, "NGOAIVU_SOFFICE", "") or os.environ.get("NGOAIVU_SOFFICE", "")
    if configured:
        return configured if shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF of `docx`; `PdfUnavailable` when LibreOffice is missing, fails or runs past the timeout."""
    program = soffice_path()
    if program is None:
        raise PdfUnavailable(UNAVAILABLE)
    if timeout is None:
        configured = getattr(settings, "NGOAIVU_PDF_TIMEOUT_SECONDS", None)
        timeout = float(configured or os.environ.get("NGOAIVU_PDF_TIMEOUT_SECONDS") or 120)
    with tempfile.TemporaryDirectory(prefix="ngoaivu-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bao-cao.docx"
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": str(work)},
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(FAILED % f"quá {int(timeout)} giây") from exc
        except OSError as exc:
            raise PdfUnavailable(UNAVAILABLE) from exc
        target = work / "bao-cao.pdf"
        if done.returncode != 0 or not target.exists():
            raise PdfUnavailable(FAILED % f"mã lỗi {done.returncode}")
        return target.read_bytes()
