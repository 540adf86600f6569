"""Phone first (issue #15): a 儿童主任 on a 360×740 Android phone, often inside WeChat, finishes the
year's training without help, in both languages. Real chromium against the built site."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
import yaml

from conftest import ROOT

W, H = 360, 740
LANGS = ["zh", "en"]
MODULES = yaml.safe_load((ROOT / "courses" / "catalog.yml").read_text(encoding="utf-8"))["modules"]
HANDOUTS = sorted(p.name.split(".")[0] for p in (ROOT / "docs" / "parents" / "handouts").glob("*.md")
                  if p.name.count(".") == 1 and p.name != "index.md")
# A representative page of every type a reader meets.
PAGES = {
    "home": "",
    "catalog": "courses/",
    "module": "courses/crisis/",
    "lesson": "courses/crisis/what-to-do/",
    "quiz": "quizzes/crisis/",
    "quiz-index": "quizzes/",
    "progress": "progress/",
    "certificate": "progress/certificate/",
    "parents": "parents/",
    "parent-guide": "parents/signs-by-age/",
    "handout": "parents/handouts/signs-by-age/",
    "directory": "directory/",
    "wallet-card": "directory/wallet-card/",
    "trainers": "trainers/",
    "policy-coverage": "courses/policy-coverage/",
    "assessment": "quizzes/annual-assessment/",
    "referral": "referral/",
    "record-format": "trainers/record-format/",
    "404": "404.html",
}


def prefix(lang):
    return "" if lang == "zh" else "en/"


@pytest.fixture
def phone_ctx(browser):
    contexts = []

    def make(lang):
        ctx = browser.new_context(viewport={"width": W, "height": H}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN" if lang == "zh" else "en-GB", accept_downloads=True)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.js_errors = []
        pg.on("pageerror", lambda e: pg.js_errors.append(str(e)))
        return pg
    yield make
    for c in contexts:
        c.close()


SIDEWAYS = """() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) out.push('page ' + doc.scrollWidth);
  for (const box of document.querySelectorAll('.md-banner__inner, .md-content, .md-typeset__scrollwrap, .md-typeset__table')) {
    if (box.scrollWidth > box.clientWidth + 1) out.push((box.className || box.tagName) + ' ' + box.scrollWidth + '>' + box.clientWidth);
  }
  for (const e of document.querySelectorAll('.md-banner a, .md-content a, .md-content input, .md-content select, .md-content button, .md-content table')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.right > window.innerWidth + 1) out.push(e.tagName + ' ' + (e.textContent || e.name || '').trim().slice(0, 30) + ' ends at ' + Math.round(r.right));
  }
  return out;
}"""

# Every control a thumb must hit: 44 px tall, and visibly a control (a border or a fill that differs
# from the page). Radios and checkboxes count by the row that carries them.
CONTROLS = """() => {
  const bad = [];
  const page = 'rgb(255, 255, 255)';
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const marked = e => {
    const s = getComputedStyle(e);
    const border = ['Top', 'Right', 'Bottom', 'Left'].some(k => parseFloat(s['border' + k + 'Width']) >= 1 && s['border' + k + 'Style'] !== 'none'
                                                          && s['border' + k + 'Color'] !== page && !/rgba\\(.*, 0\\)$/.test(s['border' + k + 'Color']));
    const fill = s.backgroundColor !== page && !/rgba\\(.*, 0\\)$/.test(s.backgroundColor) && s.backgroundColor !== 'transparent';
    return border || fill;
  };
  const sel = '.md-content input, .md-content select, .md-content textarea, .md-content button, .md-content .md-button, a[href^="tel:"]';
  for (const e of document.querySelectorAll(sel)) {
    if (!visible(e) || e.closest('.md-search, .md-header, .md-footer, details:not([open]) > :not(summary)')) continue;
    let box = e;
    if (e.type === 'radio' || e.type === 'checkbox') box = e.closest('.hm-opt, label') || e;
    const r = box.getBoundingClientRect(), name = e.tagName + (e.name ? '[' + e.name + ']' : '') + ' ' + (e.textContent || '').trim().slice(0, 25);
    if (r.height < 43.5) bad.push(name + ': ' + Math.round(r.height) + ' px tall');
    if (!marked(box)) bad.push(name + ': no border or fill');
    if ((e.tagName === 'INPUT' && !['radio', 'checkbox', 'hidden'].includes(e.type)) || e.tagName === 'SELECT') {
      const f = parseFloat(getComputedStyle(e).fontSize);
      if (f < 16) bad.push(name + ': text ' + f + ' px');
    }
  }
  return bad;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_page_scrolls_sideways_on_a_phone(phone_ctx, site_url, kind, lang):
    pg = phone_ctx(lang)
    pg.goto(f"{site_url}/{prefix(lang)}{PAGES[kind]}")
    pg.wait_for_load_state("load")
    assert pg.evaluate(SIDEWAYS) == []
    assert pg.js_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["home", "progress", "quiz", "directory", "lesson", "module", "catalog", "parent-guide", "wallet-card"])
