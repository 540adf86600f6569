"""The whole completion journey as a learner and a trainer do it: a real browser completes a
module and the annual assessment, downloads the record, and the trainer's command accepts it."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import jsonschema
import yaml

from conftest import ROOT
from humiao.completion.record import canonical
from humiao.completion.record_schema import SCHEMA

MODULE = "self-care"


DEMO_KEY = ROOT / "quizzes" / "keys" / "annual-assessment.demo.yml"


def keys(bank_id):
    """A practice bank's key from the bank; the annual assessment's from its (demo) key file."""
    path = DEMO_KEY if bank_id == "annual-assessment" else ROOT / "quizzes" / f"{bank_id}.yml"
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {q["id"]: [str(a).lower() for a in (q["answer"] if isinstance(q["answer"], list) else [q["answer"]])]
            for q in bank["questions"]}


def answer(page, key, fieldsets):
    for i in range(fieldsets.count()):
        fs = fieldsets.nth(i)
        for option in key[fs.get_attribute("data-q")]:
            fs.locator(f'input[value="{option}"]').check()
    page.locator('button[type="submit"]').click()


def complete_module(page, site_url, name: str):
    """A learner's way through one module: profile, every lesson read to its end, the practice quiz passed."""
    module = yaml.safe_load((ROOT / "courses" / MODULE / "module.yml").read_text(encoding="utf-8"))
    page.goto(site_url + "/progress/")
    page.fill('input[name="name"]', name)
    page.select_option('select[name="role"]', "director")
    page.select_option('select[name="district"]', "jizhou")
    page.fill('input[name="organisation"]', "某村委会")
    page.locator(".hm-profile button[type=submit]").click()
    for lesson in module["lessons"]:
        page.goto(f"{site_url}/courses/{MODULE}/{lesson}/")
        page.locator(".hm-lesson-end").scroll_into_view_if_needed()
        page.wait_for_function(f"(JSON.parse(localStorage.getItem('humiao.v1')).lessons['{MODULE}'] || {{}})['{lesson}']")
    page.goto(f"{site_url}/quizzes/{MODULE}/")
    answer(page, keys(MODULE), page.locator("fieldset.hm-q:not([hidden])"))
    assert "100%" in page.locator(".hm-result").inner_text()


def test_learner_completes_and_trainer_exports(page, site_url, tmp_path):
    complete_module(page, site_url, "测试学员")

    page.goto(f"{site_url}/quizzes/annual-assessment/")
    answer(page, keys("annual-assessment"), page.locator("fieldset.hm-q:not([hidden])"))

    page.goto(site_url + "/progress/")
    assert page.locator(f'tr[data-module="{MODULE}"]').get_attribute("data-complete") == "yes"
    with page.expect_download() as info:
        page.locator(".hm-download").click()
    record = tmp_path / "records" / info.value.suggested_filename
    record.parent.mkdir()
    info.value.save_as(record)
    # The download is the record's canonical JSON, so the export hashes its bytes as they are.
    assert record.read_bytes() == canonical(json.loads(record.read_bytes()))
    # The downloaded record is exactly the format the schema describes (record.schema.json).
    jsonschema.validate(json.loads(record.read_text(encoding="utf-8-sig")), SCHEMA,
                        cls=jsonschema.Draft202012Validator, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "export-completions", str(record.parent), "--out", str(out),
                          "--key", str(DEMO_KEY)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = list(csv.DictReader((out / "roster.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 1
    row = rows[0]
    assert row["姓名 name"] == "测试学员"
    assert MODULE in row["完成模块 module_ids"]
    assert row["年度考核通过 assessment_passed"] in ("是 yes", "yes", "是")
    rejects = list(csv.DictReader((out / "rejects.csv").open(encoding="utf-8-sig")))
    assert rejects == []
