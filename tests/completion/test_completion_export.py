"""`./portal export-completions`: every bad record is rejected with its exact field and reason,
every input is accounted for, inputs stay unchanged, reruns give the same bytes, and the
outputs (roster, summary, items, xAPI, certificates) say what the records prove."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from completion_helpers import BAD, MF, ROOT, SITE, VALID, export
from humiao.completion import export as exportmod
from humiao.completion import outputs
from humiao.completion import xapi
from humiao.completion.record import TRUNCATED

uid = MF.uid
WANG = uid("learner/wang-fang")
LI = uid("learner/li-ming")
ZHAO = uid("learner/zhao")
CHEN = uid("learner/chen")

# file -> (attempt id, field, reason): exactly one reject row each
EXPECTED = {
    "malformed-json": ("", "", "not valid JSON: Expecting ',' delimiter (line 4, column 2)"),
    "gbk-encoding": ("", "", "not UTF-8 (looks like GBK from Windows): save as UTF-8"),
    "utf16-encoding": ("", "", "not UTF-8 (looks like UTF-16 from Windows): save as UTF-8"),
    "truncated": ("", "", TRUNCATED),
    "unknown-bank": (uid("bad/unknown-bank/0"), "attempts[0].bank", "unknown quiz bank 'no-such-bank'"),
    "missing-field": ("", "learner.district", "required field is missing"),
    "altered-score": (uid("bad/altered-score/0"), "attempts[0].claimed",
                      "claims 5/5 passed, but the answers re-grade to 2/5 (40%) not passed: the claimed score was altered"),
    "altered-answers": ("", "checksum", "does not match the content: the file was edited or damaged after it was exported"),
    "future-dates": ("", "exported_at", "in the future (2099-01-01T08:00:00.000Z): check the device's clock"),
    "wrong-format-version": ("", "format_version",
                             "format_version 2 is not supported (this command reads version 1): update the portal and run it again"),
    "unknown-option": (uid("bad/unknown-option/0"), "attempts[0].answers.role-first-step",
                       "unknown option 'z' for question 'role-first-step' (options: a, b, c, d)"),
    "old-bank-version": (uid("bad/ws/old"), "attempts[1].bank_version",
                         "bank 'warning-signs' is now version 2; version 1 is no longer in the repository, "
                         "so this attempt cannot be re-graded (the learner takes the quiz again)"),
}
FILE_REJECTS = {k for k, v in EXPECTED.items() if not v[0]}
DUPLICATE = (BAD / "duplicate.json").as_posix()       # the same record as valid/wang-fang.json: of identical
WANG_FILE = (VALID / "wang-fang.json").as_posix()      # files, the first in path order is used


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """valid/ then bad/: every kind of record at once."""
    return export([VALID, BAD], tmp_path_factory.mktemp("export") / "out")


def test_fixtures_are_current(tmp_path):
    """The committed fixtures are what make_fixtures.py writes."""
    for kind, files in (("valid", MF.valid_records()), ("bad", MF.bad_records())):
        on_disk = {p.stem for p in (VALID if kind == "valid" else BAD).glob("*.json")}
        assert on_disk == set(files), f"run tests/completion/make_fixtures.py ({kind})"
        for name, data in files.items():
            assert ((VALID if kind == "valid" else BAD) / f"{name}.json").read_bytes() == data, name
    assert set(EXPECTED) | {"duplicate"} == {p.stem for p in BAD.glob("*.json")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_record_exact_reason(full_run, name):
    path = (BAD / f"{name}.json").as_posix()
    rows = [r for r in full_run.rejects() if r[0] == path]
    assert [tuple(r[1:]) for r in rows] == [EXPECTED[name]]
    assert all("Traceback" not in r[3] and "\n" not in r[3] for r in full_run.rejects())


def test_summary_lines_and_exit(full_run):
    assert full_run.code == 0
    lines = full_run.stdout.splitlines()
    assert lines[0] == "files read: 18"
    assert lines[1].startswith("records accepted: 9 (8 learner(s), 4 certificate(s), 8 xAPI statement(s))")
    # li-ming-2.json repeats li-ming-1.json's failed assessment: each file's rejects are listed
    assert lines[2].startswith(f"rejects: {len(FILE_REJECTS) + 1} file(s), 6 attempt(s)")


def test_every_input_is_accounted_for(full_run):
    inputs = {p.as_posix() for d in (VALID, BAD) for p in d.glob("*.json")}
    used = {f for r in full_run.roster().values() for f in r["source_files"].split("; ")}
    rejected = {r[0] for r in full_run.rejects() if not r[1]}      # whole-file rejects
    assert used | rejected == inputs
    assert not used & rejected
    assert rejected == {(BAD / f"{n}.json").as_posix() for n in FILE_REJECTS} | {WANG_FILE}


def test_inputs_unchanged_and_rerun_identical(tmp_path):
    inputs = sorted(p for d in (VALID, BAD) for p in d.glob("*.json"))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs}
    a = export([VALID, BAD], tmp_path / "a")
    b = export([VALID, BAD], tmp_path / "b")
    c = export([VALID, BAD], tmp_path / "a")            # into the same folder again
    assert a.code == b.code == c.code == 0
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs} == before
    files_a = sorted(p.relative_to(a.out) for p in a.out.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b.out) for p in b.out.rglob("*") if p.is_file())
    assert files_a == files_b
    assert {"roster.csv", "roster.xlsx", "summary.csv", "items.csv", "xapi/statements-0001.ndjson", "rejects.csv",
            "duplicates.csv"} <= {p.as_posix() for p in files_a}
    for rel in files_a:
        assert (a.out / rel).read_bytes() == (b.out / rel).read_bytes(), rel


def test_parallel_workers_give_the_same_bytes(tmp_path, monkeypatch):
    serial = export([VALID, BAD], tmp_path / "one")
    monkeypatch.setattr(exportmod, "PARALLEL_FROM", 1)
    monkeypatch.setattr(exportmod, "BATCH", 2)
    monkeypatch.setattr(outputs, "FORK_OUTPUTS_FROM", 1)      # roster.xlsx from a forked child too
    parallel = export([VALID, BAD], tmp_path / "two", jobs=2)
    assert serial.stdout.replace("/one/", "/X/") == parallel.stdout.replace("/two/", "/X/")
    for p in sorted(serial.out.rglob("*")):
        if p.is_file():
            assert p.read_bytes() == (parallel.out / p.relative_to(serial.out)).read_bytes(), p.name


def test_roster_lists_learners(full_run):
    raw = (full_run.out / "roster.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    roster = full_run.roster()
    w = roster[WANG]
    assert (w["name"], w["role"], w["district"], w["organisation"]) == ("王芳", "儿童主任", "河西区", "河西区某某街道社区居委会")
    assert (w["modules_completed"], w["module_ids"], w["hours_earned"]) == ("2", "care-system; warning-signs", "3.5")
    assert (w["assessment_passed"], w["assessment_score"]) == ("yes", "80")
    assert w["last_activity"] == "2025-11-10 17:30"               # Beijing time of the last attempt
    assert w["source_files"] == DUPLICATE
    c = roster[CHEN]
    assert (c["modules_completed"], c["hours_earned"], c["assessment_passed"], c["assessment_score"]) == ("0", "0", "no", "")
    z = roster[ZHAO]
    assert z["organisation"] == '"阳光"学校 & <二部>'
    assert z["staff_id"] == "'=HYPERLINK(\"x\")"                   # a formula-looking cell is neutralised
    order = [r["district"] for r in roster.values()]
    assert order == sorted(order, key=["和平区", "河东区", "河西区", "南开区", "河北区", "红桥区", "东丽区", "西青区",
                                       "津南区", "北辰区", "武清区", "宝坻区", "宁河区", "静海区", "蓟州区", "滨海新区", "其他"].index)


def test_dedupe_merges_the_same_learner(full_run):
    li = full_run.roster()[LI]
    assert li["source_files"] == f"{(VALID / 'li-ming-1.json').as_posix()}; {(VALID / 'li-ming-2.json').as_posix()}"
    assert li["organisation"] == "南开区某某街道办事处"               # from the newer export
    assert (li["module_ids"], li["hours_earned"]) == ("care-system; warning-signs", "3.5")   # lesson read in the later file
    assert (li["assessment_passed"], li["assessment_score"]) == ("yes", "100")
    not_passed = [r for r in full_run.rejects() if r[1] == uid("lm/annual/1")]
    assert [(Path(r[0]).name, r[2], r[3]) for r in not_passed] == [      # listed for each file that holds it
        ("li-ming-1.json", "attempts[2]", "assessment not passed: 2/5 (40%), pass mark 60%"),
        ("li-ming-2.json", "attempts[2]", "assessment not passed: 2/5 (40%), pass mark 60%")]


def test_best_passing_attempt_counts(full_run):
    statements = xapi.read_statements(full_run.out / "xapi")
    mine = {s["object"]["id"].rsplit("/", 1)[1]: s for s in statements if s["actor"]["account"]["name"] == WANG}
    cs, ws, annual = mine["care-system"], mine["warning-signs"], mine["annual-assessment"]
    # care-system: 2/5 failed, 4/5 passed (11-03), then 5/5 passed later (11-05): the highest score
    # counts, and the module was completed at the first pass (its lessons were read before)
    assert cs["result"]["score"] == {"scaled": 1.0, "raw": 5, "min": 0, "max": 5}
    assert cs["timestamp"] == "2025-11-03T09:15:00.000Z"
    # warning-signs: 3/4 twice: the earlier one counts
    assert ws["result"]["score"]["raw"] == 3 and ws["timestamp"] == "2025-11-06T09:10:00.000Z"
    assert annual["verb"]["id"] == xapi.PASSED and annual["result"]["score"]["scaled"] == 0.8


def test_item_statistics_count_each_learners_first_attempt_once(full_run):
    header, rows = full_run.csv("items.csv")
    by_q = {(r[0], r[2]): r for r in rows}
    # care-system: the first attempt of wang-fang (3 tries), li-ming (repeated in li-ming-2, counted once),
    # zhao and old-bank-version; rejected attempts and the duplicate file do not count
    assert by_q[("care-system", "role-first-step")][5] == "4"
    assert by_q[("annual-assessment", "a-report")][5] == "2"          # li-ming's second assessment is not a first
    assert by_q[("warning-signs", "sleep-change")][5:8] == ["2", "1", "0.5"]
    assert by_q[("care-system", "network-places")][10] == "a* 3 (75%); b 1 (25%); c* 3 (75%); d 0 (0%)"
    assert {r[8] for r in rows} == {""}           # fewer than MIN_SAMPLE learners: no discrimination shown
    assert len(rows) == 5 + 4 + 8


def test_xapi_statements_validate_against_the_schema(full_run):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(xapi.SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    v = jsonschema.Draft202012Validator(schema)
    statements = xapi.read_statements(full_run.out / "xapi")
    assert len(statements) == 8
    lines = {line[7:43]: line[45:] for p in sorted((full_run.out / "xapi").glob("*.ndjson"))
             for line in p.read_text(encoding="utf-8").splitlines()}         # id -> the text after it
    for s in statements:
        errors = [e.message for e in v.iter_errors(s)]
        assert not errors, (s["id"], errors)
        assert s["id"] == str(uuid.uuid5(xapi.NAMESPACE, lines[s["id"]]))
        assert s["actor"]["account"]["homePage"] == "https://humiao.invalid/learners"
        assert set(s["object"]["definition"]["name"]) == {"zh-CN", "en"}
        assert -1 <= s["result"]["score"]["scaled"] <= 1
    assert len({s["id"] for s in statements}) == len(statements)


def test_xapi_schema_rejects_what_the_spec_forbids():
    jsonschema = pytest.importorskip("jsonschema")
    v = jsonschema.Draft202012Validator(json.loads(xapi.SCHEMA.read_text(encoding="utf-8")))
    good = {"id": "7ccd3322-e1a5-411a-a67d-6a735c76f119",
            "actor": {"objectType": "Agent", "account": {"homePage": "https://humiao.invalid/learners", "name": "x"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en": "completed"}},
            "object": {"id": "https://humiao.invalid/courses/care-system"},
            "result": {"score": {"scaled": 0.5}}}
    assert v.is_valid(good)
    bad = {
        "no verb": {k: x for k, x in good.items() if k != "verb"},
        "two identifiers": {**good, "actor": {**good["actor"], "mbox": "mailto:a@example.com"}},
        "no identifier": {**good, "actor": {"objectType": "Agent", "name": "x"}},
        "account without homePage": {**good, "actor": {"account": {"name": "x"}}},
        "mbox without mailto": {**good, "actor": {"mbox": "a@example.com"}},
        "verb id without scheme": {**good, "verb": {"id": "completed"}},
        "scaled above 1": {**good, "result": {"score": {"scaled": 1.5}}},
        "id not a UUID": {**good, "id": "12345"},
        "unknown property": {**good, "grade": "A"},
        "null": {**good, "result": None},
        "empty object": {**good, "result": {}},
        "agent object without objectType": {**good, "object": {"mbox": "mailto:a@example.com"}},
        "anonymous group without members": {**good, "actor": {"objectType": "Group"}},
        "platform with an agent object": {**good, "object": {"objectType": "Agent", "mbox": "mailto:a@example.com"},
                                          "context": {"platform": "x"}},
    }
    for what, s in bad.items():
        assert not v.is_valid(s), what


def test_certificates(full_run, tmp_path):
    certs = full_run.out / "certificates"
    names = sorted(p.stem for p in certs.glob("*.html"))
    done = [k for k, r in full_run.roster().items() if r["modules_completed"] != "0"]
    assert names == sorted(done) and CHEN not in names
    html = (certs / f"{ZHAO}.html").read_text(encoding="utf-8")
    assert "&quot;阳光&quot;学校 &amp; &lt;二部&gt;" in html and "<二部>" not in html
    assert "@page { size: A4" in html and 'lang="en"' in html and "学习证书" in html and "Certificate of completion" in html
    for external in ("http://", "https://", "src=", "<link", "<script", "@import", "url("):
        assert external not in html, external
    wang = (certs / f"{WANG}.html").read_text(encoding="utf-8")
    assert "年度考核：已通过（4/5，80%，2025-11-10）" in wang and "<td class=\"n\">3.5</td>" in wang
    # a learner gone from a later run loses the certificate file
    run = export([VALID / "zhao.json"], full_run.out.parent / "certs-again")
    stale = run.out / "certificates" / "stale-learner-0000.html"
    stale.write_text("old", encoding="utf-8")
    export([VALID / "zhao.json"], run.out)
    assert sorted(p.name for p in (run.out / "certificates").iterdir()) == [f"{ZHAO}.html"]


def test_xlsx_has_the_sheets(full_run):
    import zipfile
    with zipfile.ZipFile(full_run.out / "roster.xlsx") as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        names = re.findall(r'<sheet name="([^"]+)"', workbook)
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert names == ["学员 roster", "模块完成 modules", "汇总 summary", "题目 items"]
    assert "王芳" in sheet1 and "=HYPERLINK" in sheet1 and "<f>" not in sheet1   # text, never a formula


def test_summary_by_district_and_role(full_run):
    header, rows = full_run.csv("summary.csv")
    by = {(r[0], r[1]): r for r in rows}
    assert header[4:6] == ["完成 care-system completed_care-system", "完成 warning-signs completed_warning-signs"]
    assert by[("all", "all")][3:] == ["8", "4", "2", "10", "0", "2"]
    assert by[("district", "hexi")][3:] == ["1", "1", "1", "3.5", "0", "1"]
    assert by[("role", "supervisor")][3:] == ["1", "1", "1", "3.5", "0", "1"]
    assert len([r for r in rows if r[0] == "district"]) == 17 and len([r for r in rows if r[0] == "role"]) == 5


def test_attendance_roster_merged(tmp_path):
    att = tmp_path / "attendance.csv"
    att.write_text("name,district,organisation,module,date,hours\n"
                   "王芳,hexi,河西区某某街道社区居委会,warning-signs,2025-11-20,2\n"      # also completed online
                   "陈静,其他,某儿童福利院,care-system,2025-11-21,1.5\n"
                   "张三,hexi,某单位,care-system,2025-11-21,1.5\n"
                   "陈静,other,某儿童福利院,care-system,2025-11-21,1.5\n"
                   "陈静,other,某儿童福利院,warning-signs,21/11/2025,2\n"
                   "陈静,other,某儿童福利院,warning-signs,2025-11-22,lots\n", encoding="gbk")
    run = export([VALID], tmp_path / "out", roster=att)
    assert run.code == 0
    assert "read as GBK" in run.stdout and "4 attendance row(s)" in run.stdout
    roster = run.roster()
    assert (roster[WANG]["in_person_hours"], roster[WANG]["total_hours"]) == ("2", "3.5")
    assert (roster[CHEN]["in_person_hours"], roster[CHEN]["total_hours"]) == ("1.5", "1.5")
    rows = [r for r in run.rejects() if r[0] == att.as_posix()]
    assert [(r[2], r[3]) for r in rows] == [
        ("row 4.name", "no learner with this name, district and organisation in the accepted records"),
        ("row 5.date", "the same learner, module and date as row 3"),
        ("row 6.date", "the date must be written 2026-11-28, found '21/11/2025'"),
        ("row 7.hours", "hours must be a number above 0 and at most 24, found 'lots'"),
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,district\n王芳,hexi\n", encoding="utf-8")
    run = export([VALID], tmp_path / "out2", roster=bad)
    assert run.code == 2 and "missing: organisation, module, date, hours" in run.stderr


def test_exit_status_and_messages(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.docx").write_text("not a record", encoding="utf-8")
    run = export([empty], tmp_path / "o1")
    assert run.code == 1 and "no record files (*.json" in run.stderr and not (tmp_path / "o1").exists()
    assert export([], tmp_path / "o2").code == 2
    run = export([tmp_path / "missing"], tmp_path / "o3")
    assert run.code == 2 and "no such file or folder" in run.stderr
    run = export([BAD / "truncated.json", BAD / "gbk-encoding.json"], tmp_path / "o4")
    assert run.code == 1 and len(run.rejects()) == 2 and (tmp_path / "o4" / "roster.csv").exists()
    run = export([VALID / "chen.json", BAD / "truncated.json"], tmp_path / "o5")
    assert run.code == 0


def test_output_folder_inside_an_input_folder_is_skipped(tmp_path):
    import shutil
    folder = tmp_path / "records"
    shutil.copytree(VALID, folder)
    first = export([folder], folder / "out")
    second = export([folder], folder / "out")            # xapi.json of the first run is not read as a record
    assert first.stdout.splitlines()[0] == second.stdout.splitlines()[0] == "files read: 5"


def this_year_record(folder: Path) -> Path:
    """zhao's record moved to the last few minutes: it counts for the default --year (the current year)."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    iso = lambda minutes: (now - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    rec = MF.record(MF.learner("zhao", "赵晓雨", "teacher", "binhai", "某学校"),
                    {"care-system": {"policy-and-network": iso(4), "my-role": iso(4)}},
                    [MF.practice("care-system", MF.key_answers("care-system", 0), iso(3), iso(2), "zx/now")], iso(1))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "zhao.json").write_bytes(MF.pretty(rec))
    return folder


