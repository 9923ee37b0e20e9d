"""Every demo role walks the main pages of each part in Debian's Chromium (issue 18, "Done when"). Each page fails
the walk on:
- a console error (a CSP violation included) or an uncaught script error;
- a serious or critical WCAG 2.1 A/AA violation found by axe-core (vendored, core/testing/vendor/);
- a page wider than the window at 390 px (a phone) and at 800 px: document.documentElement.scrollWidth greater
  than window.innerWidth, naming the element that sticks out furthest;
- a destructive button (withdraw/rút, decline/từ chối, refuse, terminate/chấm dứt, cancel/hủy, delete/xóa,
  revoke/thu hồi) whose POST form carries no `data-confirm` (app.js asks with it before the form is sent);
- English or code-like text in the Vietnamese interface, read with core.testing.screens as the server-side walk
  (core/tests/test_screens.py) does.

One browser page per role; axe runs once per page shape (the same template with another record or another role
is only read for width, console, confirmations and text). With NGOAIVU_SCREENSHOTS=<folder> (`make screenshots`)
each page is saved there as a PNG, at 1366 px and at 390 px."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from ngoaivu.core.testing.pages import AXE
from ngoaivu.core.testing.pages import violations as _violations
from ngoaivu.core.testing.screens import Finding, check_page, summarise
from ngoaivu.core.tests.test_browser import browser  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "ngoaivu-demo-2026"
WIDTHS = (390, 800)
COMMON = [
    "/",
    "/requests/",
    "/requests/?box=inbox",
    "/requests/{request}/",
    "/agreements/",
    "/agreements/{agreement}/",
    "/delegations/",
    "/delegations/{delegation}/",
    "/delegations/calendar/",
    "/delegations/conferences/",
    "/documents/",
    "/documents/{document}/",
    "/directory/partners/",
    "/directory/partners/{partner}/",
    "/directory/countries/",
    "/directory/missions/",
    "/directory/organisations/",
    "/directory/calendar/",
    "/search/?q=da+nang",
    "/accounts/me/",
    "/accounts/notifications/",
]
NATIONAL = [
    *COMMON,
    "/requests/responsiveness/",
    "/agreements/legal/",
    "/delegations/visits/",
    "/delegations/visits/{visit}/",
    "/delegations/conferences/{conference}/",
    "/accounts/audit/",
]
EDITOR = [
    *COMMON,
    "/requests/new/",
    "/agreements/new/",
    "/delegations/new/",
    "/documents/new/",
    "/directory/partners/new/",
    "/requests/{request}/edit/",
    "/agreements/{agreement}/edit/",
    "/delegations/{delegation}/edit/",
    "/documents/{document}/edit/",
    "/directory/partners/{partner}/edit/",
]
ROLES = {
    "admin": NATIONAL,
    "mofa": NATIONAL,
    "mofa.lead": NATIONAL,
    "danang": [*EDITOR, "/directory/provinces/", "/accounts/audit/"],
    "danang.cv": EDITOR,
    "danang.xem": COMMON,
    "laichau": EDITOR,
    "tokyo": [*COMMON, "/directory/missions/cqdd-jp-tokyo/"],
    "seoul": COMMON,
}
DESTRUCTIVE = (
    r"withdraw|rút|decline|từ chối|refuse|terminate|chấm dứt|cancel|hủy|huỷ|delete|xóa|xoá|revoke|thu hồi"
)

# the element that sticks out furthest to the right, outside any scrolling box (a table in a scrolling wrapper is fine)
WIDEST = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  let best = null, right = width;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= right + 0.5 || scrolls(el)) continue;
    best = el; right = r.right;
  }
  const name = best ? best.tagName.toLowerCase() + (best.id ? '#' + best.id : '') +
    (best.className && typeof best.className === 'string' ? '.' + best.className.trim().split(/\\s+/).join('.') : '') +
    ' "' + (best.innerText || best.value || '').trim().slice(0, 40) + '"' : '?';
  return {scrollWidth: document.documentElement.scrollWidth, width: width, widest: name, right: Math.round(right)};
}"""
# destructive POST buttons whose form asks nothing (app.js confirms a form that has data-confirm)
UNCONFIRMED = """(pattern) => {
  const destructive = new RegExp(pattern, 'i');
  const found = [];
  for (const button of document.querySelectorAll('button, input[type=submit], input[type=image]')) {
    const form = button.form;
    if (!form || (button.type || 'submit') !== 'submit') continue;
    if ((button.getAttribute('formmethod') || form.getAttribute('method') || 'get').toLowerCase() !== 'post') continue;
    const text = (button.innerText || button.value || button.getAttribute('aria-label') || '').trim();
    const action = button.getAttribute('formaction') || form.getAttribute('action') || '';
    if (!destructive.test(text) && !destructive.test(action.replace(/[-_]/g, ' '))) continue;
    if (form.hasAttribute('data-confirm')) continue;
    found.push('"' + text.slice(0, 40) + '" (form action ' + (action || 'this page') + ')' +
      (button.hasAttribute('data-confirm') ? ': data-confirm is on the button, app.js reads it on the form' : ''));
  }
  return found;
}"""