def test_controls_and_phone_numbers_are_44px_and_visible(phone_ctx, site_url, kind, lang):
    pg = phone_ctx(lang)
    pg.goto(f"{site_url}/{prefix(lang)}{PAGES[kind]}")
    pg.wait_for_load_state("load")
    assert pg.evaluate(CONTROLS) == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_key_boxes_are_body_size(phone_ctx, site_url, lang):
    pg = phone_ctx(lang)
    pg.goto(f"{site_url}/{prefix(lang)}parents/signs-by-age/")
    body = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset > p')).fontSize)")
    sizes = pg.evaluate("[...document.querySelectorAll('.md-typeset .admonition > p:not(.admonition-title), .md-typeset .admonition li')]"
                        ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= body >= 16


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_home_first_screen_shows_where_each_reader_starts_and_the_danger_numbers(phone_ctx, site_url, lang):
    pg = phone_ctx(lang)
    pg.goto(f"{site_url}/{prefix(lang)}")
    pg.wait_for_load_state("load")
    cards = pg.locator("a.hm-start-card")
    assert cards.count() == 3
    hrefs = [cards.nth(i).get_attribute("href") for i in range(3)]
    assert [h.rstrip("/").split("/")[-1] for h in hrefs] == ["progress", "parents", "trainers"]
    for i in range(3):
        box = cards.nth(i).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= H, f"entry point {i + 1} is below the first screen"
    for number in ("110", "120", "12356"):
        call = pg.locator(f'.md-banner a[href="tel:{number}"]')
        box = call.bounding_box()
        assert box and box["y"] + box["height"] <= H and box["height"] >= 44 and box["x"] + box["width"] <= W, number


# --- print: every job aid, handout and the wallet card on one A4 page, type ≥ 9 pt ------------

SMALLEST_TEXT = """() => {
  let least = 99, where = '';
  for (const e of document.querySelectorAll('.md-content *')) {
    if (!e.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
    if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const f = parseFloat(getComputedStyle(e).fontSize);
    if (f < least) { least = f; where = e.tagName + ' ' + e.textContent.trim().slice(0, 30); }
  }
  return [least * 0.75, where];
}"""
PRINTABLE = ([f"courses/{m}/job-aid/" for m in MODULES] + [f"parents/handouts/{h}/" for h in HANDOUTS]
             + ["directory/wallet-card/", "referral/print/"])


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PRINTABLE)
def test_printable_page_is_one_a4_page_at_9pt_or_more(page, site_url, path, lang):
    page.goto(f"{site_url}/{prefix(lang)}{path}")
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")      # the English sheet's narrow font
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) == 1
    points, where = page.evaluate(SMALLEST_TEXT)
    assert points >= 9, f"{points:.1f} pt: {where}"


@pytest.mark.browser
def test_wallet_card_is_bank_card_size_with_a_line_for_the_child_director(page, site_url):
    page.goto(f"{site_url}/directory/wallet-card/")
    page.emulate_media(media="print")
    sides = page.locator(".hm-wallet-side")
    assert sides.count() == 2
    for i in range(2):
        box = sides.nth(i).bounding_box()
        assert abs(box["width"] - 85.6 / 25.4 * 96) < 3 and abs(box["height"] - 54 / 25.4 * 96) < 3, box
    assert "儿童主任" in page.locator(".hm-wallet-local").inner_text()
    assert page.locator(".hm-wallet-local .hm-blank").count() == 2


# --- the journey: open → profile → read a module → pass its quiz → record → certificate ---------

JOURNEY_MODULE = "care-system"


def answer_key(bank_id):
    bank = yaml.safe_load((ROOT / "quizzes" / f"{bank_id}.yml").read_text(encoding="utf-8"))
    return {q["id"]: [str(a).lower() for a in (q["answer"] if isinstance(q["answer"], list) else [q["answer"]])]
            for q in bank["questions"]}


