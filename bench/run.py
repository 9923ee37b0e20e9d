"""`make bench`: serve ngoaivu with gunicorn and production settings on PostgreSQL, load it with wrk from a
second process, and compare each scenario with the minimal authenticated endpoint measured in the same run.

Writes bench/results/<date>-<commit>.json, bench/results/latest.json and a Markdown table. Loopback only;
every load run is bounded in time. Not part of `make test`."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "ngoaivu_bench")
SCALE = os.environ.get("SCALE", "small")
PORT = int(os.environ.get("BENCH_PORT", "8199"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10" if SCALE == "small" else "20"))
CONNECTIONS = 8
BASE = f"http://127.0.0.1:{PORT}"
ENV = {
    **os.environ,
    "DATABASE_URL": f"{PG}/{DB}",
    "NGOAIVU_DEBUG": "0",
    "NGOAIVU_SECURE": "0",
    "NGOAIVU_ENV_FILE": "/nonexistent",
    "NGOAIVU_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "NGOAIVU_FIELD_KEYS": "bench-only-field-key-0123456789abcdefghijklmnopqrstuvwxyz",
    # the bench signs in with tokens of every role; the ministry's head (mofa.lead) would otherwise be held at
    # two-factor enrolment (issue 19: 403 mfa_enrolment_required), which is not what the bench measures
    "NGOAIVU_MFA_REQUIRED_ROLES": "",
    "NGOAIVU_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "NGOAIVU_LOG_LEVEL": "WARNING",
    # wrk sends one user's token far above NGOAIVU_RATE_LIMIT_API; a limit this high is never reached but its
    # counter (one statement per API call) is still paid, so the figures include it
    "NGOAIVU_RATE_LIMIT_API": "100000000/minute",
}
# (name, path, users whose tokens are rotated) — the users mix provinces, missions and the ministry
USERS_ALL = ["mofa", "danang", "laichau", "phutho", "tokyo", "seoul", "mofa.lead", "danang.cv"]
SCENARIOS = [
    ("baseline_ping", "/api/v1/ping", USERS_ALL),
    (
        "api_requests_inbox",
        "/api/v1/requests?box=inbox&page_size=25",
        ["mofa", "tokyo", "seoul", "mofa.lead"],
    ),
    ("api_requests_sent", "/api/v1/requests?box=sent&page_size=25", ["danang", "laichau", "phutho"]),
    (
        "api_requests_deep_filtered",
        "/api/v1/requests?box=all&category=investment&page=40&page_size=25",
        ["mofa", "mofa.lead"],
    ),
    ("api_request_detail", "/api/v1/requests/{request_id}", ["mofa"]),
    ("api_partners", "/api/v1/partners?page_size=25", USERS_ALL),
    (
        "api_responsiveness_year",
        "/api/v1/requests/responsiveness?date_from={year}-01-01&date_to={year}-12-31",
        ["mofa", "mofa.lead"],
    ),
    ("api_provinces", "/api/v1/provinces", USERS_ALL),
    ("api_agreements", "/api/v1/agreements?page_size=25", USERS_ALL),
    (
        "api_agreements_deep_filtered",
        "/api/v1/agreements?country=JP&state=in_implementation&page=20&page_size=25",
        ["mofa", "mofa.lead", "danang"],
    ),
    ("api_agreements_dormant", "/api/v1/agreements?dormant=true&page_size=25", ["mofa", "danang", "phutho"]),
    ("api_agreement_detail", "/api/v1/agreements/{agreement_id}", ["mofa"]),
    ("api_delegations", "/api/v1/delegations?page_size=25", USERS_ALL),
    (
        "api_delegations_deep_filtered",
        "/api/v1/delegations?country=JP&state=closed&page=20&page_size=25",
        ["mofa", "mofa.lead", "danang"],
    ),
    (
        "api_delegations_report_missing",
        "/api/v1/delegations?report_missing=true&page_size=25",
        ["mofa", "danang"],
    ),
    ("api_delegation_detail", "/api/v1/delegations/{delegation_id}", ["mofa"]),
    # issue 20: the indicator series at national scale (20 years of synthetic figures) and the new lists
    (
        "api_indicator_series_national_20y",
        "/api/v1/indicators/fdi_registered_new/series?group_by=year&from=2006&to=2025",
        USERS_ALL,
    ),
    (
        "api_indicator_series_by_province",
        "/api/v1/indicators/fdi_registered_new/series?group_by=province&from=2025&to=2025",
        USERS_ALL,
    ),
    (
        "api_indicator_values",
        "/api/v1/indicators/values?indicator=fdi_registered_new&page_size=25",
        USERS_ALL,
    ),
    ("api_aid_projects", "/api/v1/aid-projects?page_size=25", USERS_ALL),
    ("api_market_access", "/api/v1/market-access?page_size=25", USERS_ALL),
    ("api_promotion_events", "/api/v1/promotion-events?page_size=25", USERS_ALL),
    # issue 21: culture, press, overseas Vietnamese, citizen cases, training, border
    ("api_unesco_titles", "/api/v1/unesco?page_size=25", USERS_ALL),
    ("api_cultural_events", "/api/v1/cultural-events?page_size=25", USERS_ALL),
    ("api_press_visits", "/api/v1/press-visits?page_size=25", USERS_ALL),
    ("api_overseas_associations", "/api/v1/overseas-vietnamese/associations?page_size=25", USERS_ALL),
    ("api_citizen_cases", "/api/v1/citizen-cases?page_size=25", ["tokyo", "phutho", "lanhsu"]),
    ("api_citizen_cases_summary", "/api/v1/citizen-cases/summary", USERS_ALL),
    ("api_trainings", "/api/v1/trainings?page_size=25", USERS_ALL),
    ("api_border_mechanisms", "/api/v1/border-mechanisms?page_size=25", USERS_ALL),
    ("api_border_meetings", "/api/v1/border-meetings?page_size=25", USERS_ALL),
    ("api_calendar_month", "/api/v1/calendar?from={year}-03-01&to={year}-03-31", ["mofa", "danang", "tokyo"]),
    ("api_search_name", "/api/v1/search?q=jetro+da+nang", USERS_ALL),
    ("api_search_common_words", "/api/v1/search?q=xuc+tien+dau+tu", USERS_ALL),
    ("api_search_former_province", "/api/v1/search?q=vinh+phuc&type=document", ["mofa", "phutho", "danang"]),
    ("api_search_typo", "/api/v1/search?q=hoi+nghi+osaks", ["mofa", "tokyo", "danang"]),
    (
        "api_search_filtered",
        "/api/v1/search?q=hop+tac&type=agreement&country=JP&from=2015-01-01",
        ["mofa", "danang", "tokyo"],
    ),
    # issue 22: the dashboard of each role (the same figures as /reports/, from the same cache) and the
    # national review's figures since the 20th national conference (13/12/2021)
    ("api_dashboard_national", "/api/v1/dashboards", ["mofa.lead"]),
    ("api_dashboard_ministry", "/api/v1/dashboards", ["mofa"]),
    ("api_dashboard_province", "/api/v1/dashboards", ["danang", "laichau", "phutho"]),
    ("api_dashboard_mission", "/api/v1/dashboards", ["tokyo", "seoul"]),
    (
        "api_national_review",
        "/api/v1/reports/national-review?from=2021-12-13&to={today}",
        ["mofa", "mofa.lead"],
    ),
    # issue 23: the briefs a province is addressed, a mission's own, the ministry's all; the suggestions for the
    # demo search of Đà Nẵng (ranked candidates with their reasons), as the province and as the ministry
    ("api_briefs", "/api/v1/briefs?page_size=25", ["mofa", "danang", "laichau", "tokyo", "seoul"]),
    ("api_briefs_filtered", "/api/v1/briefs?country=JP&page_size=25", ["danang", "laichau", "tokyo"]),
    ("api_partner_searches", "/api/v1/partner-searches?page_size=25", USERS_ALL),
    (
        "api_search_suggestions",
        "/api/v1/partner-searches/{partner_search_id}/suggestions",
        ["danang", "mofa"],
    ),
]
# HTML pages, signed in with a session (BENCH_COOKIE in bench/latency.lua): the ministry's officer `mofa`, or the
# user named third (the dashboards of each role)
PAGE_SCENARIOS = [
    ("page_home", "/"),
    ("page_requests_inbox", "/requests/?box=inbox"),
    ("page_requests_deep_filtered", "/requests/?box=all&category=investment&page=40"),
    ("page_request_detail", "/requests/{request_id}/"),
    ("page_agreements_deep_filtered", "/agreements/?country=JP&state=in_implementation&page=20"),
    ("page_agreement_detail", "/agreements/{agreement_id}/"),
    ("page_delegations", "/delegations/"),
    ("page_delegation_detail", "/delegations/{delegation_id}/"),
    ("page_responsiveness", "/requests/responsiveness/"),
    ("page_search", "/search/?q=xuc+tien+dau+tu"),
    ("page_indicator_series", "/indicators/fdi_registered_new/"),
    ("page_aid_projects", "/aid/"),
    ("page_market_access", "/market-access/"),
    ("page_market_access_board", "/market-access/board/"),
    ("page_promotion_events", "/events/"),
    ("page_unesco_titles", "/culture/"),
    ("page_press_visits", "/press/"),
    ("page_press_counts", "/press/counts/"),
    ("page_overseas_associations", "/overseas-vietnamese/"),
    ("page_overseas_programmes", "/overseas-vietnamese/programmes/"),
    ("page_overseas_investments", "/overseas-vietnamese/investments/"),
    ("page_citizen_cases_summary", "/citizen-cases/summary/"),
    ("page_trainings", "/training/"),
    ("page_training_counts", "/training/counts/"),
    ("page_border_mechanisms", "/border/"),
    ("page_border_meetings", "/border/meetings/"),
    # issue 22: /reports/ shows the dashboard of the user's role; the first request of each (cache cold) is
    # reported too, as cold_ms
    ("page_dashboard_national", "/reports/", "mofa.lead"),
    ("page_dashboard_ministry", "/reports/", "mofa"),
    ("page_dashboard_province", "/reports/", "danang"),
    ("page_dashboard_province_by_ministry", "/reports/?view=province&province=25", "mofa"),
    ("page_dashboard_mission", "/reports/", "tokyo"),
    # issue 23
    ("page_briefs", "/briefs/", "danang"),
    ("page_partner_search_detail", "/partnering/searches/{partner_search_id}/", "danang"),
]
COLD_FIRST = ("page_dashboard",)
"""Page scenarios whose very first request (nothing cached yet in the serving worker) is timed as well."""
EXPORT_PATH = os.environ.get("BENCH_EXPORT_PATH", "/requests/?box=all&date_from=2020-01-01&format=xlsx")
INGEST_FILES = int(os.environ.get("BENCH_INGEST_FILES", "300"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))


def run(*args: str, **kw: object) -> str:
    out = subprocess.run(
        [str(a) for a in args], env=ENV, cwd=ROOT, check=True, capture_output=True, text=True, **kw
    )
    return out.stdout


def ensure_database() -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB,)).fetchone():
            conn.execute(f'CREATE DATABASE "{DB}"')


def prepare() -> tuple[float, float, int]:
    ensure_database()
    run(BIN / "ngoaivu", "migrate", "--noinput")
    run(BIN / "ngoaivu", "demo")
    started = time.monotonic()
    print(run(BIN / "ngoaivu", "synth", "--scale", SCALE, "--seed", "1").strip())
    elapsed = time.monotonic() - started
    started = time.monotonic()
    if os.environ.get("BENCH_SKIP_SEARCH_INDEX") != "1":
        # list and detail scenarios do not read the index: BENCH_SKIP_SEARCH_INDEX=1 measures them without waiting
        # for it (the search scenarios then read whatever part of the index is built; do not compare them)
        print(run(BIN / "ngoaivu", "search", "rebuild", "--missing-only").strip().splitlines()[-1])
    index_seconds = time.monotonic() - started
    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as conn:
        conn.execute("ANALYZE")  # planner statistics as a maintained production database has them
        entries = conn.execute("SELECT count(*) FROM search_searchentry").fetchone()[0]
    return elapsed, index_seconds, entries


def disk_used() -> dict[str, float]:
    """The bench database on disk: in all, and the search index's table with its indexes (MB)."""
    with psycopg.connect(f"{PG}/{DB}", autocommit=True) as conn:
        total = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        search = conn.execute("SELECT pg_total_relation_size('search_searchentry')").fetchone()[0]
    return {"database": round(total / 2**20, 1), "search_index": round(search / 2**20, 1)}


