"""axe-core (bundled by axe-playwright-python) on every page type, in both languages:
no violation of serious or critical impact; minor and moderate ones are listed in the report."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = {
    "home": "",
    "catalog": "courses/",
    "module": "courses/crisis/",
    "lesson": "courses/crisis/what-to-do/",
    "job-aid": "courses/crisis/job-aid/",
    "practice-quiz": "quizzes/crisis/",
    "assessment": "quizzes/annual-assessment/",
    "progress": "progress/",
    "certificate": "progress/certificate/",
    "directory": "directory/",
    "wallet-card": "directory/wallet-card/",
    "parent-guide": "parents/signs-by-age/",
    "parents": "parents/",
    "referral": "referral/",
    "referral-tree": "referral/tree/",
    "trainers": "trainers/",
    "404": "no-such-page/",
}
AXE = Axe()


def serve_404(site_url, path):
    return f"{site_url}/{path}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_serious_accessibility_violations(page, site_url, kind, lang):
    prefix = "" if lang == "zh" else "en/"
    url = f"{site_url}/{prefix}{PAGES[kind]}"
    if kind == "404":
        # A plain static server answers 404 with its own page; open the site's 404 page as hosts serve it.
        url = f"{site_url}/{prefix}404.html" if lang == "en" else f"{site_url}/404.html"
    page.goto(url)
    page.wait_for_load_state("load")
    results = AXE.run(page)
    violations = results.response["violations"]
    serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def test_text_resizes_to_200_percent_without_horizontal_scroll(browser, site_url):
    ctx = browser.new_context(viewport={"width": 640, "height": 900})
    pg = ctx.new_page()
    for path in ("courses/crisis/what-to-do/", "quizzes/crisis/", "parents/signs-by-age/"):
        pg.goto(f"{site_url}/{path}")
        pg.evaluate("document.documentElement.style.fontSize = '200%'")
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
    ctx.close()


def test_focus_is_visible_on_quiz_controls(page, site_url):
    page.goto(f"{site_url}/quizzes/crisis/")
    page.locator("fieldset.hm-q input").first.focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def tab_to(page, predicate: str, limit=200) -> None:
    """Press Tab until the focused element satisfies a JS predicate `el => …`; its focus must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate})(document.activeElement)"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), "focus is not visible"
            return
    pytest.fail(f"no element matching {predicate} within {limit} Tab presses")


KEYBOARD_JOURNEY = [   # (what to reach with Tab, key to press, page expected after it)
    ("el => el.tagName === 'A' && el.closest('article') && el.getAttribute('href') === 'strain/'", "Enter", "**/courses/self-care/strain/"),
    ("el => el.tagName === 'SUMMARY'", "Enter", None),                                   # a model answer opens
    ("el => el.classList.contains('md-footer__link--next')", "Enter", "**/courses/self-care/support/"),
    ("el => el.tagName === 'A' && (el.getAttribute('href') || '').endsWith('quizzes/self-care/')", "Enter", "**/quizzes/self-care/"),
    ("el => el.tagName === 'INPUT' && el.closest('fieldset.hm-q')", "Space", None),      # choose an answer
    ("el => el.classList.contains('hm-check')", "Enter", None),                          # check it
]


def test_module_then_quiz_by_keyboard_alone(page, site_url):
    """Module overview → first lesson → open a model answer → next lesson → the practice quiz →
    answer and check the first question, with Tab, Enter and Space only."""
    page.goto(f"{site_url}/courses/self-care/")
    page.locator("body").focus()
    for target, key, expected_url in KEYBOARD_JOURNEY:
        tab_to(page, target)
        page.keyboard.press(key)
        if expected_url:
            page.wait_for_url(expected_url)
        elif target == "el => el.tagName === 'SUMMARY'":
            assert page.evaluate("document.activeElement.parentElement.open") is True
        elif key == "Space":
            assert page.evaluate("document.activeElement.checked") is True
    assert page.locator("fieldset.hm-q").first.locator(".hm-fb p").count() >= 1
