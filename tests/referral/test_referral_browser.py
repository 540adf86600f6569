"""The referral guide in a real browser (Debian chromium): every path of the tree, enumerated
from data/referral.yml, ends at its outcome with its urgency and the expected tel: links;
back button, ?start=, the remembered district, no JavaScript, 360 px, the A4 sheet."""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

DATA = yaml.safe_load((ROOT / "data" / "referral.yml").read_text(encoding="utf-8"))
DIRECTORY = yaml.safe_load((ROOT / "data" / "directory.yml").read_text(encoding="utf-8"))["entries"]
QUESTIONS = {q["id"]: q for q in DATA["questions"]}
OUTCOMES = {o["id"]: o for o in DATA["outcomes"]}
CITY = ("national", "tianjin", "every-district")
APP = "#hm-referral-app"   # the interactive guide (the no-JavaScript tree on the same page is hidden)


def all_paths():
    """Every path from `start`: ([(question id, answer index), ...], outcome id)."""
    out = []

    def walk(qid, trail):
        for i, a in enumerate(QUESTIONS[qid]["answers"]):
            step = trail + [(qid, i)]
            if a["next"] in OUTCOMES:
                out.append((step, a["next"]))
            else:
                walk(a["next"], step)
    walk("start", [])
    return out


PATHS = all_paths()


def expected_contacts(outcome, district=""):
    topics = set(outcome.get("contact_topics") or [])
    return [e for t in outcome["contact_types"] for e in DIRECTORY
            if e["type"] == t and (t != "hotline" or not topics or topics & set(e["topics"]))
            and (not district or e["area"] in CITY or e["area"] == district)]


def expected_tels(outcome, district=""):
    return {"tel:" + p.replace("-", "") for e in expected_contacts(outcome, district) for p in e.get("phones", [])}


def url_of(site_url, lang, query=""):
    return f"{site_url}/{'' if lang == 'zh' else 'en/'}referral/{query}"


def heading(page):
    return page.locator("#hm-r-heading")