def wait_for_server(proc: subprocess.Popen[bytes]) -> None:
    for _ in range(120):
        if proc.poll() is not None:
            raise SystemExit("the server stopped during start-up")
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def wrk_json(url: str, env: dict[str, str], seconds: int, connections: int = CONNECTIONS) -> dict[str, float]:
    """One bounded wrk run with bench/latency.lua; its JSON summary plus the rate."""
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / "latency.lua"),
            url,
        ],
        env={**ENV, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = round(data["requests"] / data["seconds"], 1)
    return data  # type: ignore[no-any-return]


def wrk(path: str, tokens: list[str], cookie: str = "") -> dict[str, float]:
    return wrk_json(f"{BASE}{path}", {"BENCH_TOKENS": ",".join(tokens), "BENCH_COOKIE": cookie}, SECONDS)


def import_benchmark() -> dict[str, float]:
    """`ngoaivu import agreements` of an IMPORT_ROWS-row file as the province of Đà Nẵng, in a child process:
    wall time, rows per second and the child's peak RSS. Titles carry the run's time so that a rerun is not
    refused as the same file or as duplicates."""
    import tempfile

    from openpyxl import Workbook

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    countries = ["Nhật Bản", "Hàn Quốc", "Trung Quốc", "Hoa Kỳ", "Lào", "Pháp", "Đức", "Úc", "Thái Lan", "JP"]
    kinds = [
        "mou",
        "provincial",
        "department",
        "sister_city",
        "Bản ghi nhớ với doanh nghiệp / tổ chức nước ngoài",
    ]
    names = ["Đà Nẵng", "Da Nang", "Quảng Nam", "quang nam", "TP. Đà Nẵng"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Thỏa thuận")
    ws.append(
        [
            "Loại thỏa thuận",
            "Tên thỏa thuận (tiếng Việt)",
            "Tỉnh, thành phố (tên khi ký)",
            "Quốc gia",
            "Lĩnh vực hợp tác",
            "Ngày ký",
            "Hiệu lực đến",
            "Người ký phía Việt Nam",
        ]
    )
    for i in range(IMPORT_ROWS):
        year = 2005 + i % 20
        ws.append(
            [
                kinds[i % len(kinds)],
                f"Thỏa thuận hợp tác số {i} đợt {stamp}",
                names[i % len(names)],
                countries[i % len(countries)],
                "investment; Du lịch",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}",
                "" if i % 3 else f"01/01/{year + 5}",
                "Chủ tịch UBND",
            ]
        )
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as fh:
        wb.save(fh)
        path = fh.name
    started = time.monotonic()
    try:
        out = run(
            BIN / "python",
            "-c",
            "import resource,sys\nfrom ngoaivu.cli import main\ntry:\n    main(sys.argv[1:])\nfinally:\n"
            "    print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
            "import",
            "agreements",
            path,
            "--user",
            "danang",
        )
    finally:
        os.unlink(path)
    seconds = time.monotonic() - started
    lines = out.strip().splitlines()
    peak_mb = int(lines[-1].split()[-1]) / 1024
    print(lines[-2], flush=True)
    return {
        "rows": IMPORT_ROWS,
        "seconds": round(seconds, 1),
        "rows_per_second": round(IMPORT_ROWS / seconds, 1),
        "peak_rss_mb": round(peak_mb, 1),
    }


def ingest_benchmark() -> dict[str, float]:
    """`ngoaivu ingest` of INGEST_FILES news files (text, HTML and DOCX-free plain formats mixed) as Đà Nẵng:
    documents per second, end to end (read, decode, extract entities against the partner gazetteer, dedupe,
    store, propose links). Each run's texts carry its time so a rerun is not refused as duplicates."""
    import tempfile

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    places = ["Đà Nẵng", "Quảng Nam", "Vĩnh Phúc", "TP.HCM", "Bắc Ninh"]
    countries = ["Nhật Bản", "Hàn Quốc", "Singapore", "Hoa Kỳ", "Lào"]
    with tempfile.TemporaryDirectory() as folder:
        for i in range(INGEST_FILES):
            place, country = places[i % len(places)], countries[i % len(countries)]
            body = (
                f"{place} đón đoàn doanh nghiệp {country} (tin {stamp}-{i})\n"
                f"Ngày {1 + i % 28}/{1 + i % 12}/2024, lãnh đạo tỉnh {place} tiếp ông Nguyễn Văn An, "
                f"Tổng Giám đốc Tập đoàn Mitani Sangyo, và đại diện JETRO tại {country}. Hai bên bàn dự án "
                f"trị giá {10 + i % 90},5 triệu USD trong tháng {1 + i % 12}/2025. " * 3
            )
            name = f"tin-{i:05d}.html" if i % 3 == 0 else f"tin-{i:05d}.txt"
            data = f"<html><body><p>{body}</p></body></html>" if name.endswith(".html") else body
            Path(folder, name).write_text(data, encoding="utf-8" if i % 2 else "utf-16")
        started = time.monotonic()
        out = run(BIN / "ngoaivu", "ingest", folder, "--user", "danang", "--kind", "news")
        seconds = time.monotonic() - started
    print(out.strip().splitlines()[-1], flush=True)
    return {
        "files": INGEST_FILES,
        "seconds": round(seconds, 1),
        "documents_per_second": round(INGEST_FILES / seconds, 1),
    }


def session_cookie(username: str) -> str:
    """A signed-in browser's session for `username`, made as Django's test client does (no password)."""
    script = (
        "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','ngoaivu.config.settings');django.setup();"
        "from django.conf import settings;from django.test import Client;from ngoaivu.accounts.models import User;"
        f"c=Client();c.force_login(User.objects.get(username={username!r}));"
        "print(settings.SESSION_COOKIE_NAME+'='+c.cookies[settings.SESSION_COOKIE_NAME].value)"
    )
    return run(BIN / "python", "-c", script).strip().splitlines()[-1]


def worker_rss_now(master_pid: int) -> dict[str, float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = {}
    for pid in children:
        try:
            match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
        except OSError:
            continue
        if match:
            sizes[pid] = int(match.group(1)) / 1024
    return sizes


def export_benchmark(master_pid: int, cookie: str) -> dict[str, float]:
    """One Excel export of EXPORT_PATH (about 100,000 requests) through the server: wall time until the last
    byte, rows in the file, and the growth of the serving worker's RSS (sampled every 50 ms) over its RSS before."""
    import tempfile
    import threading

    from openpyxl import load_workbook

    before = worker_rss_now(master_pid)
    peak = dict(before)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for pid, mb in worker_rss_now(master_pid).items():
                peak[pid] = max(peak.get(pid, 0.0), mb)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    request = urllib.request.Request(f"{BASE}{EXPORT_PATH}", headers={"Cookie": cookie})
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fh:
        with urllib.request.urlopen(request, timeout=600) as response:
            shutil.copyfileobj(response, fh)
        seconds = time.monotonic() - started
        stop.set()
        sampler.join()
        fh.flush()
        size = fh.tell()
        sheet = load_workbook(fh.name, read_only=True).worksheets[0]
        rows = sum(1 for _ in sheet.iter_rows(min_row=2, values_only=True))
    growth = max((peak[pid] - before.get(pid, peak[pid]) for pid in peak), default=0.0)
    return {
        "path": EXPORT_PATH,
        "rows": rows,
        "bytes": size,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds, 1),
        "worker_rss_growth_mb": round(growth, 1),
    }


def warm_up(path: str, tokens: list[str], cookie: str = "") -> None:
    """A few requests per user before measuring, as a running server has them: per-process caches (the
    responsiveness report) and PostgreSQL's buffers are warm. Reported figures are steady state."""
    for token in tokens or [""]:
        for _ in range(4):
            headers = {"Authorization": f"Bearer {token}"} if token else {"Cookie": cookie}
            request = urllib.request.Request(f"{BASE}{path}", headers=headers)
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()


def first_request_ms(path: str, cookie: str) -> float:
    """One request's time to the last byte, before any warm-up: a dashboard computed, not read from the cache
    (the cache is per serving process unless a shared cache is configured; with 2 workers the second worker's
    first request is cold too and shows in the scenario's p99)."""
    started = time.perf_counter()
    request = urllib.request.Request(f"{BASE}{path}", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
    return round((time.perf_counter() - started) * 1000, 1)


def worker_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            if match:
                sizes.append(round(int(match.group(1)) / 1024, 1))
    return sizes


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    synth_seconds, index_seconds, index_entries = prepare()
    readers = sorted({u for _name, _path, users in SCENARIOS for u in users})  # lanhsu reads citizen cases
    tokens = {u: run(BIN / "ngoaivu", "token", u, "--name", "bench").strip() for u in readers}
    ids = run(
        BIN / "python",
        "-c",
        (
            "import django,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','ngoaivu.config.settings');django.setup();"
            "from ngoaivu.requests.models import ServiceRequest as S;"
            "from ngoaivu.agreements.models import Agreement as A;"
            "from ngoaivu.delegations.models import Delegation as D;"
            "from ngoaivu.partnering.models import PartnerSearch as P;"
            "print(S.objects.system(reason='bench').order_by('-pk').values_list('pk',flat=True).first(),"
            "A.objects.system(reason='bench').order_by('-pk').values_list('pk',flat=True).first(),"
            "D.objects.system(reason='bench').order_by('-pk').values_list('pk',flat=True).first(),"
            "P.objects.system(reason='bench').filter(title__startswith='Đà Nẵng tìm địa phương Nhật Bản')"
            ".values_list('pk',flat=True).first())"
        ),
    ).split()
    request_id, agreement_id, delegation_id, partner_search_id = ids[0], ids[1], ids[2], ids[3]
    only = os.environ.get("BENCH_ONLY", "")
    # the import and the ingest write 10,000 agreements and 300 documents into the bench database at every run:
    # a run limited with BENCH_ONLY skips them unless it names them, so repeated runs compare the same data
    imported = import_benchmark() if not only or "agreement_import" in only else {}
    ingested = ingest_benchmark() if not only or "document_ingest" in only else {}
    server = subprocess.Popen(
        [str(BIN / "ngoaivu"), "serve", "--port", str(PORT), "--workers", "2", "--threads", "4"],
        env=ENV,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_server(server)
        wrk("/api/v1/ping", [tokens["mofa"]])  # warm-up
        scenarios: dict[str, dict[str, float]] = {}
        year = dt.datetime.now(dt.UTC).date().year
        for name, path, users in SCENARIOS:
            if only and name != "baseline_ping" and not name.startswith(tuple(only.split(","))):
                continue
            url = path.format(
                request_id=request_id,
                agreement_id=agreement_id,
                delegation_id=delegation_id,
                partner_search_id=partner_search_id,
                year=year,
                today=dt.datetime.now(dt.UTC).date(),
            )
            warm_up(url, [tokens[u] for u in users])
            scenarios[name] = wrk(url, [tokens[u] for u in users])
            print(
                f"{name:<28} p50 {scenarios[name]['p50_ms']:8.2f} ms  p95 {scenarios[name]['p95_ms']:8.2f} ms  "
                f"{scenarios[name]['rps']:8.1f} req/s  errors {scenarios[name]['errors']}",
                flush=True,
            )
        cookies = {"mofa": session_cookie("mofa")}
        cookie = cookies["mofa"]
        for name, path, *who in PAGE_SCENARIOS:
            if only and not name.startswith(tuple(only.split(","))):
                continue
            url = path.format(
                request_id=request_id,
                agreement_id=agreement_id,
                delegation_id=delegation_id,
                partner_search_id=partner_search_id,
                year=year,
            )
            username = who[0] if who else "mofa"
            if username not in cookies:
                cookies[username] = session_cookie(username)
            cold = first_request_ms(url, cookies[username]) if name.startswith(COLD_FIRST) else None
            warm_up(url, [], cookies[username])
            scenarios[name] = wrk(url, [], cookies[username])
            if cold is not None:
                scenarios[name]["cold_ms"] = cold
            print(
                f"{name:<28} p50 {scenarios[name]['p50_ms']:8.2f} ms  p95 {scenarios[name]['p95_ms']:8.2f} ms  "
                f"{scenarios[name]['rps']:8.1f} req/s  errors {scenarios[name]['errors']}",
                flush=True,
            )
        exported = (
            export_benchmark(server.pid, cookie)
            if not only or "export".startswith(tuple(only.split(",")))
            else {}
        )
        if exported:
            print(
                f"export of {exported['rows']:,} rows: {exported['seconds']} s, worker RSS growth "
                f"{exported['worker_rss_growth_mb']} MB",
                flush=True,
            )
        rss = worker_rss_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    base = scenarios.pop("baseline_ping")
    for data in scenarios.values():
        data["ratio_p95"] = round(data["p95_ms"] / base["p95_ms"], 2)
        data["ratio_p50"] = round(data["p50_ms"] / base["p50_ms"], 2)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "scale": SCALE,
        "commit": commit,
        "database": "postgresql",
        "date": dt.datetime.now(dt.UTC).isoformat(),
        "connections": CONNECTIONS,
        "seconds_per_scenario": SECONDS,
        "synth_seconds": round(synth_seconds, 1),
        "search_index": {
            "entries": index_entries,
            "build_seconds": round(index_seconds, 1),
            "skipped": os.environ.get("BENCH_SKIP_SEARCH_INDEX") == "1",
        },
        "baseline": {k: base[k] for k in ("p50_ms", "p95_ms", "p99_ms", "rps")},
        "scenarios": scenarios,
        "worker_peak_rss_mb": rss,
        "agreement_import": imported,
        "document_ingest": ingested,
        "excel_export": exported,
        "disk_mb": disk_used(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    # a run at another scale, or of some scenarios only, keeps its own file and leaves latest.* to the full run
    partial = SCALE != "national" or bool(os.environ.get("BENCH_ONLY"))
    suffix = (f"-{SCALE}" if SCALE != "national" else "") + ("-only" if os.environ.get("BENCH_ONLY") else "")
    name = f"{dt.datetime.now(dt.UTC).date():%Y-%m-%d}-{commit}{suffix}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    if partial:
        print(f"results: bench/results/{name}")
        return
    (RESULTS / "latest.json").write_text(json.dumps({"latest": name, **result}, indent=2) + "\n")
    rows = [
        "| scenario | p50 ms | p95 ms | p99 ms | req/s | p95 / baseline |",
        "|---|---|---|---|---|---|",
        f"| baseline_ping | {base['p50_ms']:.2f} | {base['p95_ms']:.2f} | {base['p99_ms']:.2f} | {base['rps']} | 1.00 |",
    ]
    rows += [
        f"| {n} | {d['p50_ms']:.2f} | {d['p95_ms']:.2f} | {d['p99_ms']:.2f} | {d['rps']} | {d['ratio_p95']:.2f} |"
        for n, d in scenarios.items()
    ]
    (RESULTS / "latest.md").write_text("\n".join(rows) + "\n")
    print("\n".join(rows))
    rows.append(
        f"\nImport of {imported['rows']:,} agreement rows: {imported['seconds']} s, {imported['rows_per_second']} rows/s, "
        f"peak RSS {imported['peak_rss_mb']} MB"
    )
    rows.append(
        f"Ingestion of {ingested['files']} news files: {ingested['seconds']} s, "
        f"{ingested['documents_per_second']} documents/s; search index {index_entries:,} entries"
    )
    if exported:
        rows.append(
            f"Excel export of {exported['rows']:,} requests: {exported['seconds']} s, "
            f"serving worker RSS growth {exported['worker_rss_growth_mb']} MB"
        )
    (RESULTS / "latest.md").write_text("\n".join(rows) + "\n")
    print(f"worker peak RSS (MB): {rss}; results: bench/results/{name}")


if __name__ == "__main__":
    sys.exit(main())
