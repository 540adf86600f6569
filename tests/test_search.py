"""Search (issue #22): the index and the worker are fetched only when the reader searches, the index
is small, and a reader's query finds the lesson or the parents' guide first. scripts/humiao/search.py."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from humiao import search


def index(site: Path, lang: str) -> dict:
    folder = site / ("search" if lang == "zh" else "en/search")
    return json.loads((folder / "search_index.json").read_text(encoding="utf-8"))


def pages(docs) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for d in docs:
        out.setdefault(d["location"].split("#")[0], []).append(d)
    return out


def test_compact_drops_and_shortens_separators():
    z = "\u200b"
    assert search.compact(f"{z}心理{z}健康{z}，{z}转介{z} 12356") == "心理\u034f健康，转介 12356"
    assert search.compact(f"<li>{z}儿童{z}主任{z}</li>") == "<li>儿童\u034f主任</li>"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_index_is_at_most_one_and_a_half_times_its_text(site, lang):
    path = site / ("search" if lang == "zh" else "en/search") / "search_index.json"
    docs = index(site, lang)["docs"]
    assert path.stat().st_size <= 1.5 * search.text_bytes(docs)


def test_index_uses_two_byte_word_breaks(site):
    data = index(site, "zh")
    assert re.search(data["config"]["separator"], "\u034f")
    text = "".join(d["text"] for d in data["docs"])
    assert "\u200b" not in text and "\u034f" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_quiz_questions_and_copies_stay_out_and_references_weigh_little(site, lang):
    by_page = pages(index(site, lang)["docs"])
    for loc, entries in by_page.items():
        if re.match(r"quizzes/[^/]+/$", loc):
            assert sum(len(e["text"]) for e in entries) < 2000, f"{loc}: quiz questions indexed"
        for e in entries:
            if e["location"].endswith("#references"):
                assert e["boost"] <= 0.1 * entries[0].get("boost", 1) + 1e-9, e["location"]
    for loc in ("referral/tree/", "directory/freshness/", "about/benchmarks/"):
        assert loc not in by_page
    assert "quizzes/crisis/" in by_page and "referral/" in by_page   # the pages themselves stay findable


def test_lessons_and_guides_weigh_more_than_quizzes_and_notes(site):
    first = {loc: entries[0] for loc, entries in pages(index(site, "zh")["docs"]).items()}
    boost = lambda loc: first[loc].get("boost", 1)
    assert boost("courses/crisis/what-to-do/") > boost("courses/crisis/") > boost("courses/crisis/job-aid/") \
        > boost("courses/crisis/trainer-notes/") > boost("quizzes/crisis/")
    assert boost("parents/grandparents/") > boost("parents/") 


def test_family_words_are_keywords_of_their_guide(site):
    for lang, word in (("zh", "爷爷奶奶"), ("en", "grandma")):
        entries = pages(index(site, lang)["docs"])["parents/grandparents/"]
        assert word in entries[0].get("tags", [])
        assert not any("tags" in e for e in entries[1:])     # once per page


def test_bundle_waits_for_search_before_fetching_the_index(site):
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert search.LAZY_MARK in bundle and search.HIGHLIGHT_MARK in bundle and search.WORKER_MARK in bundle


# --- In chromium ---------------------------------------------------------------------------

def open_search(page):
    if not page.locator(".md-search__input").is_visible():
        page.locator('label[for="__search"]').first.click()   # narrow screens
    page.locator(".md-search__input").focus()


def wait_ready(page, lang):
    ready = "Type to start searching" if lang == "en" else "键入以开始搜索"
    page.wait_for_function(f"document.querySelector('.md-search-result__meta').textContent.includes({json.dumps(ready)})",
                           timeout=30_000)


def top_pages(page, query, n=3) -> list[str]:
    """Type a query as a reader would (End: the key event an IME commit sends) and return the
    paths of the first n pages in the results."""
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    time.sleep(0.3)
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all("els => els.map(e => e.href)")
    out = []
    for h in hrefs:
        path = urlsplit(h).path
        if path not in out:
            out.append(path)
    return out[:n]


@pytest.mark.browser
def test_no_index_until_the_reader_searches(page, site_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "/courses/crisis/what-to-do/", wait_until="networkidle")
    page.wait_for_timeout(1000)
    assert not [u for u in requests if "search_index" in u or "/workers/search." in u]   # nor the worker
    release = []
    page.route("**/search_index.json", lambda route: release.append(route))   # held until we have looked
    open_search(page)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('正在加载搜索')")
    assert page.locator(".md-search-result__meta").is_visible()
    page.wait_for_timeout(300)
    assert len(release) == 1
    assert [u for u in requests if "/workers/search." in u]     # the worker downloads beside the index
    release[0].continue_()
    wait_ready(page, "zh")
    start = time.perf_counter()
    assert top_pages(page, "转介")
    assert time.perf_counter() - start < 3     # issue #22 asks for 1 s; a loaded 2-core test machine gets slack


@pytest.mark.browser
def test_english_pages_say_loading_in_english(page, site_url):
    page.route("**/search_index.json", lambda route: None)    # never answered
    page.goto(site_url + "/en/parents/grief/")
    open_search(page)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('Loading search')")


# Queries a worker or a parent types, and the pages that must be among the first three.
QUERIES = [
    ("爷爷奶奶", ["/parents/grandparents/"]),
    ("睡不着", ["/parents/sleep-phones-games/"]),
    ("自伤", ["/courses/crisis/what-to-do/", "/courses/crisis/recognising-and-asking/", "/parents/not-wanting-to-live/"]),
    ("离婚", ["/parents/single-parents/", "/courses/warning-signs/signs/"]),
    ("12356", ["/parents/not-wanting-to-live/", "/parents/where-to-get-help/", "/directory/"]),
    ("110", ["/courses/crisis/what-to-do/", "/referral/"]),
    ("self-harm", ["/en/courses/crisis/what-to-do/", "/en/courses/crisis/recognising-and-asking/", "/en/parents/not-wanting-to-live/"]),
    ("grandparents", ["/en/parents/grandparents/"]),
    ("divorce", ["/en/parents/single-parents/", "/en/courses/warning-signs/signs/"]),
]


@pytest.mark.browser
@pytest.mark.parametrize("query, wanted", QUERIES)
def test_readers_queries_find_the_right_page_in_the_first_three(page, site_url, query, wanted):
    en = query.isascii() and not query.isdigit()
    page.goto(site_url + ("/en/" if en else "/"))
    open_search(page)
    wait_ready(page, "en" if en else "zh")
    top = top_pages(page, query)
    base = urlsplit(site_url).path.rstrip("/")
    top = [p[len(base):] if base and p.startswith(base) else p for p in top]
    assert any(p in wanted for p in top), f"{query}: {top}"
    # A lesson or a parents' guide comes first, never a quiz, trainer notes or a printable copy.
    assert not re.search(r"/quizzes/|/trainer-notes/|/print/|/handouts/|/answer-key/", top[0]), f"{query}: {top}"
    assert all(p.startswith("/en/") == en for p in top)      # the reader's language


@pytest.mark.browser
def test_offline_package_searches_from_file_urls(page, offline_site):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((offline_site / "courses" / "crisis" / "what-to-do.html").as_uri())
    page.wait_for_timeout(1000)
    assert not [u for u in requests if "search_index" in u or "/workers/search." in u]
    open_search(page)
    wait_ready(page, "zh")
    top = top_pages(page, "爷爷奶奶")
    assert top and top[0].endswith("/parents/grandparents.html")
    page.goto((offline_site / "en" / "index.html").as_uri())
    open_search(page)
    wait_ready(page, "en")
    assert top_pages(page, "self-harm")
