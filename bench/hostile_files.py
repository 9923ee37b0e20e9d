"""The three headline hostile files of issue 16 at full size, each read in its own process: seconds and peak RSS.

    .venv/bin/python bench/hostile_files.py            # all three, each bounded by --timeout seconds
    .venv/bin/python bench/hostile_files.py one NAME   # (internal) one case in this process

Cases: `xlsx` (1.6 KB workbook declaring A1:XFD1048576 with a cell in its last row, through text extraction
and the agreements importer's reader; `xlsx_20k` the same with the last cell in row 20,000), `pdf` (10 pages sharing a 1 MB content stream) and `docx` (word/document.xml expanding to 200 MB).
Not part of `make test`."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("xlsx_20k", "xlsx", "xlsx_import_20k", "xlsx_import", "pdf", "docx")


def one(name: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.config.test_settings")
    import django

    django.setup()
    from ngoaivu.agreements import importer
    from ngoaivu.core.testing import hostile
    from ngoaivu.ingest.textract import ExtractError, extract_text

    makers: dict[str, Callable[[], bytes]] = {
        "xlsx_20k": lambda: hostile.dimension_lie(20_000),
        "xlsx": hostile.dimension_lie,
        "xlsx_import": lambda: hostile.dimension_lie(header=[c.header for c in importer.COLUMNS]),
        "xlsx_import_20k": lambda: hostile.dimension_lie(20_000, header=[c.header for c in importer.COLUMNS]),
        "pdf": hostile.shared_stream_pdf,
        "docx": hostile.docx_expansion,
    }
    data = makers[name]()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    if name.startswith("xlsx_import"):
        rows, problems = importer.read_rows(data, "khung.xlsx")
        outcome = f"{len(rows)} rows, problems: {'; '.join(str(p) for p in problems)[:200]}"
    else:
        try:
            outcome = f"accepted, {len(extract_text(data, 'x.' + name.split('_')[0]).text)} chars"
        except ExtractError as exc:
            outcome = f"refused: {exc}"
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "case": name,
                "bytes": len(data),
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak / 1024),
                "rss_before_mb": round(base / 1024),
                "outcome": outcome,
            },
            ensure_ascii=False,
        )
    )


def main() -> None:
    timeout = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 120.0
    for name in CASES:
        started = time.monotonic()
        try:
            out = subprocess.run(
                [sys.executable, __file__, "one", name],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            print(out.stdout.strip() or out.stderr.strip()[-500:])
        except subprocess.TimeoutExpired:
            print(json.dumps({"case": name, "seconds": f"> {time.monotonic() - started:.0f} (stopped)"}))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "one":
        one(sys.argv[2])
    else:
        main()
