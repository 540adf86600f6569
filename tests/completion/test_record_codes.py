"""Record codes: a record handed in as text (a WeChat chat, an SMS, a .txt file) and moved between
devices. The shared vectors (tests/vectors/record-codes.json) drive both the export's Python and
the progress page's script in chromium, so the two cannot drift apart."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import jsonschema
import pytest
from completion_helpers import export

from conftest import ROOT
from humiao.completion import codes
from humiao.completion.record_schema import SCHEMA

VECTORS = json.loads((ROOT / "tests" / "vectors" / "record-codes.json").read_text(encoding="utf-8"))
SCHEMA_CHECK = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
DEMO_KEY = ROOT / "quizzes" / "keys" / "annual-assessment.demo.yml"


def test_every_good_code_unpacks_to_its_record():
    for v in VECTORS["good"]:
        data, why = codes.decode(v["code"])
        assert why == "", v["about"]
        assert json.loads(data) == v["record"], v["about"]


def test_a_damaged_code_is_refused_with_a_reason_not_a_record():
    for v in VECTORS["bad"]:
        data, why = codes.decode(v["code"])
        if v.get("json_only"):
            assert data is not None
            continue
        assert data is None and why, v["about"]


def test_a_pasted_chat_exports_each_code_as_a_record(tmp_path):
    good = [v["code"] for v in VECTORS["good"][:3]]
    chat = tmp_path / "chat.txt"
    chat.write_text(f"张老师 09:12\n{good[0]}\n李明 09:13 这是我的记录码：{good[1]}（谢谢）\n"
                    f"王芳 09:20\n{good[2]}\n{VECTORS['bad'][0]['code']}\n", encoding="utf-8")
    run = export([chat], tmp_path / "out")
    assert run.code == 0, run.stdout + run.stderr
    names = {r[0] for r in run.rejects()}
    assert str(chat) + "#4" in names                       # the cut-off code, named by its place
    assert any("incomplete or changed" in r[3] for r in run.rejects())
    expected = {v["record"]["learner"]["id"] for v in VECTORS["good"][:3]}
    assert expected <= set(run.roster()) | {r[1] for r in run.rejects()}


def test_a_code_and_its_file_are_the_same_record(tmp_path):
    v = VECTORS["good"][1]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "code.txt").write_text(v["code"], encoding="utf-8")
    (tmp_path / "in" / "file.json").write_text(json.dumps(v["record"], ensure_ascii=False), encoding="utf-8")
    run = export([tmp_path / "in"], tmp_path / "out")
    assert run.code == 0, run.stdout + run.stderr
    dup = [r for r in run.rejects() if r[2] == "checksum"]
    assert len(dup) == 1 and "duplicate of" in dup[0][3]


def test_a_text_file_without_a_code_is_a_clear_reject(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("我交不了记录，怎么办？", encoding="utf-8")
    run = export([note], tmp_path / "out")
    assert [r[3] for r in run.rejects()] == ["no record code (HM1.…) and no record in this text file"]


# --- the page's script, in chromium ----------------------------------------------------------

def _progress(page, site_url):
    page.goto(site_url + "/progress/")
    page.wait_for_function("window.HumiaoRecord && window.HumiaoRecord.readCodes")


@pytest.mark.browser
def test_the_page_reads_every_vector_as_python_does(page, site_url):
    _progress(page, site_url)
    for v in VECTORS["good"]:
        res = page.evaluate("c => HumiaoRecord.readCodes(c)", v["code"])
        assert res == [{"record": v["record"]}], v["about"]
    for v in VECTORS["bad"]:
        res = page.evaluate("c => HumiaoRecord.readCodes(c)", v["code"])
        assert all("record" not in r for r in res), v["about"]


@pytest.mark.browser
def test_a_code_made_by_the_page_is_read_by_the_export(page, site_url):
    _progress(page, site_url)
    for v in VECTORS["good"][:3]:
        code = page.evaluate("r => HumiaoRecord.makeCode(r)", v["record"])
        assert codes.CODE_RE.fullmatch(code)
        data, why = codes.decode(code)
        assert why == "" and json.loads(data) == v["record"]
        SCHEMA_CHECK.validate(json.loads(data))


def _profile(page, name):
    page.fill('input[name="name"]', name)
    page.select_option('select[name="role"]', "director")
    page.select_option('select[name="district"]', "jizhou")
    page.fill('input[name="organisation"]', "某村委会")
    page.locator(".hm-profile button[type=submit]").click()


def _read_lesson(page, site_url, module, lesson):
    page.goto(f"{site_url}/courses/{module}/{lesson}/")
    page.locator(".hm-lesson-end").scroll_into_view_if_needed()
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('humiao.v1')).lessons['{module}'] || {{}})['{lesson}']")


def _copy_code(page) -> str:
    page.locator(".hm-copy-code").click()
    page.wait_for_function("document.querySelector('.hm-code').value.startsWith('HM1.')")
    return page.locator(".hm-code").input_value()


@pytest.mark.browser
def test_two_devices_merge_into_one_learner_and_hand_in_through_a_chat(browser, site_url, tmp_path):
    """WeChat (device A) -> the phone's browser (device B): B imports A's code, both hand in as
    one learner; the trainer pastes the chat into a .txt file and exports it."""
    a = browser.new_context(locale="zh-CN", user_agent="Mozilla/5.0 (Linux; Android 10) MicroMessenger/8.0").new_page()
    b = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True).new_page()
    _progress(a, site_url)
    assert "微信" in a.locator(".hm-storage-warning").inner_text()
    _profile(a, "测试学员")
    _read_lesson(a, site_url, "self-care", "strain")
    _progress(a, site_url)
    code_a = _copy_code(a)
    assert "已复制" in a.locator(".hm-record-note").inner_text() or "长按" in a.locator(".hm-record-note").inner_text()

    _progress(b, site_url)
    _profile(b, "测试学员")
    _read_lesson(b, site_url, "self-care", "support")
    _progress(b, site_url)
    b.fill(".hm-import textarea", "张老师发来的：\n" + code_a)
    b.locator(".hm-import button[type=submit]").click()
    b.wait_for_function("document.querySelector('.hm-import-status').textContent.length > 0")
    assert "已合并" in b.locator(".hm-import-status").inner_text()
    store_a = a.evaluate("JSON.parse(localStorage.getItem('humiao.v1'))")
    store_b = b.evaluate("JSON.parse(localStorage.getItem('humiao.v1'))")
    assert store_b["learner"]["id"] == store_a["learner"]["id"]
    assert set(store_b["lessons"]["self-care"]) == {"strain", "support"}
    code_b = _copy_code(b)
    for code in (code_a, code_b):          # the records of codes the page made are the format (record.schema.json)
        data, why = codes.decode(code)
        assert why == ""
        SCHEMA_CHECK.validate(json.loads(data))

    chat = tmp_path / "in" / "微信聊天.txt"
    chat.parent.mkdir()
    chat.write_text(f"测试学员 10:01\n{code_a}\n测试学员 18:30 换了手机浏览器\n{code_b}\n", encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "export-completions", str(chat.parent),
                          "--out", str(out), "--key", str(DEMO_KEY)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = list(csv.DictReader((out / "roster.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 1 and rows[0]["姓名 name"] == "测试学员"
    a.context.close()
    b.context.close()
