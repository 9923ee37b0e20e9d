"""Chromium pages for browser tests that check every screen they pass: axe-core loaded in each page (by the
DevTools protocol, so the site's CSP stays on) and console errors (CSP ones included) kept on `page.errors`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
SERIOUS = {"serious", "critical"}


def violations(page: Any) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page as it stands."""
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
    )
    return [
        f"{v['id']} ({v['impact']}) {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def checked_page(browser: Any, *, user_agent: str = "") -> Any:
    """A page in a fresh context (no cookies), Vietnamese locale, 1366 × 900."""
    options: dict[str, Any] = {"viewport": {"width": 1366, "height": 900}, "locale": "vi-VN"}
    if user_agent:
        options["user_agent"] = user_agent
    context = browser.new_context(**options)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def assert_clean(page: Any, where: str) -> None:
    """No serious accessibility violation and no console error on the page as it stands."""
    assert violations(page) == [], where
    assert page.errors == [], where


def screenshots_dir() -> Path:
    path = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