def _newest_ids(username: str) -> dict[str, int | str]:
    from ngoaivu.accounts.models import User
    from ngoaivu.agreements.models import Agreement
    from ngoaivu.delegations.models import Conference, Delegation, LeaderVisit
    from ngoaivu.directory.models import Partner
    from ngoaivu.ingest.models import Document
    from ngoaivu.requests.models import ServiceRequest

    user = User.objects.get(username=username)
    ids: dict[str, int | str] = {}
    for key, model in (
        ("request", ServiceRequest),
        ("agreement", Agreement),
        ("delegation", Delegation),
        ("visit", LeaderVisit),
        ("conference", Conference),
        ("document", Document),
        ("partner", Partner),
    ):
        pk = model.objects.visible_to(user).order_by("-pk").values_list("pk", flat=True).first()
        ids[key] = pk if pk is not None else "none"
    return ids


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def _too_wide(page, where: str, height: int) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        wide = page.evaluate(WIDEST)
        if wide:
            found.append(
                f"{where}: wider than the window at {width} px (scrollWidth {wide['scrollWidth']}): "
                f"{wide['widest']} reaches {wide['right']} px"
            )
    page.set_viewport_size({"width": 1366, "height": height})
    return found


def test_every_role_walks_the_main_pages_in_chromium(
    browser,  # noqa: F811
    live_server,
):
    call_command("demo", stdout=io.StringIO())
    call_command("search", "rebuild", stdout=io.StringIO(), verbosity=0)
    shots = os.environ.get("NGOAIVU_SCREENSHOTS")
    found: list[str] = []
    texts: list[Finding] = []  # English or code-like text, grouped by text in the message
    axe_checked: set[str] = set()
    pages = 0
    started = time.monotonic()
    for username, paths in ROLES.items():
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        context.add_init_script(path=str(AXE))  # by the DevTools protocol: the site's CSP stays on
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(f"{live_server.url}/accounts/login/")
        if "login" not in axe_checked:
            axe_checked.add("login")
            found += [f"login page: {v}" for v in _violations(page)]
        found += _too_wide(page, "login page", 900)
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        ids = _newest_ids(username)
        for template in paths:
            path = template.format(**ids)
            if "none" in path:
                continue
            where = f"{username} {path}"
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None
            if response.status == 403 or (response.status in (404, 409) and template.endswith("/edit/")):
                errors.clear()  # the browser logs the refused page itself as a failed resource
                continue  # not this role's page, or a record no longer editable in its state
            if response.status != 200:
                found.append(f"{where}: answered {response.status}")
                continue
            if template not in axe_checked:
                axe_checked.add(template)
                found += [f"{where}: {v}" for v in _violations(page)]
            found += [f"{where}: console error {error}" for error in errors]
            errors.clear()
            found += [
                f"{where}: unconfirmed destructive button {b}"
                for b in page.evaluate(UNCONFIRMED, DESTRUCTIVE)
            ]
            texts += check_page(where, page.content())
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{username}-{_slug(template)}.png"), full_page=True)
            found += _too_wide(page, where, 900)
            if shots:
                page.set_viewport_size({"width": 390, "height": 844})
                page.screenshot(
                    path=str(Path(shots) / f"{username}-{_slug(template)}-390.png"), full_page=True
                )
                page.set_viewport_size({"width": 1366, "height": 900})
            pages += 1
        context.close()
    elapsed = time.monotonic() - started
    print(f"chromium walk: {pages} pages, {len(axe_checked)} axe runs, {elapsed:.0f} s")
    assert pages >= 150
    found += summarise(texts).splitlines()
    assert not found, f"{len(found)} findings on {pages} pages:\n" + "\n".join(found)


@pytest.mark.django_db  # no database needed: no flush after it (the module's mark is transactional)
def test_the_browser_checks_find_a_wide_element_and_an_unconfirmed_destructive_button(browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.set_content(
        '<html lang="vi"><body><p>Trang</p><div class="scroll" style="overflow-x:auto"><table style="width:900px">'
        "<tr><td>rộng nhưng cuộn trong khung</td></tr></table></div>"
        '<div id="wide" style="width:600px">quá rộng</div>'
        '<form method="post" action="/requests/1/action/withdraw/"><button>Rút đặt hàng</button></form>'
        '<form method="post" action="/x/" data-confirm="Chắc chắn?"><button>Xóa</button></form>'
        '<form method="post" action="/x/"><button data-confirm="?">Hủy đoàn</button></form>'
        '<form method="get" action="/list/"><button>Xóa bộ lọc</button></form>'
        '<form method="post" action="/save/"><button>Lưu</button></form></body></html>'
    )
    assert page.evaluate(WIDEST) is None
    page.set_viewport_size({"width": 390, "height": 800})
    wide = page.evaluate(WIDEST)
    assert wide["widest"].startswith("div#wide")
    assert page.evaluate(UNCONFIRMED, DESTRUCTIVE) == [
        '"Rút đặt hàng" (form action /requests/1/action/withdraw/)',
        '"Hủy đoàn" (form action /x/): data-confirm is on the button, app.js reads it on the form',
    ]
    page.close()