def no_sideways(pg):
    problems = pg.evaluate(SIDEWAYS)
    assert problems == [], (pg.url, problems)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_phone_journey_from_home_to_printed_certificate(phone_ctx, site_url, tmp_path, lang):
    pg = phone_ctx(lang)
    module = yaml.safe_load((ROOT / "courses" / JOURNEY_MODULE / "module.yml").read_text(encoding="utf-8"))
    pg.goto(f"{site_url}/{prefix(lang)}")
    no_sideways(pg)
    pg.locator("a.hm-start-card").first.tap()
    pg.wait_for_url(re.compile(r"/progress/$"))

    # A fresh learner: no refresher date yet, and the record button says what to do first.
    assert re.search(r"\d{4}-\d{2}-\d{2}", pg.locator(".hm-due").inner_text()) is None
    pg.locator(".hm-download").tap()
    assert pg.locator(".hm-record-note").inner_text().strip()
    no_sideways(pg)

    pg.locator('input[name="name"]').fill("测试学员" if lang == "zh" else "Test Learner")
    pg.select_option('select[name="role"]', "director")
    assert ("儿童主任" if lang == "zh" else "Child director") == pg.locator('select[name="role"] option:checked').inner_text()
    pg.select_option('select[name="district"]', "jizhou")
    pg.locator('input[name="organisation"]').fill("某村委会")
    pg.locator(".hm-profile button[type=submit]").tap()
    assert pg.locator(".hm-profile-saved").inner_text().strip()
    no_sideways(pg)

    for lesson in module["lessons"]:
        pg.goto(f"{site_url}/{prefix(lang)}courses/{JOURNEY_MODULE}/{lesson}/")
        no_sideways(pg)
        end = pg.locator(".hm-lesson-end")
        end.scroll_into_view_if_needed()
        pg.wait_for_function("document.querySelector('.hm-lesson-end').classList.contains('is-read')")
        assert "✓" in end.inner_text()

    pg.goto(f"{site_url}/{prefix(lang)}courses/{JOURNEY_MODULE}/")
    assert pg.locator("a[data-lesson] + .hm-status").count() == len(module["lessons"])

    pg.goto(f"{site_url}/{prefix(lang)}quizzes/{JOURNEY_MODULE}/")
    no_sideways(pg)
    key = answer_key(JOURNEY_MODULE)
    fieldsets = pg.locator("fieldset.hm-q:not([hidden])")
    for i in range(fieldsets.count()):
        fs = fieldsets.nth(i)
        for option in key[fs.get_attribute("data-q")]:
            fs.locator(f'input[value="{option}"]').check()
    pg.locator('.hm-actions button[type="submit"]').tap()
    assert "100%" in pg.locator(".hm-result").inner_text()
    nxt = pg.locator(".hm-result .hm-next a").first
    following = MODULES[MODULES.index(JOURNEY_MODULE) + 1]
    assert nxt.get_attribute("href").rstrip("/").endswith(following)
    assert nxt.bounding_box()["height"] >= 44
    no_sideways(pg)

    pg.goto(f"{site_url}/{prefix(lang)}courses/")
    assert pg.locator(f'.hm-mod[data-module="{JOURNEY_MODULE}"] .hm-status.is-done').count() == 1

    pg.goto(f"{site_url}/{prefix(lang)}progress/")
    assert pg.locator(f'tr[data-module="{JOURNEY_MODULE}"]').get_attribute("data-complete") == "yes"
    assert re.search(r"\d{4}-\d{2}-\d{2}", pg.locator(".hm-due").inner_text())
    no_sideways(pg)
    with pg.expect_download() as info:
        pg.locator(".hm-download").tap()
    record = tmp_path / info.value.suggested_filename
    info.value.save_as(record)
    assert record.stat().st_size > 100

    pg.goto(f"{site_url}/{prefix(lang)}progress/certificate/")
    no_sideways(pg)
    item = pg.locator(".hm-certificate li").first.inner_text()
    assert ("学时" if lang == "zh" else "hour") in item
    pg.emulate_media(media="print")
    assert pdf_pages(pg.pdf(format="A4")) == 1
    assert pg.js_errors == []


# --- words a reader sees ---------------------------------------------------------------------

def test_english_module_pages_use_english_clause_numbers(site):
    for m in MODULES:
        html = (site / "en" / "courses" / m / "index.html").read_text(encoding="utf-8")
        article = html.split("<article", 1)[1]
        assert not re.search(r"[一二三四五六]（", article), m


