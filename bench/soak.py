"""`make soak`: a bounded soak on loopback — the production server on PostgreSQL (the bench database) under a
steady mixed load of SOAK_RPS requests per second (default 50) for SOAK_MINUTES (default 30), then it stops by
itself. wrk drives the load in one-minute segments (bench/latency.lua with a plan); between segments the per-connection pause
is adjusted so the achieved rate holds the target, and the RSS of every server worker is read.

Pass: no errors and no non-2xx answers in any segment, and each worker's RSS grew by less than 10% from the end
of the first segment (warm: imports, caches, pools) to the end. Writes bench/results/soak-<date>-<commit>.json
and exits 1 when it fails."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import run as bench

MINUTES = float(os.environ.get("SOAK_MINUTES", "30"))
RPS = float(os.environ.get("SOAK_RPS", "50"))
SEGMENT_SECONDS = int(os.environ.get("SOAK_SEGMENT_SECONDS", "60"))
CONNECTIONS = 16  # enough that the pause, not the service time, sets the rate
USERS = ["mofa", "danang", "laichau", "phutho", "tokyo", "seoul", "mofa.lead", "danang.cv"]
MIX = [  # what a working day mixes: inboxes, lists, details, search, reference data, the report
    "/api/v1/ping",
    "/api/v1/requests?box=inbox&page_size=25",
    "/api/v1/requests?box=sent&page_size=25",
    "/api/v1/requests/{request_id}",
    "/api/v1/partners?page_size=25",
    "/api/v1/agreements?page_size=25",
    "/api/v1/agreements/{agreement_id}",
    "/api/v1/delegations?page_size=25",
    "/api/v1/provinces",
    "/api/v1/search?q=hop+tac&type=agreement",
    "/api/v1/requests/responsiveness?date_from={year}-01-01&date_to={year}-12-31",
    "/api/v1/calendar?from={year}-03-01&to={year}-03-31",
    "/api/v1/dashboards",  # issue 22: each user's own dashboard (cached per scope)
]


def rss_mb(master_pid: int) -> dict[str, float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    sizes = {}
    for pid in children:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            if match:
                sizes[pid] = round(int(match.group(1)) / 1024, 1)
    return sizes


def segment(plan: list[str], delay_ms: float) -> dict[str, float]:
    env = {"BENCH_PLAN": "|".join(plan), "BENCH_DELAY_MS": str(int(delay_ms))}
    return bench.wrk_json(bench.BASE, env, SEGMENT_SECONDS, CONNECTIONS)


def main() -> int:
    bench.prepare()
    tokens = {u: bench.run(bench.BIN / "ngoaivu", "token", u, "--name", "soak").strip() for u in USERS}
    visible = json.loads(
        bench.run(
            bench.BIN / "python",
            "-c",
            (
                "import django,json,os;os.environ.setdefault('DJANGO_SETTINGS_MODULE','ngoaivu.config.settings');"
                "django.setup();from ngoaivu.accounts.models import User;"
                "from ngoaivu.requests.models import ServiceRequest as S;from ngoaivu.agreements.models import "
                "Agreement as A;print(json.dumps({u.username: [S.objects.visible_to(u).order_by('-pk')"
                ".values_list('pk',flat=True).first(),A.objects.visible_to(u).order_by('-pk')"
                f".values_list('pk',flat=True).first()] for u in User.objects.filter(username__in={USERS!r})}}))"
            ),
        )
    )
    year = dt.datetime.now(dt.UTC).date().year
    plan = []  # each user's own mix: the records in a detail path are ones that user may open
    for path in MIX:
        for user in USERS:
            request_id, agreement_id = visible[user]
            if (request_id is None and "{request_id}" in path) or (
                agreement_id is None and "{agreement_id}" in path
            ):
                continue
            plan.append(
                f"{tokens[user]} {path.format(request_id=request_id, agreement_id=agreement_id, year=year)}"
            )
    server = subprocess.Popen(
        [str(bench.BIN / "ngoaivu"), "serve", "--port", str(bench.PORT), "--workers", "2", "--threads", "4"],
        env=bench.ENV,
        cwd=bench.ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    segments: list[dict[str, float]] = []
    rss: list[dict[str, float]] = []
    delay_ms = CONNECTIONS * 1000 / RPS
    started = time.monotonic()
    try:
        bench.wait_for_server(server)
        count = max(2, round(MINUTES * 60 / SEGMENT_SECONDS))
        for n in range(count):
            data = segment(plan, delay_ms)
            data["delay_ms"] = round(delay_ms)
            segments.append(data)
            rss.append(rss_mb(server.pid))
            print(
                f"soak {n + 1:>3}/{count}: {data['rps']:6.1f} req/s  p95 {data['p95_ms']:8.2f} ms  errors "
                f"{data['errors']}  non-2xx {data['non_2xx']}  RSS {sorted(rss[-1].values())} MB",
                flush=True,
            )
            # time per request at this pause ≈ pause + service time: move the pause toward the target rate
            per_request_ms = CONNECTIONS * 1000 / max(data["rps"], 0.1)
            delay_ms = max(0.0, delay_ms + (CONNECTIONS * 1000 / RPS - per_request_ms))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    first, last = rss[0], rss[-1]
    growth = {pid: round(100 * (last[pid] - first[pid]) / first[pid], 1) for pid in first if pid in last}
    errors = sum(int(s["errors"]) for s in segments)
    non_2xx = sum(int(s["non_2xx"]) for s in segments)
    requests = sum(int(s["requests"]) for s in segments)
    seconds = sum(float(s["seconds"]) for s in segments)
    passed = errors == 0 and non_2xx == 0 and bool(growth) and max(growth.values()) < 10
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=bench.ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "scale": bench.SCALE,
        "commit": commit,
        "date": dt.datetime.now(dt.UTC).isoformat(),
        "minutes": round((time.monotonic() - started) / 60, 1),
        "target_rps": RPS,
        "achieved_rps": round(requests / seconds, 1),
        "requests": requests,
        "errors": errors,
        "non_2xx": non_2xx,
        "p95_ms_worst_segment": max(float(s["p95_ms"]) for s in segments),
        "worker_rss_mb_first_segment": first,
        "worker_rss_mb_end": last,
        "worker_rss_growth_percent": growth,
        "passed": passed,
        "segments": segments,
        "paths": sorted({entry.split(" ", 1)[1] for entry in plan}),
    }
    bench.RESULTS.mkdir(parents=True, exist_ok=True)
    name = f"soak-{dt.datetime.now(dt.UTC).date():%Y-%m-%d}-{commit}.json"
    (bench.RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"soak {'PASSED' if passed else 'FAILED'}: {requests:,} requests in {result['minutes']} min at "
        f"{result['achieved_rps']} req/s, errors {errors}, non-2xx {non_2xx}, worker RSS growth {growth} % "
        f"-> bench/results/{name}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
