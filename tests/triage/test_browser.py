"""Clinicians' paths through the real page in headless Chromium (Debian's, never a downloaded one):
two reviewers and a lead, keyboard only, through double review, a disagreement and an adjudication;
and the same form without JavaScript.

Set OUTERLOOP_SCREENSHOTS=<dir> to keep screenshots of the pages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from review_app import ITEM_IDS, PASSWORDS, LiveServer

from infra.store import Store
from triage.web.agreement import cohen_kappa

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

TOP = ITEM_IDS["ev-warfarin-1"]


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _shot(page: Any, name: str) -> None:
    target = os.environ.get("OUTERLOOP_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=True)


def _keyboard_login(browser: Any, live: LiveServer, username: str, errors: list[str]) -> Any:
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.on("console", lambda m: errors.append(f"{username}: {m.text}") if m.type == "error" else None)
    page.goto(live.url + "/")
    expect(page).to_have_url(live.url + "/login")
    page.keyboard.type(username)  # the username field has autofocus
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORDS[username])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    return page


def _cause_key(page: Any, cause: str) -> str:
    key = page.locator(f'input[name="root_cause"][value="{cause}"]').get_attribute("data-cause-key")
    assert key, cause
    return str(key)


def _decide_by_keys(page: Any, *, verdict: str, harm: str, cause: str, extra: str) -> None:
    keyboard = page.keyboard
    keyboard.press(verdict)
    keyboard.press(harm)
    keyboard.press("c")
    keyboard.press(_cause_key(page, cause))
    keyboard.press("r")
    keyboard.press("Control+End")
    keyboard.type(extra)
    keyboard.press("Escape")
    keyboard.press("s")


def _seed_pair_history(store: Store) -> None:
    """Two earlier double reviews by alice and bob: one agreed, one disputed (verdicts differ)."""
    for event_id, (alice, bob) in {
        "ev-lookup-1": (("wrong", "tool_failure"), ("wrong", "tool_failure")),
        "ev-probe-1": (("partly_wrong", "dose_or_unit_error"), ("wrong", "dose_or_unit_error")),
    }.items():
        item_id = ITEM_IDS[event_id]
        for reviewer, (verdict, cause) in (("alice", alice), ("bob", bob)):
            store.record_decision(
                item_id,
                reviewer=reviewer,
                role="reviewer",
                expected_version=store.review_item(item_id).version,
                verdict=verdict,
                harm="moderate",
                root_cause=cause,
                reference_answer=f"{reviewer}'s reference for {event_id}",
            )


def test_two_reviewers_and_a_lead_double_review_by_keyboard(live_server: LiveServer, browser: Any) -> None:
    from playwright.sync_api import expect

    store = live_server.store
    _seed_pair_history(store)
    errors: list[str] = []
    url = live_server.url

    # Alice takes the next item (t), decides it wrong / moderate harm / interaction missed, and saves (s).
    alice = _keyboard_login(browser, live_server, "alice", errors)
    _shot(alice, "queue")
    alice.keyboard.press("?")
    expect(alice.locator("#keys")).to_be_visible()
    alice.keyboard.press("?")
    alice.keyboard.press("t")
    expect(alice).to_have_url(re.compile(rf"{url}/items/{TOP}"))
    expect(alice.locator("#reference_answer")).to_have_value(store.review_item(TOP).event["correction"])
    expect(alice.get_by_text("prefilled with the correction by a physician")).to_be_visible()
    _shot(alice, "item")
    _decide_by_keys(alice, verdict="w", harm="2", cause="interaction_missed", extra=" Alice: recheck the INR.")
    # The first save loads the de-identifier's NLP model (seconds).
    expect(alice.get_by_role("status")).to_contain_text("waiting for a second, independent review", timeout=90_000)
    assert store.review_item(TOP).status == "second_review"

    # Bob gets the second review first and does not see Alice's decision; he names another root cause.
    bob = _keyboard_login(browser, live_server, "bob", errors)
    bob.keyboard.press("t")
    expect(bob).to_have_url(re.compile(rf"{url}/items/{TOP}"))
    expect(bob.get_by_text("earlier decision(s) are hidden")).to_be_visible()
    assert "recheck the INR" not in bob.content()
    _decide_by_keys(bob, verdict="w", harm="2", cause="knowledge_error", extra=" Bob: NSAIDs and warfarin.")
    expect(bob.get_by_role("status")).to_contain_text("the two reviews disagree")
    assert store.review_item(TOP).status == "disputed"

    # Carol, a lead, takes the next disputed item (d), sees both reviews and adjudicates.
    carol = _keyboard_login(browser, live_server, "carol", errors)
    carol.keyboard.press("d")
    expect(carol).to_have_url(re.compile(rf"{url}/items/{TOP}"))
    expect(carol.get_by_text("The reviews disagree on the root cause")).to_be_visible()
    expect(carol.locator(".decisions")).to_contain_text("recheck the INR")
    expect(carol.locator(".decisions")).to_contain_text("NSAIDs and warfarin")
    _shot(carol, "adjudicate")
    _decide_by_keys(carol, verdict="w", harm="3", cause="interaction_missed", extra=" Lead: interaction missed.")
    expect(carol.get_by_role("status")).to_contain_text("Saved")
    stored = store.review_item(TOP)
    assert (stored.status, stored.updated_by) == ("accepted", "carol")
    assert stored.reference_answer and stored.reference_answer.endswith("Lead: interaction missed.")

    # The stats page shows the pair's kappa over their three double reviews.
    carol.goto(url + "/stats")
    expected = cohen_kappa([("wrong", "wrong"), ("partly_wrong", "wrong"), ("wrong", "wrong")])
    assert expected is not None
    pair = carol.locator("tr.pair", has_text="alice & bob")
    expect(pair.locator("td.kappa")).to_have_text(f"{expected:.3f}")
    _shot(carol, "stats")

    complete = {c.item.item_id: c for c in store.complete_decisions()}
    assert complete[TOP].adjudicated and complete[TOP].reviewers == ["alice", "bob", "carol"]
    assert (complete[TOP].final.verdict, complete[TOP].final.harm) == ("wrong", "severe")
    assert ITEM_IDS["ev-probe-1"] not in complete  # still disputed: not exportable
    assert not errors, f"browser console errors (CSP violations?): {errors}"


def test_the_form_works_without_javascript(live_server: LiveServer, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORDS["alice"])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=re.compile("Take next item")).click()
    expect(page).to_have_url(re.compile(rf"/items/{TOP}"))
    page.get_by_label(re.compile(r"^\s*wrong\b")).check()
    page.get_by_label(re.compile(r"^\s*minor\b")).check()
    page.get_by_label(re.compile(r"^\s*interaction missed\b")).check()
    page.get_by_label("Rubric criterion 1").fill("Warns about bleeding with NSAIDs")
    page.get_by_label("Points 1").fill("5")
    page.get_by_role("button", name=re.compile("Save decision")).click()
    expect(page.get_by_role("status")).to_contain_text("Saved", timeout=90_000)
    [done] = live_server.store.complete_decisions()
    assert (done.final.verdict, done.final.harm, done.final.root_cause) == ("wrong", "minor", "interaction_missed")
    assert done.final.rubric == [{"criterion": "Warns about bleeding with NSAIDs", "points": 5}]


def test_the_dashboard_and_cluster_map_render_in_chromium(browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect
    from review_app import ROLES, start_review_app

    from benchmarks.bench_dashboard import populate
    from triage.auth import add_reviewer

    store = Store(tmp_path / "db" / "outerloop.duckdb")
    populate(store, 300, seed=5)
    add_reviewer(store, "alice", PASSWORDS["alice"], ROLES["alice"])
    server = start_review_app(store, tmp_path / "data")
    live = next(server)
    errors: list[str] = []
    try:
        page = _keyboard_login(browser, live, "alice", errors)
        page.goto(live.url + "/dashboard")
        expect(page.get_by_role("heading", name="Review funnel")).to_be_visible()
        expect(page.get_by_role("heading", name="Cluster map", exact=False)).to_be_visible()
        assert page.locator("svg circle").count() == len(store.clusters()) > 0
        assert page.locator("svg title").count() > 0  # hover text: de-identified snippets
        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)
        _shot(page, "dashboard")
        assert shot.stat().st_size > 20_000  # a rendered page, not a blank one
    finally:
        server.close()
    assert not errors, f"browser console errors: {errors}"
