"""The trainer's desk: a learner's record goes from the progress page as a text code, through a
pasted chat, into the desk, and out as the same files the command writes (the desk runs the
command's own Python in Pyodide). It works from the offline package on file://, and learner
pages never load its runtime."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT
from test_completion_journey import MODULE, complete_module

pytestmark = pytest.mark.browser

DEMO_KEY = ROOT / "quizzes" / "keys" / "annual-assessment.demo.yml"
BAD_FILE = ROOT / "tests" / "completion" / "fixtures" / "records" / "bad" / "truncated.json"
VECTORS = json.loads((ROOT / "tests" / "vectors" / "record-codes.json").read_text(encoding="utf-8"))
PASTED = "粘贴的记录码.txt"          # the name the zh desk gives a pasted text


def _runtime(site):
    if not (site / "assets" / "desk" / "pyodide.js").exists():
        pytest.fail("the build has no desk runtime: ./portal test fetches Pyodide into .cache/ (needs npm)")


def _learner_code(page, site_url) -> str:
    """A real record: a learner reads a module and passes its practice quiz, then copies the code."""
    complete_module(page, site_url, "工作台学员")
    page.goto(site_url + "/progress/")
    page.locator(".hm-copy-code").click()
    page.wait_for_function("document.querySelector('.hm-code').value.startsWith('HM1.')")
    return page.locator(".hm-code").input_value()


def _desk_ready(page, url):
    page.goto(url)
    page.wait_for_function("!document.querySelector('#hm-desk button[type=submit]').disabled", timeout=180_000)


def _run_desk(page, chat: str, files: list):
    page.fill("textarea[name=pasted]", chat)
    page.set_input_files("input[name=records]", [str(f) for f in files])
    page.set_input_files("input[name=key]", str(DEMO_KEY))
    page.click("#hm-desk button[type=submit]")
    page.wait_for_function("document.querySelector('.hm-desk-results').textContent.length > 0", timeout=180_000)


def _xlsx_parts(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as z:      # docProps/core.xml holds the time of writing
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def test_a_chat_of_codes_gives_the_commands_outputs_in_the_desk(page, site, site_url, tmp_path):
    _runtime(site)
    code = _learner_code(page, site_url)
    chat = f"工作台学员 09:30\n{code}\n另一位学员 09:41\n{VECTORS['good'][0]['code']}\n{VECTORS['bad'][0]['code']}\n"
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    _desk_ready(page, site_url + "/trainers/desk/")
    _run_desk(page, chat, [BAD_FILE])
    assert "工作台学员" in page.locator(".hm-desk-results").inner_text()
    with page.expect_download() as info:
        page.locator(".hm-desk-results a.md-button").click()
    desk = zipfile.ZipFile(info.value.path())
    assert [u for u in asked if not u.startswith((site_url, "blob:", "data:"))] == []   # nothing leaves the PC

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / PASTED).write_text(chat, encoding="utf-8")
    (folder / BAD_FILE.name).write_bytes(BAD_FILE.read_bytes())
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "export-completions", PASTED, BAD_FILE.name,
                          "--out", str(out), "--key", str(DEMO_KEY)], cwd=folder, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    command = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert sorted(command) == sorted(desk.namelist())
    for name, data in command.items():
        if name.endswith(".xlsx"):
            assert _xlsx_parts(data) == _xlsx_parts(desk.read(name)), name
        else:
            assert data == desk.read(name), name


def test_the_desk_works_from_the_offline_package(browser, offline_site):
    _runtime(offline_site)
    page = browser.new_context(locale="zh-CN").new_page()
    _desk_ready(page, (offline_site / "trainers" / "desk.html").as_uri())
    _run_desk(page, "\n".join(v["code"] for v in VECTORS["good"]), [])
    text = page.locator(".hm-desk-results").inner_text()
    assert "rejects.csv" in text and f"{PASTED}#1" in text
    page.context.close()


def test_learner_pages_never_load_the_desk_runtime(page, site_url):
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    for path in ("/", "/progress/", f"/courses/{MODULE}/", f"/quizzes/{MODULE}/"):
        page.goto(site_url + path)
    assert not [u for u in asked if "/assets/desk" in u]