def test_paths_cover_every_outcome():
    assert {o for _, o in PATHS} == set(OUTCOMES)
    assert len(PATHS) >= len(OUTCOMES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_walk_every_path(page, site_url, lang):
    for steps, outcome_id in PATHS:
        page.goto(url_of(site_url, lang))
        page.evaluate("localStorage.removeItem('humiao.district')")
        for n, (qid, answer) in enumerate(steps):
            assert heading(page).get_attribute("data-question") == qid
            buttons = page.locator(".hm-r-answers button")
            assert buttons.count() == len(QUESTIONS[qid]["answers"])
            want = QUESTIONS[qid]["answers"][answer]["label"][lang]
            assert buttons.nth(answer).inner_text().strip() == want
            buttons.nth(answer).click()
            assert page.evaluate("document.activeElement.id") == "hm-r-heading"
        o = OUTCOMES[outcome_id]
        box = page.locator(f'{APP} .hm-r-outcome[data-outcome="{outcome_id}"]')
        assert box.count() == 1, (steps, outcome_id)
        assert box.get_attribute("data-urgency") == o["urgency"]
        assert heading(page).inner_text().strip() == o["title"][lang]
        tels = set(box.locator('.hm-r-contacts a[href^="tel:"]').evaluate_all("els => els.map(e => e.getAttribute('href'))"))
        assert expected_tels(o) <= tels, (outcome_id, tels)
        if o["urgency"] == "now":
            assert {"tel:110", "tel:120"} <= tels
        # The summary lists every answer that led here, in order.
        summary = box.locator(".hm-r-summary li")
        assert summary.count() == len(steps)
        for i, (qid, answer) in enumerate(steps):
            assert QUESTIONS[qid]["answers"][answer]["label"][lang] in summary.nth(i).inner_text()
        assert box.locator("li", has_text=o["steps"][0][lang]).count() == 1
        assert page.locator("#hm-referral-status").inner_text().strip() != ""
    assert not page.js_errors


def test_back_button(page, site_url):
    steps, outcome_id = max(PATHS, key=lambda p: len(p[0]))
    page.goto(url_of(site_url, "zh"))
    assert page.locator(".hm-r-back").count() == 0
    for qid, answer in steps:
        page.locator(".hm-r-answers button").nth(answer).click()
    assert page.locator(f'{APP} [data-outcome="{outcome_id}"]').count() == 1
    page.locator(".hm-r-back").click()
    assert heading(page).get_attribute("data-question") == steps[-1][0]
    assert page.evaluate("document.activeElement.id") == "hm-r-heading"
    page.locator(".hm-r-back").click()
    assert heading(page).get_attribute("data-question") == steps[-2][0]
    page.locator(".hm-r-restart").click()
    assert heading(page).get_attribute("data-question") == "start"
    assert not page.js_errors


def test_browser_back_steps_through_the_guide(page, site_url):
    """Each answer is a history entry: the phone's Back button goes to the previous question
    instead of leaving the guide; Forward comes back to the same place."""
    steps, outcome_id = max(PATHS, key=lambda p: len(p[0]))
    page.goto(f"{site_url}/")
    page.goto(url_of(site_url, "zh"))
    for _, answer in steps:
        page.locator(".hm-r-answers button").nth(answer).click()
    assert page.locator(f'{APP} [data-outcome="{outcome_id}"]').count() == 1
    page.go_back()
    assert heading(page).get_attribute("data-question") == steps[-1][0]
    page.go_back()
    assert heading(page).get_attribute("data-question") == steps[-2][0]
    page.go_forward()
    assert heading(page).get_attribute("data-question") == steps[-1][0]
    for _ in steps[:-1]:
        page.go_back()
    assert heading(page).get_attribute("data-question") == "start"
    assert page.url.endswith("/referral/")
    assert not page.js_errors


def test_start_parameter(page, site_url):
    qid = DATA["questions"][-1]["id"]
    page.goto(url_of(site_url, "en", f"?start={qid}"))
    assert heading(page).get_attribute("data-question") == qid
    assert heading(page).inner_text().strip() == QUESTIONS[qid]["text"]["en"]
    page.goto(url_of(site_url, "zh", "?start=no-such-question"))
    assert heading(page).get_attribute("data-question") == "start"
    outcome = next(iter(OUTCOMES))
    page.goto(url_of(site_url, "zh", f"?start={outcome}"))   # only questions can be a start
    assert heading(page).get_attribute("data-question") == "start"
    assert not page.js_errors


def test_district_is_chosen_once_and_remembered(page, site_url):
    """District entries show for the reader's district only; the choice is kept in
    localStorage under the key the directory page uses."""
    local = [(oid, o) for oid, o in OUTCOMES.items() if any(e["area"] not in CITY for e in expected_contacts(o))]
    if not local:
        pytest.skip("no outcome has a district-level contact in the directory")
    oid, o = local[0]
    steps = next(s for s, x in PATHS if x == oid)
    entry = next(e for e in expected_contacts(o) if e["area"] not in CITY)
    other = next(d for d in ("heping", "hexi") if d != entry["area"])

    def walk():
        page.goto(url_of(site_url, "zh"))
        for _, answer in steps:
            page.locator(".hm-r-answers button").nth(answer).click()
        return page.locator(f"{APP} .hm-r-contacts li", has_text=entry["name"]["zh"]).count()

    page.goto(url_of(site_url, "zh"))
    page.evaluate("localStorage.removeItem('humiao.district')")
    assert walk() == 1                      # no district chosen: every entry
    page.select_option(".hm-r-outcome select[name=district]", other)
    assert page.evaluate("localStorage.getItem('humiao.district')") == other
    assert page.locator(f"{APP} .hm-r-contacts li", has_text=entry["name"]["zh"]).count() == 0
    assert walk() == 0                      # remembered on the next visit
    assert page.locator(".hm-r-outcome select[name=district]").input_value() == other
    tels = set(page.locator(f'{APP} .hm-r-contacts a[href^="tel:"]').evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert expected_tels(o, other) <= tels
    page.select_option(".hm-r-outcome select[name=district]", entry["area"])
    assert page.locator(f"{APP} .hm-r-contacts li", has_text=entry["name"]["zh"]).count() == 1
    page.evaluate("localStorage.removeItem('humiao.district')")


def test_without_javascript_the_tree_is_shown(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url_of(site_url, "zh"))
        assert page.locator("#hm-referral-app").is_hidden()
        assert page.locator("#hm-referral-static").is_visible()
        assert page.locator('a[href$="tree/"]').count() >= 1
        for qid in QUESTIONS:
            assert page.locator(f"#hm-referral-static #q-{qid}").count() == 1
        for oid in OUTCOMES:
            assert page.locator(f'#hm-referral-static [data-outcome="{oid}"]').count() == 1
        page.goto(f"{site_url}/referral/tree/")
        for qid in QUESTIONS:
            assert page.locator(f"#q-{qid}").is_visible()
        for oid in OUTCOMES:
            assert page.locator(f"#o-{oid}").count() == 1
    finally:
        context.close()


def test_phone_width(phone, site_url):
    for path in ("referral/", "referral/tree/", "en/referral/", "en/referral/tree/"):
        phone.goto(f"{site_url}/{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 362, path
    phone.goto(f"{site_url}/referral/")
    steps, outcome_id = max(PATHS, key=lambda p: len(p[0]))
    for _, answer in steps:
        phone.locator(".hm-r-answers button").nth(answer).tap()
    assert phone.locator(f'{APP} [data-outcome="{outcome_id}"]').count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 362


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_sheet_is_one_a4_sheet_with_every_do_not(page, site_url, lang):
    """Every step and every "do not" of every outcome is on paper (issue #14), each in its short print
    form where it has one (R024, R025). One A4 page at 9 pt is checked in tests/test_phone.py."""
    page.goto(f"{site_url}/{'' if lang == 'zh' else 'en/'}referral/print/")
    assert page.locator('meta[name="humiao-print"]').get_attribute("content") == "referral"
    text = page.locator(".hm-rprint").inner_text()
    for o in OUTCOMES.values():
        for item in o["steps"] + o["avoid"]:
            printed = item.get("print", item)[lang]
            assert printed in text.replace("\n", " ") or printed in text, printed
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
