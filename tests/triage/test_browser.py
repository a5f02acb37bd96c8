"""A clinician's path through the real page in headless Chromium (Debian's, never a downloaded one).

Set OUTERLOOP_SCREENSHOTS=<dir> to keep screenshots of the pages.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from review_app import ITEM_IDS, PASSWORDS, LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium missing at /usr/bin/chromium (apt-get install chromium)"
)


@pytest.fixture
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            yield context.new_page()
        finally:
            browser.close()


def _shot(page: object, name: str) -> None:
    target = os.environ.get("OUTERLOOP_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_reviewer_logs_in_edits_and_accepts_the_top_item(live_server: LiveServer, page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/login")
    _shot(page, "login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORDS["alice"])
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    _shot(page, "queue")
    page.locator("table.queue tbody tr").first.get_by_role("link").click()

    top = ITEM_IDS["ev-warfarin-1"]
    expect(page).to_have_url(f"{live_server.url}/items/{top}")
    answer = page.get_by_label("Reference answer")
    expect(answer).to_have_value(live_server.store.review_item(top).event["correction"])
    _shot(page, "item")
    edited = "Avoid ibuprofen with warfarin (bleeding risk). Take paracetamol; call the clinic if it worsens."
    answer.fill(edited)
    page.get_by_label("Note").fill("NSAID with anticoagulant")
    page.get_by_role("button", name="Accept").click()

    expect(page.get_by_role("status")).to_contain_text("Saved")
    expect(page).to_have_url(f"{live_server.url}/items/{ITEM_IDS['ev-warfarin-2']}")
    _shot(page, "after-save")

    stored = live_server.store.review_item(top)
    assert (stored.status, stored.reference_answer, stored.note, stored.updated_by) == (
        "accepted",
        edited,
        "NSAID with anticoagulant",
        "alice",
    )
    assert not errors, f"browser console errors (CSP violations?): {errors}"
