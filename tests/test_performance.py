"""Page-load rules of issue #22 that a test can hold (the figures themselves come from
`./portal bench`, docs/about/benchmarks): nothing moves while a page loads, the blocks our scripts
fill in are already in the page as the script draws them, Material's first restyle happens in
<head>, and nothing blocks the first paint that the served site does not need. The search worker
and index wait for search: tests/test_search.py."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT

from bench.site import PAGE_TYPES

# Every layout shift the page makes by itself (not after the reader's input), summed.
SHIFTS = """window.__shifts = [];
new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput)
  window.__shifts.push([e.value, e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : "")]); })
  .observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_nothing_moves_while_a_page_loads(browser, site_url, kind, lang):
    """A first visit on Lighthouse's phone screen: the layout shift of the whole load stays far
    below Lighthouse's 'good' 0.1 (My progress was 0.41 and the referral guide 0.08 when their
    scripts drew the form, the table and question 1 after the first paint)."""
    ctx = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    ctx.add_init_script(SHIFTS)
    page = ctx.new_page()
    try:
        page.goto(f"{site_url}/{'en/' if lang == 'en' else ''}{PAGE_TYPES[kind]}", wait_until="networkidle")
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
        assert sum(v for v, _ in shifts) < 0.01, shifts
    finally:
        ctx.close()


# The blocks a script draws at load, and the page's own copy of what it draws for a first visitor.
DRAWN = {"progress/": [".hm-next-up", ".hm-progress-table"], "referral/": ["#hm-referral-app"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", list(DRAWN))
def test_the_page_holds_what_its_script_draws_for_a_first_visit(browser, site_url, path, lang):
    """progress_page.py and referral_page.py write the first view that progress.js and referral.js
    draw: the same markup, so the script's redraw changes nothing on screen. A change to either side
    alone fails here."""
    url = f"{site_url}/{'en/' if lang == 'en' else ''}{path}"
    drawn = {}
    for js in (True, False):
        ctx = browser.new_context(java_script_enabled=js)
        page = ctx.new_page()
        page.goto(url)
        drawn[js] = [page.locator(sel).evaluate("e => e.innerHTML") for sel in DRAWN[path]]
        ctx.close()
    assert all(drawn[False]), "the page's own copy is missing"
    assert drawn[True] == drawn[False]


def test_without_javascript_the_script_blocks_stay_hidden(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(site_url + "/progress/")
        for sel in (".hm-profile", ".hm-next-up", ".hm-progress-table"):
            assert page.locator(sel).is_hidden(), sel
        assert page.locator("noscript").count() >= 1
    finally:
        ctx.close()


def head(html: str) -> str:
    return html.split("</head>", 1)[0]


def test_js_classes_are_set_in_head(site):
    """Material's bundle swaps no-js for js when it starts, which restyles the whole page inside its
    first (and longest) task; our <head> does it first, so the bundle's swap changes nothing."""
    for path in ("index.html", "en/index.html", "courses/crisis/what-to-do/index.html"):
        top = head((site / path).read_text(encoding="utf-8"))
        assert re.search(r'c\.remove\("no-js"\);c\.add\("js","hm-script"\)', top), path


def test_served_pages_load_no_offline_shim(site, offline_site):
    """The iframe-worker shim stands in for the search worker on file:// only: the served site does
    not fetch it, and in the offline package it comes before Material's bundle, out of <head>."""
    page = (site / "courses/crisis/what-to-do/index.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in page
    offline = (offline_site / "courses/crisis/what-to-do.html").read_text(encoding="utf-8")
    assert "iframe-worker" not in head(offline)
    assert offline.index("iframe-worker/shim.js") < offline.index("javascripts/bundle.")


ASSESSMENT = "quizzes/annual-assessment/"


def test_the_assessment_page_leaves_its_question_pool_to_a_script(site):
    """The annual assessment draws 24 of 90 questions: all 90 in the page were 140 KB of HTML before
    the first paint (Lighthouse 86-89 on a plain server). They are in pool.<hash>.js beside the page, every
    question in both languages, and the page itself is as small as a lesson."""
    bank_ids = bank_ids_of("annual-assessment")
    for lang in ("", "en/"):
        page = (site / lang / ASSESSMENT / "index.html").read_text(encoding="utf-8")
        assert "<fieldset" not in page and len(page.encode()) < 60_000
        assert re.search(r'<div class="hm-pool" data-src="pool\.[0-9a-f]{8}\.js"><p class="hm-note" role="status">[^<]+</p></div>', page)
        [pool_path] = (site / lang / ASSESSMENT).glob("pool.*.js")
        assert f'data-src="{pool_path.name}"' in page      # named by its content: never a stale cached pool
        pool = pool_path.read_text(encoding="utf-8")
        data = json.loads(pool.split("=", 1)[1].strip().rstrip(";"))
        assert data["bank"] == "annual-assessment"
        assert re.findall(r'<fieldset class="hm-q"[^>]* data-q="([^"]+)"', data["html"]) == bank_ids


def test_a_pool_that_does_not_arrive_says_so(browser, site_url):
    """A blocked or missing pool.js leaves no empty form with live buttons: the reader is told to
    reload or use the paper version. Without JavaScript the page points to the paper version."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.route("**/pool.*.js", lambda route: route.abort())
    try:
        page.goto(site_url + "/" + ASSESSMENT)
        assert "纸质版" in page.locator(".hm-result").inner_text()
        assert page.locator(".hm-actions").is_hidden() and page.locator("fieldset.hm-q").count() == 0
        assert page.locator(".hm-pool").count() == 0     # its "loading" line is gone too
    finally:
        ctx.close()
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(site_url + "/en/" + ASSESSMENT)
        assert page.locator(".hm-actions").is_hidden() and page.locator(".hm-pool").is_hidden()
        page.locator("noscript a, .hm-note a").first.click()
        assert page.url.endswith("/en/quizzes/annual-assessment/print/") and page.locator(".hm-paper-q").count() == len(bank_ids_of("annual-assessment"))
    finally:
        ctx.close()


def test_the_assessment_draws_from_file_urls(page, offline_site):
    """A USB stick: pool.js is a script, not a fetch, so the offline package draws too."""
    page.goto((offline_site / ASSESSMENT / "index.html").as_uri())
    assert page.locator("fieldset.hm-q:not([hidden])").count() == 24
    page.goto((offline_site / "en" / ASSESSMENT / "index.html").as_uri())
    assert page.locator("fieldset.hm-q:not([hidden])").count() == 24


def bank_ids_of(bank_id: str) -> list[str]:
    return [q["id"] for q in yaml.safe_load((ROOT / "quizzes" / f"{bank_id}.yml").read_text(encoding="utf-8"))["questions"]]
