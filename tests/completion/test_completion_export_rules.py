"""`./portal export-completions` on awkward and hostile input (issue #17): every input ends in the
roster or in rejects.csv with one line, whatever its name, bytes or order; one learner cannot take
over another's row; the training year decides what counts; cells are safe in every CSV; xAPI ids
follow the content; certificates carry office, date and a serial the roster repeats.

Damaged files are made in tmp_path by each test (no committed file has a non-UTF-8 name)."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil

from pathlib import Path

import pytest

from completion_helpers import MF, NOW, VALID, export
from humiao.completion import certificate, outputs, xapi

ts = MF.ts


def wang(**learner) -> dict:
    r = copy.deepcopy(MF.wang_fang())
    r["learner"].update(learner)
    return MF.seal(r)


def write(folder, name, data) -> "os.PathLike":
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_bytes(data if isinstance(data, bytes) else MF.pretty(data))
    return p


def simple(key: str, name: str, when=(11, 3), year=2025, **learner) -> dict:
    """One learner who read care-system and passed its practice quiz on `when`."""
    m, d = when
    who = MF.learner(key, name, "director", "hexi", "河西区某社区")
    who.update(learner)
    return MF.record(who, {"care-system": {"policy-and-network": ts(m, d, 7, year=year), "my-role": ts(m, d, 7, 30, year=year)}},
                     [MF.practice("care-system", MF.key_answers("care-system", 0), ts(m, d, 8, year=year),
                                  ts(m, d, 8, 20, year=year), f"{key}/cs/{year}-{m}-{d}")], ts(m, d, 9, year=year))


def all_bytes(out) -> dict:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


# --- every input, whatever its name or bytes ----------------------------------------------------

def test_a_file_name_that_is_not_utf8_is_named_with_escapes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    gbk_name = os.fsdecode("王芳".encode("gbk") + b".json")         # a GBK name from a Windows zip
    (folder / gbk_name).write_bytes(MF.pretty(MF.wang_fang()))
    (folder / os.fsdecode("坏".encode("gbk") + b".json")).write_bytes(b"{")
    run = export([folder], tmp_path / "out")
    assert run.code == 0 and "Traceback" not in run.stderr
    shown = run.roster()[MF.uid("learner/wang-fang")]["source_files"]
    assert shown.endswith("/in/\\xcd\\xf5\\xb7\\xbc.json")
    assert [r[0].rsplit("/", 1)[1] for r in run.rejects()] == ["\\xbb\\xb5.json"]


def test_a_lone_surrogate_in_a_key_or_a_name_is_a_one_line_reject(tmp_path):
    def forged(text: str) -> bytes:
        """Canonical compact text whose checksum is the SHA-256 of its own bytes (the fast path)."""
        body = text.encode("utf-8")
        return body[:-1] + b',"checksum":"sha256:' + hashlib.sha256(body).hexdigest().encode() + b'"}'
    rec = {k: v for k, v in MF.wang_fang().items() if k != "checksum"}
    text = MF.canonical(rec).decode("utf-8")
    write(tmp_path / "in", "name.json", forged(text.replace("王芳", "\\ud800")))
    write(tmp_path / "in", "key.json", forged(text.replace('"home-visit":', '"home\\udfff":', 1)))
    run = export([tmp_path / "in"], tmp_path / "out")
    assert run.code == 1 and run.stderr == ""
    assert sorted((r[0].rsplit("/", 1)[1], r[3]) for r in run.rejects()) == [
        ("key.json", "not valid Unicode text: an unpaired surrogate (\\ud800-\\udfff) in attempts[0].answers.home\\udfff"),
        ("name.json", "not valid Unicode text: an unpaired surrogate (\\ud800-\\udfff) in learner.name")]


def test_a_reused_out_folder_never_mixes_runs(tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = export([VALID], out)
    assert len(list((out / "certificates").iterdir())) == 3
    export([VALID / "zhao.json"], out)
    assert sorted(p.name for p in (out / "certificates").iterdir()) == [f"{MF.uid('learner/zhao')}.html"]
    assert first.code == 0 and len(all_bytes(out)) < 12
    before = all_bytes(out)
    monkeypatch.setattr(certificate.Folder, "write", lambda *a: 1 / 0)      # fails half-way through
    run = export([VALID], out)
    assert run.code == 3 and "internal error (ZeroDivisionError" in run.stderr and "--out was not changed" in run.stderr
    assert all_bytes(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["out"]   # no half-written folder left
    (out / "notes.docx").write_bytes(b"mine")
    run = export([VALID], out)
    assert run.code == 2 and "holds other files (notes.docx)" in run.stderr and (out / "notes.docx").exists()


def test_a_symlink_loop_on_the_command_line_is_a_reject(tmp_path):
    loop = tmp_path / "loop.json"
    os.symlink(loop, loop)
    run = export([loop, VALID / "chen.json"], tmp_path / "out")
    assert run.code == 0
    assert [(r[0], r[3]) for r in run.rejects()] == [(loop.as_posix(), "cannot be read: Too many levels of symbolic links")]


def test_files_neither_json_nor_txt_are_named_in_rejects(tmp_path):
    folder = tmp_path / "in"
    shutil.copy(VALID / "chen.json", folder.mkdir() or folder / "chen.json")
    (folder / "wang.json.docx").write_bytes(MF.pretty(MF.wang_fang()))
    (folder / "zhao.json.txt").write_bytes(MF.pretty(MF.zhao()))      # a phone that saved the record as .txt
    run = export([folder], tmp_path / "out")
    assert run.stdout.splitlines()[0] == "files read: 2 (1 other file(s) neither .json nor .txt left out: listed in rejects.csv)"
    assert [(r[0].rsplit("/", 1)[1], r[3]) for r in run.rejects()] == [
        ("wang.json.docx", "left out: neither a .json record nor a .txt file of record codes "
                           "(rename it to .json or .txt if it is a completion record)")]
    assert len(run.roster()) == 2


@pytest.mark.parametrize("data, reason", [
    (bytes(range(256)) * 4, "not a text file (binary data): not a completion record"),
    (b'{"format": ' + b"9" * 5000 + b"}", "not valid JSON for a record: a number with thousands of digits"),
    (b'{"format": NaN}', "not valid JSON: NaN is not a JSON value (a record holds whole numbers only)"),
    (json.dumps(MF.wang_fang(), ensure_ascii=False).encode("utf-16"), "not UTF-8 (looks like UTF-16 from Windows): save as UTF-8"),
])
def test_reasons_say_what_the_file_is(tmp_path, data, reason):
    run = export([write(tmp_path, "r.json", data)], tmp_path / "out")
    assert [r[3] for r in run.rejects()] == [reason]


# --- identity ----------------------------------------------------------------------------------

def test_another_learners_id_with_another_name_is_a_conflict_not_a_takeover(tmp_path):
    forged = copy.deepcopy(MF.wang_fang())
    forged["learner"]["name"] = "张三"
    forged["exported_at"] = ts(11, 30)
    write(tmp_path / "in", "z-forged.json", MF.seal(forged))
    shutil.copy(VALID / "wang-fang.json", tmp_path / "in" / "wang-fang.json")
    run = export([tmp_path / "in"], tmp_path / "out")
    assert MF.uid("learner/wang-fang") not in run.roster()
    reasons = {r[0].rsplit("/", 1)[1]: (r[2], r[3]) for r in run.rejects()}
    assert reasons["z-forged.json"][0] == "learner.id"
    assert reasons["z-forged.json"][1].startswith(f"identity conflict: learner id {MF.uid('learner/wang-fang')} is also used "
                                                  "for 王芳 (hexi) in ")
    assert "identity conflicts: 1 learner id(s)" in run.stdout


def test_likely_duplicates_are_listed_and_merged_with_the_merge_file(tmp_path):
    phone = simple("li-phone", "李娜", when=(11, 3))
    pc = MF.record(MF.learner("li-pc", "李娜 ", "director", "hexi", "河西区某社区"),
                   {"warning-signs": {"noticing": ts(11, 5)}},
                   [MF.practice("warning-signs", MF.key_answers("warning-signs", 0), ts(11, 6), ts(11, 6, 8, 5), "li-pc/ws")],
                   ts(11, 7))
    write(tmp_path / "in", "phone.json", phone)
    write(tmp_path / "in", "pc.json", pc)
    run = export([tmp_path / "in"], tmp_path / "out")
    assert "likely duplicates: 1 person(s)" in run.stdout and len(run.roster()) == 2
    header, rows = run.csv("duplicates.csv")
    assert [(r[1], r[2]) for r in rows] == [(pc["learner"]["id"], pc["learner"]["id"]),       # newest export first
                                            (phone["learner"]["id"], pc["learner"]["id"])]
    shutil.copy(run.out / "duplicates.csv", tmp_path / "merge.csv")
    merged = export([tmp_path / "in"], tmp_path / "out2", merge=tmp_path / "merge.csv")
    row = merged.roster()[pc["learner"]["id"]]
    assert list(merged.roster()) == [pc["learner"]["id"]] and row["module_ids"] == "care-system; warning-signs"
    assert len(row["source_files"].split("; ")) == 2 and merged.csv("duplicates.csv")[1] == []


def test_merge_file_rows_that_cannot_be_used_are_rejects(tmp_path):
    merge = tmp_path / "merge.csv"
    a = MF.uid("learner/zhao")
    merge.write_text(f"learner_id,merge_into\n../x,{a}\ncycle-aaaaaaaa,cycle-bbbbbbbb\ncycle-bbbbbbbb,cycle-aaaaaaaa\n"
                     f"nobody-123456,{a}\n", encoding="utf-8")
    run = export([VALID], tmp_path / "out", merge=merge)
    rows = [(r[2], r[3]) for r in run.rejects() if r[0] == merge.as_posix()]
    assert ("row 2.learner_id", "not a learner id: '../x'") in rows
    assert any(f.startswith("row ") and "merged in a circle" in why for f, why in rows)
    assert ("learner_id", "no accepted record has the learner id nobody-123456: this merge is not used") in rows


# --- order never decides -------------------------------------------------------------------------

def test_the_same_inputs_in_any_order_give_the_same_outputs(tmp_path):
    tampered = copy.deepcopy(MF.wang_fang())                    # a copy whose passing attempt was altered
    tampered["attempts"][2]["claimed"]["correct"] = 4
    tampered["exported_at"] = ts(11, 12, 11)
    files = [write(tmp_path / "in", "a-tampered.json", MF.seal(tampered)), VALID / "wang-fang.json",
             VALID / "li-ming-1.json", VALID / "li-ming-2.json"]
    one = export(files, tmp_path / "one")
    two = export(files[::-1], tmp_path / "two")
    assert one.stdout.replace("/one/", "/X/") == two.stdout.replace("/two/", "/X/")
    assert all_bytes(one.out) == all_bytes(two.out)
    w = one.roster()[MF.uid("learner/wang-fang")]
    assert w["module_ids"] == "care-system; warning-signs"   # the genuine 5/5 attempt is used
    assert (w["assessment_passed"], w["assessment_score"]) == ("yes", "80")
    rows = [(r[0].rsplit("/", 1)[1], r[2]) for r in one.rejects() if r[1] == MF.uid("wf/cs/3")]
    assert rows == [("a-tampered.json", "attempts[2].claimed")]   # the bad copy's reject is listed, not lost


def test_the_same_attempt_id_with_different_content_is_not_used(tmp_path):
    other = copy.deepcopy(MF.wang_fang())
    other["attempts"][2]["submitted_at"] = ts(11, 5, 9, 16)
    other["exported_at"] = ts(11, 12, 11)
    run = export([write(tmp_path / "in", "other.json", MF.seal(other)), VALID / "wang-fang.json"], tmp_path / "out")
    rows = [(r[0].rsplit("/", 1)[1], r[3]) for r in run.rejects() if r[1] == MF.uid("wf/cs/3")]
    assert sorted(f for f, _ in rows) == ["other.json", "wang-fang.json"]   # rows sort by full path, which varies
    assert all("different content" in why for _, why in rows)


# --- the training year ----------------------------------------------------------------------------

def test_a_record_from_two_years_ago_is_not_credited_this_year(tmp_path):
    old = write(tmp_path / "in", "old.json", simple("old", "赵一", year=2023))
    run = export([old, VALID / "chen.json"], tmp_path / "out")
    assert MF.uid("learner/old") not in run.roster()
    assert [(r[1], r[2], r[3]) for r in run.rejects()] == [
        ("", "", "nothing in the training year 2025 (its lessons and attempts are from 2023): not counted; "
                 "run with --year 2023 to count them")]
    assert "training year 2025" in run.stdout
    again = export([old], tmp_path / "out2", year=2023)
    assert again.roster()[MF.uid("learner/old")]["module_ids"] == "care-system"


def test_completion_dates_are_per_training_year(tmp_path):
    r = simple("yearly", "钱二", when=(11, 3), year=2024)
    r["attempts"].append(MF.practice("care-system", MF.key_answers("care-system", 0), ts(2, 1, 8), ts(2, 1, 8, 10),
                                     "yearly/cs/2025"))
    r["exported_at"] = ts(2, 2)
    p = write(tmp_path / "in", "yearly.json", MF.seal(r))
    lid = MF.uid("learner/yearly")
    this = export([p], tmp_path / "this")
    assert this.roster()[lid]["training_year"] == "2025"
    statements = xapi.read_statements(this.out / "xapi")
    assert [s["timestamp"] for s in statements] == ["2025-02-01T08:10:00.000Z"]      # this year's pass
    assert [(r[1], r[3]) for r in this.rejects()] == [
        (MF.uid("yearly/cs/2024-11-3"), "submitted 2024-11-03 16:20 (Beijing time), outside the training year 2025: not counted")]
    last = export([p], tmp_path / "last", year=2024)
    assert [s["timestamp"] for s in xapi.read_statements(last.out / "xapi")] == ["2024-11-03T08:20:00.000Z"]


def test_the_year_must_be_a_training_year(tmp_path):
    run = export([VALID], tmp_path / "out", year=2031)
    assert run.code == 2 and "--year 2031: give a training year from 2000 to 2025" in run.stderr


# --- safe text --------------------------------------------------------------------------------------

def test_formula_cells_are_neutralised_in_every_csv(tmp_path, monkeypatch):
    r = MF.wang_fang()
    r['=HYPERLINK("http://x","y")'] = 1
    write(tmp_path / "in", "unknown-key.json", MF.seal(r))
    write(tmp_path / "in", "=cmd.json", MF.wang_fang())
    monkeypatch.chdir(tmp_path / "in")
    run = export([tmp_path / "in" / "unknown-key.json", Path("=cmd.json")], tmp_path / "out")
    rows = run.rejects()
    assert [r[2] for r in rows if r[0].endswith("unknown-key.json")] == ["'=HYPERLINK(\"http://x\",\"y\")"]
    assert run.roster()[MF.uid("learner/wang-fang")]["source_files"].startswith("'")
    for name in ("roster.csv", "rejects.csv", "summary.csv", "items.csv", "duplicates.csv"):
        header, body = run.csv(name)
        assert not [c for row in body for c in row if c.lstrip(" ")[:1] in ("=", "+", "-", "@")], name


def test_reject_rows_are_one_line_whatever_the_record_holds(tmp_path):
    r = MF.wang_fang()
    r["x\n\u202e=y"] = 1
    folder = tmp_path / "in"
    write(folder, "key.json", MF.seal(r))
    write(folder, os.fsdecode(b"line\nbreak.json"), b"{")
    run = export([folder], tmp_path / "out")
    raw = (run.out / "rejects.csv").read_text(encoding="utf-8-sig")
    assert len(raw.splitlines()) == 3 and "\u202e" not in raw
    assert sorted(r[2] for r in run.rejects()) == ["", "x\\x0a\\u202e=y"]


@pytest.mark.parametrize("char, what", [
    ("\u202e", "an invisible formatting character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("\u2028", "a line separator U+2028 (LINE SEPARATOR)"),
    ("\x85", "a control character U+0085"),
])
@pytest.mark.parametrize("field", ["name", "organisation"])
def test_direction_and_line_controls_in_names_are_rejected(tmp_path, char, what, field):
    p = write(tmp_path / "in", "r.json", wang(**{field: f"王{char}芳"}))
    run = export([p], tmp_path / "out")
    assert [(r[2], r[3]) for r in run.rejects()] == [(f"learner.{field}", f"contains {what}: retype it on the My progress page")]


# --- xAPI ------------------------------------------------------------------------------------------

def test_xapi_ids_change_with_the_content_and_only_then(tmp_path):
    first = xapi.read_statements(export([VALID], tmp_path / "a").out / "xapi")
    again = xapi.read_statements(export([VALID], tmp_path / "b").out / "xapi")
    assert first == again
    z = copy.deepcopy(MF.zhao())
    z["learner"]["name"] = "赵晓雨二"
    p = write(tmp_path / "in", "zhao.json", MF.seal(z))
    changed = xapi.read_statements(export([*(VALID / n for n in ("wang-fang.json", "li-ming-1.json", "li-ming-2.json",
                                                                  "chen.json")), p], tmp_path / "c").out / "xapi")
    old, new = {s["id"] for s in first}, {s["id"] for s in changed}
    assert len(old - new) == len(new - old) == 1          # only zhao's statement has a new id


def test_xapi_statements_are_ndjson_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(xapi, "CHUNK", 3)
    run = export([VALID], tmp_path / "out")
    chunks = sorted((run.out / "xapi").iterdir())
    assert [p.name for p in chunks] == ["statements-0001.ndjson", "statements-0002.ndjson", "statements-0003.ndjson"]
    lines = [line for p in chunks for line in p.read_text(encoding="utf-8").splitlines()]
    assert [len(p.read_text(encoding="utf-8").splitlines()) for p in chunks] == [3, 3, 1]
    assert all(json.loads(line)["version"] == "1.0.0" for line in lines)


# --- certificates ------------------------------------------------------------------------------------

def test_certificate_names_office_issue_date_and_the_roster_serial(tmp_path):
    settings = tmp_path / "trainer.yml"
    settings.write_text("office:\n  zh: 天津市河西区民政局\n  en: Hexi District Civil Affairs Bureau\n", encoding="utf-8")
    run = export([VALID], tmp_path / "out", settings=settings)
    lid = MF.uid("learner/wang-fang")
    serial = run.roster()[lid]["certificate_serial"]
    assert serial.startswith("HM2025-") and len(serial) == 17
    html = (run.out / "certificates" / f"{lid}.html").read_text(encoding="utf-8")
    assert "签发单位：天津市河西区民政局" in html and "Issued by: Hexi District Civil Affairs Bureau" in html
    assert f"签发日期：{NOW.date().isoformat()}" in html and f"证书编号：{serial}" in html
    assert "no issuing office" not in run.stdout
    assert export([VALID], tmp_path / "again", settings=settings).roster()[lid]["certificate_serial"] == serial
    assert run.roster()[MF.uid("learner/chen")]["certificate_serial"] == ""


@pytest.mark.parametrize("text, message", [
    ("office: [1]\n", "office must be a text or {zh: …, en: …}"),
    ("office: x\nseal: y\n", "unknown setting 'seal' (known: office)"),
    ("office: \"局\\u202e\"\n", "office.zh contains an invisible formatting character U+202E"),
])
def test_settings_file_problems_are_one_line_usage_errors(tmp_path, text, message):
    settings = tmp_path / "trainer.yml"
    settings.write_text(text, encoding="utf-8")
    run = export([VALID], tmp_path / "out", settings=settings)
    assert run.code == 2 and message in run.stderr and len(run.stderr.splitlines()) == 1


def damaged_corpus() -> dict:
    """Sixty-odd damaged and tampered variants of one genuine record, made the same way every time."""
    import random
    rng = random.Random(17)
    good = MF.pretty(MF.wang_fang())
    text = good.decode("utf-8")
    out = {f"cut-{n:02d}": good[: len(good) * n // 23] for n in range(1, 23)}
    for n in range(16):
        b = bytearray(good)
        b[rng.randrange(len(b))] = rng.randrange(256)
        out[f"flip-{n:02d}"] = bytes(b)
    odd = ["\u202e", "\u2028", "\x85", "\\ud800", "\\udfff\\ud800", "\x00", "=cmd|' /C calc'!A0", "\ufeff", "𠀀", "\\u0000"]
    for n, s in enumerate(odd):
        out[f"name-{n:02d}"] = MF.pretty(wang(name="王" + s)) if "\\" not in s else \
            text.replace('"王芳"', f'"王{s}"').encode("utf-8")
    out["nested"] = b"[" * 5000 + b"]" * 5000
    out["big-int"] = text.replace('"format_version": 1', '"format_version": ' + "1" * 5000).encode("utf-8")
    out["float-version"] = text.replace('"format_version": 1', '"format_version": 1.0').encode("utf-8")
    out["nan"] = text.replace('"format_version": 1', '"format_version": NaN').encode("utf-8")
    out["random"] = bytes(rng.randrange(256) for _ in range(3000))
    out["zeros"] = bytes(3000)
    out["utf16"] = text.encode("utf-16")
    out["gbk"] = text.encode("gbk")
    out["bom-bom"] = b"\xef\xbb\xbf\xef\xbb\xbf" + good
    out["array"] = b"[" + good + b"]"
    return out


def test_every_damaged_file_is_rejected_or_used_with_one_line(tmp_path):
    corpus = damaged_corpus()
    assert len(corpus) >= 58
    folder = tmp_path / "in"
    for name, data in corpus.items():
        write(folder, f"{name}.json", data)
    run = export([folder], tmp_path / "out")
    assert run.code in (0, 1) and run.stderr == ""
    used = {f.rsplit("/", 1)[1] for r in run.roster().values() for f in r["source_files"].split("; ")}
    whole = {r[0].rsplit("/", 1)[1] for r in run.rejects() if not r[1]}
    assert used | whole == {f"{n}.json" for n in corpus} and not used & whole
    raw = (run.out / "rejects.csv").read_text(encoding="utf-8-sig")
    assert len(raw.splitlines()) == len(run.rejects()) + 1          # one line per reject row
    assert all(r[3] and "Traceback" not in r[3] for r in run.rejects())
    reasons = {r[0].rsplit("/", 1)[1]: r[3] for r in run.rejects() if not r[1]}
    assert reasons["name-05.json"] == "contains a control character U+0000: retype it on the My progress page"
    assert [n for n, why in reasons.items() if "GBK" in why] == ["gbk.json"]      # a flipped byte is damage, not GBK
    assert any(why.startswith("damaged: byte ") for why in reasons.values())


def test_certificates_written_by_a_thread_are_those_written_in_line(tmp_path):
    """Big runs create certificate files in a thread (certificate.Folder): the same files, and an
    error the thread meets (here a file that exists already) still stops the run."""
    from types import SimpleNamespace
    from humiao.completion.record import load_catalog
    from completion_helpers import SITE, demo_key
    template = certificate.Template(load_catalog(SITE, [demo_key()]), 2026, None, 0)
    people = [SimpleNamespace(id=f"learner-{i:04d}", name="王芳", role="director", district="hexi", organisation="某社区",
                              staff_id="", completed={"care-system": (5, 5, 0, 0)} if i % 3 else {}, passed=None,
                              in_person_hours=0, serial=f"HM2026-{i:010d}") for i in range(600)]
    for threaded in (False, True):
        with certificate.Folder(tmp_path / str(threaded), template, threaded=threaded) as folder:
            for person in people:
                folder.write(person)
        assert folder.count == 400
    assert all_bytes(tmp_path / "False") == all_bytes(tmp_path / "True") and len(all_bytes(tmp_path / "True")) == 400
    clash = tmp_path / "clash"
    with pytest.raises(FileExistsError):
        with certificate.Folder(clash, template, threaded=True) as folder:
            (clash / "learner-0001.html").write_text("already here", encoding="utf-8")
            for person in people:
                folder.write(person)


def test_a_certificate_graded_with_a_demo_key_says_it_is_no_evidence(tmp_path):
    """Issue #16: a demo key's answers are public, so the paper a learner takes away says it certifies
    nothing; a district's own key (no `demo: true`) prints no such line."""
    from completion_helpers import demo_key
    lid = MF.uid("learner/wang-fang")
    demo = export([VALID], tmp_path / "demo")
    html = (demo.out / "certificates" / f"{lid}.html").read_text(encoding="utf-8")
    assert "年度考核：已通过" in html and "示范答案评分，不作为考核凭证" in html and "not evidence of an assessment" in html
    own = tmp_path / "district-key.yml"
    own.write_text(demo_key().read_text(encoding="utf-8").replace("demo: true\n", ""), encoding="utf-8")
    run = export([VALID], tmp_path / "own", key=own)
    html = (run.out / "certificates" / f"{lid}.html").read_text(encoding="utf-8")
    assert "年度考核：已通过" in html and "不作为考核凭证" not in html
    assert "demo key" not in run.stdout
