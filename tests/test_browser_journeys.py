"""Real-browser journeys in Debian chromium against the built site on 127.0.0.1."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT


def switch_language(page, lang):
    href = page.locator(f'a.md-select__link[hreflang="{lang}"]').first.evaluate("a => a.href")
    page.goto(href)
    return href


def test_home_then_switch_language_lands_on_same_page(page, site_url):
    page.goto(site_url + "/courses/crisis/")
    assert "自伤" in page.locator("h1").inner_text()
    switch_language(page, "en")
    assert page.url.rstrip("/").endswith("/en/courses/crisis")
    assert "self-harm" in page.locator("h1").inner_text().lower()
    switch_language(page, "zh")
    assert page.url.rstrip("/").endswith("/courses/crisis")


def test_home_has_a_path_for_each_audience(page, site_url):
    for url, words in ((site_url + "/", ["培训课程", "家长指南", "培训者指南"]),
                       (site_url + "/en/", ["Training courses", "Guides for parents", "Guide for trainers"])):
        page.goto(url)
        text = page.locator("article").inner_text()
        for w in words:
            assert w in text


def search(page, query):
    page.wait_for_load_state("load")   # a click that navigates may still be under way
    if not page.locator(".md-search__input").is_visible():
        page.locator('label[for="__search"]').first.click()   # narrow screens: open the search dialog
    page.locator(".md-search__input").type(query)
    page.keyboard.press("End")   # CJK input sends no key events; Material re-queries on keyup
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("query", ["转介", "心理健康"])
def test_search_a_chinese_word(page, site_url, query):
    page.goto(site_url + "/")
    hrefs = search(page, query)
    assert hrefs and not any("/en/" in h for h in hrefs)


def test_search_on_english_site_stays_english(page, site_url):
    page.goto(site_url + "/en/")
    hrefs = search(page, "referral")
    assert hrefs and all("/en/" in h for h in hrefs)


def top_result(page, query) -> str:
    """Type a whole query at once (as a pasted or IME-committed phrase arrives) and return the
    first result's address once results for it are shown."""
    page.wait_for_load_state("load")
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")   # Material re-queries on keyup
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    return first.evaluate("a => a.href")


@pytest.mark.parametrize("query, page_path", [
    ("grandparents", "/en/parents/grandparents/"),          # a word the stemmer used to cut to 'grandpar'
    ("telephone", "/en/courses/self-care/support/"),        # ... and to 'telephon': no result at all
    ("留守儿童心理", "/courses/circumstances/families-apart/"),  # a phrase, not one word
    ("一人一帮", "/courses/follow-up/"),
    ("自杀", "/courses/crisis/"),         # the lesson, not the quiz that repeats the word (quiz pages weigh 0.3)
    ("bullying", "/en/courses/protection/"),
])
def test_search_puts_the_right_page_first(page, site_url, query, page_path):
    page.goto(site_url + ("/en/" if query.isascii() else "/"))
    assert page_path in top_result(page, query)


def test_offline_package_navigates_and_searches(page, offline_site):
    page.goto((offline_site / "index.html").as_uri())
    page.locator('a[href="courses/index.html"]').first.click()
    page.wait_for_url("**/courses/index.html")
    hrefs = search(page, "转介")
    assert hrefs and all(h.startswith("file://") for h in hrefs)
    page.goto((offline_site / "en" / "index.html").as_uri())
    assert search(page, "referral")


def test_subpath_hosting(page, subpath_url):
    page.goto(subpath_url)
    page.locator('a[href="courses/"]').first.click()
    assert "/portal/courses/" in page.url
    switch_language(page, "en")
    assert "/portal/en/courses/" in page.url
    page.goto(subpath_url + "en/")
    switch_language(page, "zh")
    assert page.url.rstrip("/").endswith("/portal")


