"""Issue 18, "Vietnamese everywhere": every demo role walks every main page of each part with the test client
(the list pages, the record pages it reaches from them, the new/edit forms, the calendars, search, its own
page, notifications, the audit log) and the Excel export of each list, and `core.testing.screens` reads what
the officer reads: no internal code (`pending_approval`, `delegation.submit`, `[draft → sent]`), no `None`, no
raw dict or list, no organisation code (`cqdd-jp-tokyo`), no year written "2.026", no decimal point, no English
interface word. Every finding of a part is listed at once.

One test per role and part: `-k "danang and requests"` walks the request pages as danang. The demo data is built
once per module (and worker) inside a transaction rolled back at the end.

Record data a reader may legitimately meet in another language (a partner's original name, an English title)
is marked by its template with `lang="…"`, `translate="no"` or the class `raw` and is not read (see screens.py)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from ngoaivu.core.testing.screens import Finding, check_page, check_workbook, summarise

ROLES = ["admin", "mofa", "mofa.lead", "danang", "danang.cv", "danang.xem", "laichau", "tokyo", "seoul"]
# the pages each part starts from; the walk follows the links it finds on them (see PARTS for what belongs where)
SEEDS: dict[str, list[str]] = {
    "shell": ["/", "/accounts/me/", "/accounts/notifications/", "/accounts/audit/", "/accounts/password/"],
    "requests": [
        "/requests/",
        "/requests/?box=inbox",
        "/requests/?box=sent",
        "/requests/?box=all",
        "/requests/new/",
        "/requests/categories/",
        "/requests/responsiveness/",
    ],
    "agreements": [
        "/agreements/",
        "/agreements/new/",
        "/agreements/legal/",
        "/agreements/counts/",
        "/agreements/rules/",
        "/agreements/import/",
    ],
    "delegations": [
        "/delegations/",
        "/delegations/new/",
        "/delegations/calendar/",
        "/delegations/deputies/",
        "/delegations/chain/",
        "/delegations/visits/",
        "/delegations/visits/new/",
        "/delegations/conferences/",
        "/delegations/conferences/new/",
    ],
    "directory": [
        "/directory/partners/",
        "/directory/partners/new/",
        "/directory/provinces/",
        "/directory/provinces/former/",
        "/directory/countries/",
        "/directory/countries/JP/",
        "/directory/countries/AF/",
        "/directory/countries/CM/",
        "/directory/missions/",
        "/directory/missions/cqdd-jp-tokyo/",
        "/directory/organisations/",
        "/directory/calendar/",
        "/directory/ftas/",
        "/directory/countries/KR/",
    ],
    "search": [
        "/documents/",
        "/documents/new/",
        "/documents/ingest/",
        "/search/?q=da+nang",
        "/search/?q=quang+nam",
        "/search/?q=tokyo",
        "/search/?q=h%E1%BB%A3p+t%C3%A1c",
        "/search/?q=",
    ],
    "reports": [
        "/reports/",
        "/reports/map/",
        "/reports/map/?metric=agreements_signed&year=2019&era=former",
        "/reports/map/?metric=indicator:exports_total&year=2024&era=current",
        "/reports/map/?metric=requests_sent&year=2024&era=former",
        "/reports/builder/",
        "/reports/builder/?kind=province_periodic&preset=six_monthly&format=docx",
        "/reports/runs/",
    ],
    # issue 23
    "information": ["/briefs/", "/briefs/new/", "/briefs/readership/", "/briefs/subscriptions/"],
    "partnering": [
        "/partnering/searches/",
        "/partnering/searches/?state=open",
        "/partnering/searches/new/",
        "/partnering/searches/funnel/",
        "/partnering/searches/weights/",
        "/partnering/profiles/",
        "/partnering/profiles/?kind=foreign",
        "/partnering/profiles/48/",
        "/partnering/profiles/12/",
    ],
}
# which part a walked path belongs to (its owner slice), by prefix; the first match wins
PARTS = [
    ("requests", "/requests/"),
    ("agreements", "/agreements/"),
    ("delegations", "/delegations/"),
    ("directory", "/directory/"),
    ("search", "/documents/"),
    ("search", "/search/"),
    ("reports", "/reports/"),
    ("information", "/briefs/"),
    ("partnering", "/partnering/"),
    ("shell", "/"),
]
# links not walked: they change state, download files or leave the interface
NOT_WALKED = re.compile(
    r"^/(?:api/|static/|media/|i18n/|healthz|accounts/(?:logout|login|tokens)/)"
    r"|/(?:files?|attachments|versions/\d+/file|decision/\d+/file)(?:/|$)"
    r"|\.ics$|/calendar/(?:feed|token)/|/delete/|/revoke/|/import/template/"
)
KEPT_QUERY = {"box", "q", "kind", "tab", "month", "year"}
PER_SHAPE = 3  # record pages of one kind walked per role and part (the first ones linked)
MAX_PAGES = 150  # per role and part


def part_of(path: str) -> str:
    return next(part for part, prefix in PARTS if path.startswith(prefix))


def _shape(path: str) -> str:
    """The kind of page: record ids and directory codes (missions/cqdd-jp-tokyo/, countries/JP/) as placeholders."""
    shape = re.sub(r"/\d+(?=/|$)", "/{id}", urlsplit(path).path)
    return re.sub(
        r"^/directory/(missions|countries|provinces)/(?!former/)[^/]+/", r"/directory/\1/{code}/", shape
    )


def _normalise(base: str, href: str) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    url = urlsplit(urljoin(base, href))
    if url.netloc not in ("", "testserver"):
        return None
    query = "&".join(
        part for part in url.query.split("&") if part.split("=", 1)[0] in KEPT_QUERY and "=" in part
    )
    return url.path + (f"?{query}" if query else "")


HREF = re.compile(r"<a\b[^>]*\bhref=\"([^\"]+)\"", re.IGNORECASE)


def walk(client: Client, role: str, part: str) -> tuple[list[Finding], list[str]]:
    """Walks a part as `role`: its seeds, then every link into the same part (PER_SHAPE pages per record shape),
    and the Excel export of every list page it meets. Returns the findings and the paths walked."""
    found: list[Finding] = []
    walked: list[str] = []
    queue = list(SEEDS[part])
    queued = set(queue)
    shapes: dict[str, int] = {}
    exported: set[str] = set()
    while queue and len(walked) < MAX_PAGES:
        path = queue.pop(0)
        response = client.get(path)
        walked.append(path)
        where = f"{role} {path}"
        if response.status_code >= 500:
            found.append(Finding(where, "server-error", str(response.status_code)))
            continue
        if response.status_code in (301, 302):
            continue
        if response.status_code in (403, 404, 409) and path not in SEEDS[part]:
            # a link the page offers answers "not for you", "not found" or "not in this state": an action or a
            # page offered where it does not apply
            found.append(Finding(where, "broken-link", str(response.status_code)))
        content_type = response.get("Content-Type", "")
        if "text/html" not in content_type:
            continue
        html = response.content.decode()
        found += check_page(where, html)
        if response.status_code != 200:
            continue
        if 'href="?' in html and "format=xlsx" in html and _shape(path) not in exported:
            exported.add(_shape(path))
            found += _export(client, role, path)
        for href in HREF.findall(html):
            link = _normalise(path, href.replace("&amp;", "&"))
            if link is None or link in queued or NOT_WALKED.search(urlsplit(link).path):
                continue
            if part_of(link) != part:
                continue
            url = urlsplit(link)
            shape = _shape(link) + "?" + ",".join(sorted(q.split("=")[0] for q in url.query.split("&") if q))
            if shape != url.path + "?":  # a record page or a month, a box, a year: PER_SHAPE of each kind
                if shapes.get(shape, 0) >= PER_SHAPE:
                    continue
                shapes[shape] = shapes.get(shape, 0) + 1
            queued.add(link)
            queue.append(link)
    return found, walked


def _export(client: Client, role: str, path: str) -> list[Finding]:
    url = path + ("&" if "?" in path else "?") + "format=xlsx"
    response = client.get(url)
    where = f"{role} {url}"
    if response.status_code != 200:
        return [Finding(where, "export-failed", str(response.status_code))]
    data = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return check_workbook(where, data)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo data (`ngoaivu demo` + the search index), built once per module inside a transaction that is
    rolled back afterwards; each test's own transaction nests inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", stdout=io.StringIO())
            call_command("search", "rebuild", stdout=io.StringIO(), verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _kinds_visible(username: str) -> dict[str, str]:
    """Record kinds the user may see, with the path prefix of their detail pages."""
    from ngoaivu.accounts.models import User
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit
    from ngoaivu.directory.models import Partner
    from ngoaivu.ingest.models import Document
    from ngoaivu.requests.models import ServiceRequest

    user = User.objects.get(username=username)
    kinds = {
        "requests": (ServiceRequest, "/requests/{id}/"),
        "agreements": (Agreement, "/agreements/{id}/"),
        "delegations": (Delegation, "/delegations/{id}/"),
        "visits": (LeaderVisit, "/delegations/visits/{id}/"),
        "conferences": (Conference, "/delegations/conferences/{id}/"),
        "documents": (Document, "/documents/{id}/"),
        "partners": (Partner, "/directory/partners/{id}/"),
    }
    return {name: shape for name, (model, shape) in kinds.items() if model.objects.visible_to(user).exists()}


@pytest.mark.parametrize("part", list(SEEDS))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_reads_as_vietnamese(demo: None, db: Any, role: str, part: str) -> None:
    from ngoaivu.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=role))
    found, walked = walk(client, role, part)
    shapes = {_shape(p) for p in walked}
    missing = [
        f"{role}: no {kind} page reached ({shape})"
        for kind, shape in _kinds_visible(role).items()
        if part_of(shape.replace("{id}", "1")) == part and shape not in shapes
    ]
    print(f"{role} {part}: walked {len(walked)} pages: {' '.join(walked)}")
    if os.environ.get("NGOAIVU_SCREENS_REPORT"):  # one JSON line per finding, for a report across the walk
        with open(os.environ["NGOAIVU_SCREENS_REPORT"], "a", encoding="utf-8") as out:
            for finding in found:
                out.write(json.dumps({"role": role, "part": part, **dataclasses.asdict(finding)}) + "\n")
    assert len(walked) >= len(SEEDS[part])
    assert not missing, "\n".join(missing)
    assert not found, f"{len(found)} findings on {len(walked)} pages:\n" + summarise(found)


def test_the_checker_reads_what_an_officer_reads() -> None:
    html = """<html lang="vi"><head><title>Đặt hàng</title><style>.a_b{}</style></head><body>
    <p>Trạng thái: pending_approval</p><p>[draft → sent]</p><p>delegation.submit · None</p>
    <p>{'amount': 450000000}</p><p>cqdd-jp-tokyo</p><p>Năm 2.026</p><p>Tỷ lệ 12.5%</p><p>Status</p>
    <p>Mã: — → tinh-48; Mã đơn vị: cqdd-kr-seoul; Mã: — → citizen_protection</p>
    <p>Ngày 06/12/2026, 1.500 người, 2026, 0,5 tỷ, www.mofa.gov.vn, tệp hop-dong.pdf</p>
    <span lang="en">Submitted by the Embassy</span><span translate="no">Daiwa House pending_approval</span>
    <code>delegation.submit</code><input value="None"><textarea>None</textarea>
    <script>var a_b = None;</script></body></html>"""
    found = {(f.rule, f.text) for f in check_page("p", html)}
    assert found == {
        ("status-code", "pending_approval"),
        ("state-arrow-code", "draft → sent"),
        ("action-code", "delegation.submit"),
        ("none", "None"),
        ("raw-repr", "{'"),
        ("raw-repr", "': 4"),
        ("org-code", "cqdd-jp-tokyo"),
        ("grouped-year", "2.026"),
        ("decimal-point", "12.5"),
        ("english", "Status"),
    }, found


def test_an_english_page_is_only_read_for_codes() -> None:
    html = '<html lang="en"><body><p>Status: Submitted, 12.5%</p><p>pending_approval</p></body></html>'
    assert [(f.rule, f.text) for f in check_page("p", html)] == [("status-code", "pending_approval")]


def test_an_english_name_shown_as_the_value_of_its_field_is_not_interface_text() -> None:
    """The audit log writes a record's changes on one line: a long English name after "Tên tiếng Anh:" is record
    data; the same sentence without the label, or after the next change (";"), is an untranslated string."""
    name = "Cooperation of Viet Nam's 7 northern border provinces with Yunnan and Guangxi"
    labelled = f"<p>Tên tiếng Anh: — → {name}; Tên cơ chế: — → Hợp tác 7 tỉnh biên giới</p>"
    assert check_page("p", f'<html lang="vi"><body>{labelled}</body></html>') == []
    after_the_next_change = f"<p>Tên tiếng Anh: — → Da Nang; Mô tả: — → {name}</p>"
    found = {f.rule for f in check_page("p", f'<html lang="vi"><body>{after_the_next_change}</body></html>')}
    assert found == {"english"}
    # an English value with a ";" and decimal points of its own (an FTA commitment) is still record data
    note = "EU eliminated duties on 85.6% of tariff lines at once and 99.2% after 7 years; Viet Nam 48.5% at once"
    english_note = f"<p>Cam kết chính (tiếng Anh): — → {note}; Nguồn: — → Văn bản hiệp định</p>"
    assert check_page("p", f'<html lang="vi"><body>{english_note}</body></html>') == []
    vietnamese_after = f"<p>Cam kết chính (tiếng Anh): — → {note}; Ghi chú: — → tỷ lệ 85.6%</p>"
    found = {
        (f.rule, f.text) for f in check_page("p", f'<html lang="vi"><body>{vietnamese_after}</body></html>')
    }
    assert ("decimal-point", "85.6") in found