def test_role_names_are_singular_in_english(site):
    html = (site / "en" / "progress" / "index.html").read_text(encoding="utf-8")
    assert '"director": "Child director"' in html and "Child directors" not in html.split("hm-catalog")[1]


def test_learner_pages_name_no_internal_files(site):
    for path in ("progress/index.html", "en/progress/index.html", "progress/certificate/index.html"):
        article = (site / path).read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
        text = re.sub(r"<script.*?</script>", "", article, flags=re.S)
        assert "JSON" not in text and ".json" not in text, path


def test_quizzes_are_listed_in_course_order(site):
    for lang in LANGS:
        html = (site / prefix(lang) / "quizzes" / "index.html").read_text(encoding="utf-8")
        practice = html.split('id="practice"')[1].split("</article>")[0]   # not the footer's "next page" link
        listed = [m for m in re.findall(r'href="([a-z-]+)/"', practice) if m in MODULES]
        assert listed == [m for m in MODULES if (ROOT / "quizzes" / f"{m}.yml").exists()]


def test_catalog_lists_each_module_once_without_a_status_column(site):
    for lang in LANGS:
        html = (site / prefix(lang) / "courses" / "index.html").read_text(encoding="utf-8")
        assert html.count('class="hm-mod"') == len(MODULES)
        assert "已发布" not in html and ">published<" not in html


# --- operators: ./portal serve and ./portal test ---------------------------------------------

PORTAL = [sys.executable, str(ROOT / "scripts" / "portal.py")]


def test_serve_says_in_one_line_when_the_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(PORTAL + ["serve", "--addr", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "already in use" in lines[0] and "--addr" in lines[0], run.stderr
    assert "Traceback" not in run.stderr


def test_serve_documents_addr():
    out = subprocess.run(PORTAL + ["serve", "--help"], capture_output=True, text=True, timeout=60).stdout
    assert "--addr HOST:PORT" in out


def children(pid) -> list[int]:
    try:
        return [int(c) for c in (open(f"/proc/{pid}/task/{pid}/children").read().split())]
    except OSError:
        return []


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads /proc")
def test_stopping_serve_stops_its_mkdocs_child():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    wrapper = subprocess.Popen(PORTAL + ["serve", "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not children(wrapper.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        kids = children(wrapper.pid)
        assert kids, "serve started no child"
        wrapper.send_signal(signal.SIGTERM)
        wrapper.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(os.path.exists(f"/proc/{k}") and "Z" not in open(f"/proc/{k}/stat").read().split()[2] for k in kids) \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(os.path.exists(f"/proc/{k}") and "Z" not in open(f"/proc/{k}/stat").read().split()[2] for k in kids)
    finally:
        if wrapper.poll() is None:
            wrapper.kill()


def test_portal_test_says_which_file_is_running(tmp_path):
    (tmp_path / "test_first.py").write_text("def test_a():\n    pass\n", encoding="utf-8")
    (tmp_path / "test_second.py").write_text("def test_b():\n    pass\n", encoding="utf-8")
    run = subprocess.run(PORTAL + ["test", str(tmp_path / "test_first.py"), str(tmp_path / "test_second.py")],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"^\[1/2\] test_first\.py: 1 tests", run.stdout, re.M)
    assert re.search(r"^\[2/2\] test_second\.py: 1 tests", run.stdout, re.M)


WECHAT_UA = ("Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.5563.116 Mobile Safari/537.36 "
             "XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_inside_wechat_the_progress_page_says_to_open_the_browser_first(browser, site_url, lang):
    ctx = browser.new_context(viewport={"width": W, "height": H}, is_mobile=True, has_touch=True, user_agent=WECHAT_UA)
    try:
        pg = ctx.new_page()
        pg.goto(f"{site_url}/{prefix(lang)}progress/")
        note = pg.locator(".hm-storage-warning")
        assert note.is_visible() and ("浏览器" if lang == "zh" else "browser") in note.inner_text()
        box = note.bounding_box()
        assert box["y"] < H * 1.5
    finally:
        ctx.close()


@pytest.mark.browser
def test_english_home_visit_sheet_fits_one_a4_page_offline_too(page, offline_site):
    """The narrow font the English sheet needs comes with the site, so the offline package (file://)
    prints it on one page as well, never from a font the computer may lack."""
    page.goto((offline_site / "en" / "referral" / "print.html").as_uri())
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('PT Sans Narrow') && f.status === 'loaded')")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) == 1
