"""In-process timing of bench/run.py's search scenarios, per user: median and max of N runs (env N, default 5) and
the queries of the last; OUT=file.json keeps the figures. Run it in the bench database's environment (bench/run.py
ENV); with PYTHONPATH pointing at another checkout it times that code on the same database (before/after)."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ngoaivu.accounts.models import User  # noqa: E402
from ngoaivu.search import selectors  # noqa: E402
from ngoaivu.search.selectors import Filters  # noqa: E402

EVERYONE = ["mofa", "danang", "laichau", "phutho", "tokyo", "seoul", "mofa.lead", "danang.cv"]
SCENARIOS = [
    ("name", "jetro da nang", Filters(), EVERYONE),
    ("common", "xuc tien dau tu", Filters(), EVERYONE),
    ("former", "vinh phuc", Filters(kind="document"), ["mofa", "phutho", "danang"]),
    ("typo", "hoi nghi osaks", Filters(), ["mofa", "tokyo", "danang"]),
    (
        "filtered",
        "hop tac",
        Filters(kind="agreement", country="JP", date_from=dt.date(2015, 1, 1)),
        ["mofa", "danang", "tokyo"],
    ),
]


def main() -> None:
    runs = int(os.environ.get("N", "5"))
    only = sys.argv[1:]
    out = {}
    for name, q, filters, users in SCENARIOS:
        if only and name not in only:
            continue
        for username in users:
            user = User.objects.get(username=username)
            times = []
            for i in range(runs + 1):  # the first run warms the caches, as on a serving worker
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    _query, groups = selectors.search(user, q, filters, offset=0, limit=None)
                    elapsed = (time.perf_counter() - started) * 1000
                if i:
                    times.append(elapsed)
            total = sum(g.count for g in groups)
            print(
                f"{name:9s} {username:10s} median {statistics.median(times):7.1f} ms max {max(times):7.1f} "
                f"queries {len(ctx.captured_queries):3d} hits {total:5d} kinds {len(groups)}",
                flush=True,
            )
            out[f"{name}/{username}"] = {
                "median_ms": round(statistics.median(times), 1),
                "max_ms": round(max(times), 1),
                "queries": len(ctx.captured_queries),
                "total": total,
                "groups": [(g.kind, g.count, g.capped, [h.id for h in g.hits]) for g in groups],
            }
    if os.environ.get("OUT"):
        with open(os.environ["OUT"], "w") as fh:
            json.dump(out, fh, indent=1, default=str)


if __name__ == "__main__":
    main()
