"""The built site as an operator receives it: strict build, links, no external requests,
both languages, per-language search, sub-path hosting."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT


def test_strict_build_passes(build_result):
    assert build_result.ok, build_result.tail()
    site = build_result.site
    assert (site / "index.html").exists() and (site / "en" / "index.html").exists()


class _Resources(HTMLParser):
    """Collect URLs the browser would fetch by itself (not links the reader clicks)."""
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and (a.get("rel") or "") not in ("canonical", "alternate"):
            self.urls.append(a["href"])
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])


EXTERNAL = re.compile(r"^(https?:)?//", re.I)
CSS_URL = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*['"]?((?:https?:)?//[^'")\s]+)""", re.I)


def external_resources(site: Path) -> list[str]:
    found = []
    for path in site.rglob("*"):
        if path.suffix == ".html":
            p = _Resources()
            p.feed(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(site)}: {u}" for u in p.urls if EXTERNAL.match(u)]
        elif path.suffix == ".css":
            found += [f"{path.relative_to(site)}: {u}" for u in CSS_URL.findall(path.read_text(encoding="utf-8"))]
        elif path.suffix == ".js" and "search_index" not in path.name and "assets/javascripts" not in path.as_posix():
            # Material's own bundle holds unpkg URLs for Mermaid and an old-browser polyfill; they
            # load only if a page uses Mermaid (none does) or the browser lacks ResizeObserver.
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {u}" for u in re.findall(r"""https://(?:unpkg\.com|cdn\.jsdelivr\.net|fonts\.googleapis\.com|fonts\.gstatic\.com|www\.google-analytics\.com|www\.googletagmanager\.com)[^'"\s]*""", text)]
    return found


def test_no_request_leaves_the_origin(site):
    assert external_resources(site) == []


def test_no_request_leaves_the_origin_offline(offline_site):
    assert external_resources(offline_site) == []


def test_external_scan_catches_a_cdn_script(tmp_path):
    (tmp_path / "x.html").write_text('<script src="https://cdn.jsdelivr.net/x.js"></script><a href="https://example.org">ok</a>', encoding="utf-8")
    (tmp_path / "y.css").write_text("@import url(https://fonts.googleapis.com/css?family=Noto);", encoding="utf-8")
    assert len(external_resources(tmp_path)) == 2


def test_every_zh_page_has_an_en_twin(site):
    zh = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("en/")}
    en = {p.relative_to(site / "en").as_posix() for p in (site / "en").rglob("*.html")}
    assert zh - en == set()
    assert en - zh == set()


def test_404_page_in_each_language(site):
    zh, en = (site / "404.html").read_text(encoding="utf-8"), (site / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in zh and "找不到这个页面" in zh and "tel:12356" in zh
    assert '<html lang="en"' in en and "Page not found" in en and "tel:12356" in en
    for text in (zh, en):   # the language links lead to each home page, not to whichever page was built last
        assert re.findall(r'href="([^"]*)"\s+hreflang="zh"', text) and \
            set(re.findall(r'href="([^"]*)"\s+hreflang="zh"', text)) == {"/"}
        assert set(re.findall(r'href="([^"]*)"\s+hreflang="en"', text)) == {"/en/"}


def test_urls_use_english_words(site):
    for folder in ("courses", "quizzes", "directory", "parents", "progress"):
        assert (site / folder / "index.html").exists(), folder
        assert (site / "en" / folder / "index.html").exists(), folder
    non_ascii = [p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().isascii()]
    assert non_ascii == []


def search_docs(site: Path, lang: str) -> list[dict]:
    folder = site / ("search" if lang == "zh" else "en/search")
    return json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_search_worker_tries_whole_chinese_words(site):
    """Material's worker, patched at build: a query's last word is tried whole (build.WORKER_BOUND)."""
    from humiao.build import WORKER_BOUND
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    assert WORKER_BOUND[1] in worker and WORKER_BOUND[0] not in worker


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printable_twins_stay_out_of_search(site, lang):
    locations = {d["location"].split("#")[0] for d in search_docs(site, lang)}
    twins = [l for l in locations if re.search(r"^(parents/handouts/|quizzes/.+/(print|answer-key)/|referral/print/|directory/wallet-card/)", l)]
    assert twins == []
    for original in ("parents/grief/", "quizzes/crisis/", "referral/", "directory/"):
        assert original in locations


def test_search_index_is_per_language(site):
    zh, en = search_docs(site, "zh"), search_docs(site, "en")
    assert zh and en
    assert not any(d["location"].startswith("en/") for d in zh)
    cjk = re.compile(r"[\u4e00-\u9fff]{4,}")
    # English pages carry English text; the zh index holds the Chinese pages.
    assert sum(1 for d in en if cjk.search(d["title"])) < len(en) * 0.05
    assert any("转介" in d["text"] for d in zh)


@pytest.mark.parametrize("word", ["转介", "心理健康", "自伤", "留守儿童"])
def test_chinese_words_are_segmented_for_search(site, word):
    zh = search_docs(site, "zh")
    # jieba's word breaks are U+034F in the built index (scripts/humiao/search.py), dropped beside punctuation
    token = re.compile(rf"(^|[\s\u034f>、。，；：（）“”]){word}($|[\s\u034f<、。，；：（）“”])")
    hits = [d["location"] for d in zh if token.search(d["text"])]
    assert hits, f"{word} is not a search token in any page"


def test_links_and_anchors_resolve(site_url):
    """linkchecker over HTTP checks every internal link and anchor; warnings count too."""
    result = subprocess.run([sys.executable, "-m", "linkcheck", "--check-extern", "--no-status", "-o", "csv",
                             "--ignore-url", r"^(?!http://127\.0\.0\.1)", "--ignore-url", r"^tel:",
                             "-t", "4", site_url + "/"],
                            capture_output=True, text=True, timeout=1500, cwd=ROOT)
    problems = [line for line in result.stdout.splitlines() if line and not line.startswith("#")
                and ";" in line and not line.startswith("urlname") and ("Error" in line or "Warning" in line or "warning" in line)]
    assert result.returncode == 0 and not problems, "\n".join(problems[:40]) or result.stdout[-3000:] + result.stderr[-2000:]


def test_help_strip_on_every_page(site):
    for path in list(site.rglob("*.html"))[:4000]:
        html = path.read_text(encoding="utf-8")
        if "<body" not in html:
            continue
        assert 'class="hm-strip"' in html, path
        assert 'href="tel:110"' in html and 'href="tel:12356"' in html, path


@pytest.mark.parametrize("page", ["index.html", "en/index.html", "courses/crisis/index.html", "en/courses/crisis/index.html"])
def test_language_switch_links_are_relative(site, page):
    """The site works under any sub-path: no link starts at the root, and each language link
    is relative and leads to that language's twin of the page."""
    html = (site / page).read_text(encoding="utf-8")
    assert not re.findall(r'(?:href|src)="/[^"]*"', html)
    switch = dict((lang, href) for href, lang in re.findall(r'<a href="([^"]*)" hreflang="(zh|en)"', html))
    twin = page.removeprefix("en/")
    assert set(switch) == {"zh", "en"}, switch
    for lang, href in switch.items():
        target = ((site / page).parent / href / "index.html").resolve()
        assert target == (site / ("en/" if lang == "en" else "") / twin).resolve(), (lang, href)
