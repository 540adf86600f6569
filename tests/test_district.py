"""The district layer (issue #19): the reader's district (Humiao.district) puts that district's
directory entries first in help blocks, the referral outcome and the directory, then city-wide,
then national lines; the wallet card prints for one district; the district resource sheet prints
on one A4 page in both languages with the city-wide numbers drawn from data/directory.yml; the
operator page lists entries by age with what to re-check.

The 蓟州 entry is a test fixture added to a copy of the project: it is not in data/directory.yml."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import BUILDABLE, ROOT, serve
from humiao.directory import build_date

FIXTURE_ID = "test-jizhou-line"
FIXTURE = f"""
  - id: {FIXTURE_ID}
    name: {{zh: 测试用蓟州区热线（虚构）, en: Test Jizhou line (invented)}}
    type: hotline
    area: jizhou
    phones: ["022-00000000"]
    hours: {{zh: 测试, en: Test}}
    offers: {{zh: 仅供测试的虚构条目。, en: An invented entry for tests only.}}
    audience: [children, families, workers]
    topics: [crisis]
    source: {{zh: "tests/test_district.py 的测试条目", en: "tests/test_district.py fixture"}}
    verified_on: {build_date().isoformat()}
"""
CITY = ("national", "tianjin", "every-district")
PROFILE = {"learner": {"id": "00000000-0000-4000-8000-000000000000", "name": "测试", "role": "director",
                       "district": "jizhou", "organisation": "测试村", "staff_id": ""},
           "lessons": {}, "attempts": [], "quiz": {}}
SHEET_ROWS = ["社工站", "乡村医生", "网格员", "学校心理老师", "精防", "派出所", "村（居）委会", "民政局", "未成年人救助保护机构"]


def lang_root(lang):
    return "" if lang == "zh" else "en/"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def rank(area, d):
    return {"tianjin": 1, "every-district": 1, "national": 2}.get(area, 0 if area == d else 3)


def by_district(items, d, pinned=lambda e: False):
    """The ordering humiao.js implements: stable by rank; pinned items keep their places."""
    free = sorted((e for e in items if not pinned(e)), key=lambda e: rank(e["area"], d))
    it = iter(free)
    return [e if pinned(e) else next(it) for e in items]


# --- a built copy of the project with the 蓟州 fixture entry ------------------------------

@pytest.fixture(scope="module")
def project(project_copy):
    project = project_copy(BUILDABLE, "district")
    path = project / "data" / "directory.yml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + FIXTURE, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def entries(project):
    return yaml.safe_load((project / "data" / "directory.yml").read_text(encoding="utf-8"))["entries"]


@pytest.fixture(scope="module")
def url(project, build_project):
    httpd, base = serve(build_project(project))
    yield base
    httpd.shutdown()


@pytest.fixture
def jizhou(page, url):
    """A page whose learner profile says 蓟州区 and that has chosen no district elsewhere."""
    page.goto(url + "/")
    page.evaluate("p => { localStorage.setItem('humiao.v1', JSON.stringify(p)); localStorage.removeItem('humiao.district'); }", PROFILE)
    return page


# --- the reader's district: one home -------------------------------------------------------

@pytest.mark.build
@pytest.mark.browser
def test_reader_district_prefers_the_choice_then_the_profile(jizhou):
    page = jizhou
    assert page.evaluate("Humiao.district()") == "jizhou"          # the profile
    page.evaluate("localStorage.setItem('humiao.district', 'hexi')")
    assert page.evaluate("Humiao.district()") == "hexi"            # chosen on the directory or referral page
    page.evaluate("Humiao.setDistrict('')")                        # chose "all districts"
    assert page.evaluate("localStorage.getItem('humiao.district')") == "all"
    assert page.evaluate("Humiao.district()") == ""
    page.evaluate("localStorage.clear()")
    assert page.evaluate("Humiao.district()") == ""


def test_district_key_lives_in_one_place():
    for name in ("directory.js", "referral.js"):
        text = (ROOT / "docs" / "assets" / name).read_text(encoding="utf-8")
        assert "humiao.district" not in text and "localStorage" not in text, name
    assert "humiao.district" in (ROOT / "docs" / "assets" / "humiao.js").read_text(encoding="utf-8")


# --- 蓟州 first: help block, referral outcome, directory ------------------------------------

@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_jizhou_first_in_a_help_block(jizhou, url, lang):
    page = jizhou
    page.goto(f"{url}/{lang_root(lang)}parents/where-to-get-help/")
    help_box = page.locator(".hm-help").first
    first_lines = help_box.locator(".hm-help-first a.hm-tel").evaluate_all("els => els.map(e => e.textContent)")
    assert first_lines[:2] == ["110", "120"]                      # the danger-now lines never move
    more = help_box.locator(".hm-help-more li:not([hidden])")
    assert more.first.get_attribute("data-area") == "jizhou"
    areas = more.evaluate_all("els => els.map(e => e.getAttribute('data-area'))")
    assert [rank(a, "jizhou") for a in areas] == sorted(rank(a, "jizhou") for a in areas)
    assert not page.js_errors


@pytest.mark.build
@pytest.mark.browser
def test_help_block_without_a_district_keeps_the_file_order(page, url):
    page.goto(url + "/parents/where-to-get-help/")
    page.evaluate("localStorage.clear()")
    page.reload()
    areas = page.locator(".hm-help-more").first.locator("li").evaluate_all("els => els.map(e => e.getAttribute('data-area'))")
    assert "jizhou" in areas and areas[0] != "jizhou"


def _path_to(outcome_id):
    data = yaml.safe_load((ROOT / "data" / "referral.yml").read_text(encoding="utf-8"))
    questions = {q["id"]: q for q in data["questions"]}

    def walk(qid, trail):
        for i, a in enumerate(questions[qid]["answers"]):
            if a["next"] == outcome_id:
                return trail + [i]
            if a["next"] in questions and len(trail) < 20:
                found = walk(a["next"], trail + [i])
                if found:
                    return found
        return None
    return walk("start", [])


def _outcome_with_fixture(entries):
    from humiao.referral import contacts_for
    data = yaml.safe_load((ROOT / "data" / "referral.yml").read_text(encoding="utf-8"))
    for o in data["outcomes"]:
        got = contacts_for(o, entries)
        if any(e["id"] == FIXTURE_ID for e in got) and any(e["type"] == "emergency" for e in got):
            return o["id"], got
    pytest.skip("no outcome lists both a crisis hotline and an emergency line")


@pytest.mark.build
@pytest.mark.browser
def test_jizhou_first_in_the_referral_outcome(jizhou, url, entries):
    page = jizhou
    oid, contacts = _outcome_with_fixture(entries)
    page.goto(url + "/referral/")
    for answer in _path_to(oid):
        page.locator(".hm-r-answers button").nth(answer).click()
    assert page.locator(f'#hm-referral-app .hm-r-outcome[data-outcome="{oid}"]').count() == 1
    assert page.locator(".hm-r-outcome select[name=district]").input_value() == "jizhou"
    shown = page.locator("#hm-referral-app .hm-r-contacts li").evaluate_all("els => els.map(e => e.querySelector('strong').textContent)")
    kinds = list(dict.fromkeys(e["type"] for e in contacts))      # need first (issue #14), then district
    ordered = sorted(contacts, key=lambda e: (kinds.index(e["type"]), rank(e["area"], "jizhou")))
    want = [e["name"]["zh"] for e in ordered if e["area"] in CITY or e["area"] == "jizhou"]
    assert shown == want
    emergency = {e["name"]["zh"] for e in contacts if e["type"] == "emergency"}
    assert [n for n in shown if n not in emergency][0] == "测试用蓟州区热线（虚构）"
    # what the situation needs first stays first: a district line never moves above another need
    if contacts[0]["type"] == "emergency":
        assert shown[0] in emergency
    assert not page.js_errors


@pytest.mark.build
@pytest.mark.browser
def test_jizhou_first_in_the_directory(jizhou, url):
    page = jizhou
    page.goto(url + "/directory/")
    assert page.locator('select[name="area"]').input_value() == "jizhou"
    hotlines = page.locator("#hotline + .hm-entries .hm-entry:not([hidden])")
    assert hotlines.first.get_attribute("id") == FIXTURE_ID
    areas = hotlines.evaluate_all("els => els.map(e => e.getAttribute('data-area'))")
    assert [rank(a, "jizhou") for a in areas] == sorted(rank(a, "jizhou") for a in areas)
    # choosing another district is remembered over the profile, and hides 蓟州's entry
    page.select_option('select[name="area"]', "hexi")
    assert page.evaluate("Humiao.district()") == "hexi"
    assert page.locator(f"#{FIXTURE_ID}").is_hidden()
    page.reload()
    assert page.locator('select[name="area"]').input_value() == "hexi"
    assert not page.js_errors


def test_rendered_entries_carry_their_area(project):
    from humiao import content
    from humiao.directory_pages import directory_index, help_block
    loaded, _ = content.load(project)
    html = help_block(loaded.directory, "", "zh", "parents/x.md", True)
    assert '<li data-area="jizhou"><strong>测试用蓟州区热线' in html
    assert 'data-area="jizhou" data-audience' in directory_index(loaded.directory, "zh", True)


# --- the wallet card for one district -------------------------------------------------------

@pytest.mark.build
@pytest.mark.browser
def test_wallet_card_prints_for_one_district(jizhou, url):
    page = jizhou
    page.goto(url + "/directory/wallet-card/")
    row = page.locator('.hm-wallet-card tr[data-area="jizhou"]')
    assert page.locator(".hm-district-pick select").input_value() == "jizhou"
    assert row.is_visible() and "022-00000000" in row.inner_text()
    assert "蓟州区" in page.locator(".hm-wallet-title").inner_text()
    page.emulate_media(media="print")
    assert page.locator(".hm-district-pick").is_hidden()
    assert pdf_pages(page.pdf(format="A4")) == 1
    page.emulate_media(media="screen")
    page.select_option(".hm-district-pick select", "hexi")
    assert row.is_hidden()
    areas = set(page.locator(".hm-wallet-card tr:not([hidden])").evaluate_all("els => els.map(e => e.getAttribute('data-area'))"))
    assert areas <= {"national", "tianjin", "hexi"}


@pytest.mark.build
@pytest.mark.browser
def test_wallet_card_without_javascript_prints_no_district_line(browser, url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url + "/directory/wallet-card/")
        assert page.locator('.hm-wallet-card tr[data-area="jizhou"]').is_hidden()
    finally:
        context.close()


# --- the district resource sheet ------------------------------------------------------------

@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("profile", [False, True])
def test_resource_sheet_prints_on_one_a4_page(page, url, lang, profile):
    page.goto(url + "/")
    page.evaluate("localStorage.clear()")
    if profile:
        page.evaluate("p => localStorage.setItem('humiao.v1', JSON.stringify(p))", PROFILE)
    page.goto(f"{url}/{lang_root(lang)}directory/resource-sheet/")
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) == 1
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.md-content *')]
      .filter(e => e.getClientRects().length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
      .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
    assert smallest * 0.75 >= 9 - 0.05, smallest   # px → pt: no print text under 9 pt
    assert page.locator(".hm-sheet-t tbody tr").count() == len(SHEET_ROWS)
    if profile:
        assert page.locator('.hm-sheet-numbers li[data-area="jizhou"]').is_visible()
        assert "蓟州" in page.locator(".hm-sheet-head").inner_text() or "Jizhou" in page.locator(".hm-sheet-head").inner_text()


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_resource_sheet_and_operator_page_do_not_scroll_sideways_on_a_phone(phone, url, lang):
    for path in ("directory/resource-sheet/", "directory/freshness/", "directory/wallet-card/"):
        phone.goto(f"{url}/{lang_root(lang)}{path}")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_resource_sheet_rows_and_numbers_come_from_data(project):
    from humiao import content
    from humiao.directory_pages import resource_sheet
    loaded, _ = content.load(project)
    zh, en = resource_sheet(loaded.directory, "zh"), resource_sheet(loaded.directory, "en")
    for word in SHEET_ROWS:
        assert word in zh
    assert en.count("<tr><td>") == zh.count("<tr><td>") == len(SHEET_ROWS)
    strip = [p for e in loaded.directory if e.get("strip") for p in e["phones"]]
    assert {"110", "120", "12356"} <= set(strip)
    for p in strip:
        assert f'href="tel:{p}"' in zh and f'href="tel:{p}"' in en
    # drawn from data, not typed: a changed number shows on the sheet
    entry = next(e for e in loaded.directory if e["id"] == "psych-12356")
    entry["phones"] = ["12399"]
    assert 'href="tel:12399"' in resource_sheet(loaded.directory, "zh")
    # every danger step and "do not" of a condensed text (content guide, rule 10)
    for needle in ("110", "120", "不要先告诉家人", "公安机关", "计划", "不让孩子一个人"):
        assert needle in zh
    for needle in ("do not tell the family first", "police", "plan", "do not leave the child alone"):
        assert needle in en


def test_resource_sheet_is_linked_from_the_referral_module():
    for name in ("when-to-refer.md", "when-to-refer.en.md", "trainer-notes.md", "trainer-notes.en.md"):
        assert "directory/resource-sheet.md" in (ROOT / "courses" / "referral" / name).read_text(encoding="utf-8"), name


# --- keeping it current -------------------------------------------------------------------

def test_operator_page_lists_entries_by_age_with_what_to_recheck(project):
    from humiao import content
    from humiao.directory_pages import freshness
    loaded, _ = content.load(project)
    for lang, words in (("zh", ("要核对什么", "每年核对一次", "添加本区的条目", "area: jizhou", "拨打 022-88188858")),
                        ("en", ("What to re-check", "The yearly re-check", "Adding your district", "area: jizhou", "call 022-88188858"))):
        page = freshness(loaded.directory, lang)
        for w in words:
            assert w in page, (lang, w)
        rows = [l for l in page.splitlines() if l.startswith("| [")]
        dates = [re.search(r"\| (\d{4}-\d{2}-\d{2})<br>", r).group(1) for r in rows]
        assert dates == sorted(dates) and len(rows) == len(loaded.directory)


def test_contributing_documents_adding_a_district_entry():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Add or re-check a directory entry", 1)[1].split("\n## ", 1)[0]
    assert "area:" in section and "verified_on" in section and "directory/freshness" in section


def test_fixture_entry_is_not_in_the_real_directory():
    assert FIXTURE_ID not in (ROOT / "data" / "directory.yml").read_text(encoding="utf-8")
    assert json.loads(json.dumps(PROFILE))["learner"]["district"] == "jizhou"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_operator_table_fits_a_desktop_column_without_sideways_scrolling(page, site_url, lang):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/{lang_root(lang)}directory/freshness/")
    wrapper = page.locator(".hm-freshness .md-typeset__scrollwrap, .hm-freshness .md-typeset__table").first
    table = page.locator(".hm-freshness table")
    assert table.count() == 1
    width = table.evaluate("t => t.scrollWidth")
    assert width <= wrapper.evaluate("w => w.clientWidth") + 1, width


def test_the_build_date_is_source_date_epoch_when_set(monkeypatch):
    """A session's builds share one date (conftest pins SOURCE_DATE_EPOCH): a build before midnight
    and one after it once differed in the wallet card, the sheets, the freshness page and the sitemap."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225599")          # 2025-12-31 23:59:59 UTC
    assert build_date().isoformat() == "2025-12-31"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == __import__("datetime").date.today()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2025-12-31")
    with pytest.raises(SystemExit, match="SOURCE_DATE_EPOCH must be whole seconds .* found '2025-12-31'"):
        build_date()