def test_missing_page_under_a_subpath_shows_the_404_of_its_language(page, site_url_build):
    response = page.goto(site_url_build + "courses/no-such-module/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "找不到这个页面"
    # Material's stylesheet loaded from /portal/assets/ although the page was served two levels down
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.get_by_role("link", name="回到首页").click()
    assert page.url == site_url_build
    response = page.goto(site_url_build + "en/parents/no-such-guide/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    switch_language(page, "zh")
    assert page.url == site_url_build


@pytest.mark.parametrize("path", ["", "courses/crisis/", "en/parents/"])
def test_a_page_view_makes_no_failed_or_wasted_requests(page, site_url, path):
    """Material looks for sitemap.xml beside each head language link; with i18n that fetched the
    98 KB sitemap on the home page and a 404 page on every other (build.language_links)."""
    seen = []
    page.on("response", lambda r: seen.append((r.status, r.url)))
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert [(s, u) for s, u in seen if s >= 400 or "sitemap" in u] == []
    page.locator(".md-header__option .md-select").first.hover()
    other = "zh" if path.startswith("en/") else "en"
    page.locator(f'a.md-select__link[hreflang="{other}"]').first.click()
    page.wait_for_load_state("load")
    expected = path[3:] if other == "zh" else "en/" + path
    assert page.url == f"{site_url}/{expected}"


def test_catalog_to_module_to_language_switch(page, site_url):
    page.goto(site_url + "/courses/")
    page.locator("article .hm-mod .hm-card-title a").first.click()
    assert "/courses/" in page.url and page.locator("#objectives").count() == 1
    first_lesson = page.locator("#lessons + ol a").first
    first_lesson.click()
    url = page.url
    switch_language(page, "en")
    assert page.url.replace("/en/", "/") == url


def bank(bank_id):
    return yaml.safe_load((ROOT / "quizzes" / f"{bank_id}.yml").read_text(encoding="utf-8"))


def test_practice_quiz_wrong_then_right_survives_reload_and_language(page, site_url):
    b = bank("crisis")
    q = next(q for q in b["questions"] if q["type"] == "single")
    right = q["answer"]
    wrong = next(o["id"] for o in q["options"] if o["id"] != right)
    page.goto(site_url + "/quizzes/crisis/")
    fs = page.locator(f'fieldset[data-q="{q["id"]}"]')
    fs.locator(f'input[value="{wrong}"]').check()
    fs.locator(".hm-check").click()
    assert fs.locator(".hm-wrong").is_visible()
    fs.locator(f'input[value="{right}"]').check()
    fs.locator(".hm-check").click()
    assert fs.locator(".hm-right").is_visible()
    page.reload()
    assert page.locator(f'fieldset[data-q="{q["id"]}"] input[value="{right}"]').is_checked()
    switch_language(page, "en")
    assert "/en/quizzes/crisis/" in page.url
    assert page.locator(f'fieldset[data-q="{q["id"]}"] input[value="{right}"]').is_checked()
    assert page.js_errors == []


def test_practice_quiz_submit_records_a_pass(page, site_url):
    b = bank("referral")
    page.goto(site_url + "/quizzes/referral/")
    for q in b["questions"]:
        keys = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        for k in keys:
            page.locator(f'fieldset[data-q="{q["id"]}"] input[value="{str(k).lower()}"]').check()
    page.locator('button[type="submit"]').click()
    assert re.search(r"(100%)", page.locator(".hm-result").inner_text())
    store = page.evaluate("JSON.parse(localStorage.getItem('humiao.v1'))")
    assert store["attempts"][-1]["claimed"]["passed"] is True


def test_quiz_by_keyboard_alone(page, site_url):
    b = bank("self-care")
    q = b["questions"][0]
    page.goto(site_url + "/quizzes/self-care/")
    page.locator(f'fieldset[data-q="{q["id"]}"] input').first.focus()
    page.keyboard.press("Space")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hm-check')"):
            break
    assert page.evaluate("document.activeElement.classList.contains('hm-check')")
    page.keyboard.press("Enter")
    assert page.locator(f'fieldset[data-q="{q["id"]}"] .hm-fb p').count() >= 1


def test_assessment_never_ships_its_key(page, site_url):
    b = bank("annual-assessment")
    bodies = []
    page.on("response", lambda r: bodies.append(r.text()) if r.ok and r.request.resource_type in ("document", "script", "xhr", "fetch") else None)
    page.goto(site_url + "/quizzes/annual-assessment/")
    visible = page.locator("fieldset.hm-q:not([hidden])")
    assert visible.count() == b["draw"]         # the blueprint fills exactly the draw
    # answer every drawn question with its first option and submit
    for i in range(visible.count()):
        visible.nth(i).locator("input").first.check()
    page.locator('button[type="submit"]').click()
    assert "培训者" in page.locator(".hm-result").inner_text()
    text = "\n".join(bodies)
    assert page.locator(".hm-quiz-key").count() == 0
    demo = yaml.safe_load((ROOT / "quizzes" / "keys" / "annual-assessment.demo.yml").read_text(encoding="utf-8"))
    for q in demo["questions"]:
        for fb in q["feedback"].values():
            assert fb["zh"] not in text and fb["en"] not in text
    store = page.evaluate("JSON.parse(localStorage.getItem('humiao.v1'))")
    assert store["attempts"][-1]["mode"] == "assessment" and store["attempts"][-1]["claimed"] is None


def test_practice_page_without_javascript_shows_answers(browser, site_url):
    ctx = browser.new_context(java_script_enabled=False)
    pg = ctx.new_page()
    pg.goto(site_url + "/quizzes/crisis/")
    n = len(bank("crisis")["questions"])
    assert pg.locator("fieldset.hm-q").count() == n
    assert pg.locator("details.hm-explain").count() == n
    pg.locator("details.hm-explain summary").first.click()
    assert pg.locator("details.hm-explain").first.get_attribute("open") is not None
    ctx.close()


def test_quiz_text_is_escaped(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from humiao import content
    from humiao.quiz_pages import quiz_page
    loaded, _ = content.load(ROOT)
    b = loaded.banks["crisis"]
    b.data["questions"][0]["prompt"]["zh"] = "<script>alert(1)</script>"
    html = quiz_page(b, loaded.curriculum, "zh", True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_directory_filters_by_district_and_type(page, site_url):
    page.goto(site_url + "/directory/")
    page.select_option('select[name="area"]', "hexi")
    page.select_option('select[name="type"]', "hospital")
    shown = page.locator(".hm-entry:not([hidden])").evaluate_all("els => els.map(e => e.id)")
    assert shown == ["tianjin-anding-hospital"]
    page.select_option('select[name="type"]', "hotline")
    shown = page.locator(".hm-entry:not([hidden])").evaluate_all("els => els.map(e => e.id)")
    assert "psych-12356" in shown and "tianjin-anding-hospital" not in shown


def test_wallet_card_prints_on_one_page(page, site_url, tmp_path):
    page.goto(site_url + "/directory/wallet-card/")
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 1
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_parent_landing_on_a_phone(phone, site_url):
    phone.goto(site_url + "/parents/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert phone.locator("article a[href*='not-wanting-to-live']").first.is_visible()


@pytest.mark.parametrize("guide", sorted(p.name.split(".")[0] for p in (ROOT / "docs/parents/handouts").glob("*.md")
                                         if p.name.count(".") == 1 and p.name != "index.md"))
def test_handout_prints_on_one_a4_page(page, site_url, guide):
    page.goto(site_url + f"/parents/handouts/{guide}/")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