def test_portal_command_line(tmp_path):
    """The real entry point: ./portal's scripts/portal.py export-completions."""
    out = tmp_path / "out"
    records = this_year_record(tmp_path / "records")
    key = SITE / "quizzes" / "keys" / "annual-assessment.demo.yml"
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "export-completions",
                        str(records), "--out", str(out), "--root", str(SITE), "--key", str(key)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[0] == "files read: 1" and (out / "roster.csv").exists()
    assert "demo key" in p.stdout
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "export-completions", "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2


def test_portal_command_line_has_the_year_merge_and_settings_options(tmp_path):
    import portal
    args = portal.parser().parse_args(["export-completions", "r/", "--out", "o/", "--year", "2025", "--merge", "m.csv",
                                       "--settings", "s.yml", "--key", "k.yml"])
    assert (args.year, args.merge, args.settings, args.key) == (2025, Path("m.csv"), Path("s.yml"), [Path("k.yml")])


def test_the_annual_key_is_required_and_must_fit_its_bank(tmp_path):
    """Issue #16: the key is the trainer's input; without it, or with one for another bank version,
    the command stops with one line and writes nothing."""
    records = this_year_record(tmp_path / "records")
    run = export([records], tmp_path / "out1", key=None)
    assert run.code == 2 and "--key FILE" in run.stderr and not (tmp_path / "out1").exists()
    wrong = tmp_path / "old-key.yml"
    wrong.write_text((SITE / "quizzes" / "keys" / "annual-assessment.demo.yml").read_text(encoding="utf-8")
                     .replace("bank_version: 1", "bank_version: 7"), encoding="utf-8")
    run = export([records], tmp_path / "out2", key=wrong)
    assert run.code == 2 and "K003" in run.stderr and "version 7" in run.stderr and len(run.stderr.splitlines()) == 1
    assert not (tmp_path / "out2").exists()
