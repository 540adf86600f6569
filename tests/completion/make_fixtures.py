"""Write the completion-record fixtures: tests/completion/fixtures/records/{valid,bad}/*.json.

    /tmp/probe-venv/bin/python tests/completion/make_fixtures.py      (or any Python with PyYAML)

Records are built exactly as the browser writes them (format version 1) against the small
fixture site in fixtures/site/ (two modules, two practice banks, one annual assessment), graded
with humiao.quizzes.grade and checksummed with the canonical-JSON rule. Everything is fixed
(uuid5 ids, fixed dates in 2025), so a rerun writes the same bytes. The tests import the
helpers below to build more records on the fly."""
from __future__ import annotations

import copy
import hashlib
import json
import sys
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SITE = HERE / "fixtures" / "site"
RECORDS = HERE / "fixtures" / "records"
sys.path.insert(0, str(ROOT / "scripts"))

from humiao import assessment_key, quizzes  # noqa: E402
from humiao.problems import Report  # noqa: E402

NS = uuid.UUID("6f1c2a0e-5b3d-4c8e-9a7f-2d4b6e8f0a1c")
SITE_VERSION = "3f2a9c1b0d4e"


def uid(name: str) -> str:
    return str(uuid.uuid5(NS, name))


def ts(month: int, day: int, hour: int = 8, minute: int = 0, year: int = 2025) -> str:
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00.000Z"


DEMO_KEY = SITE / "quizzes" / "keys" / "annual-assessment.demo.yml"


def banks() -> dict:
    """The fixture site's banks, the annual assessment keyed with its demo (test) key."""
    report = Report(SITE)
    return {**quizzes.load_all(SITE, report), **assessment_key.repository_keys(SITE, quizzes.load_all(SITE, report), report)}


BANKS = banks()


def canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def seal(record: dict) -> dict:
    """Add (or renew) the checksum, as the browser does before the download."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    return {**body, "checksum": "sha256:" + hashlib.sha256(canonical(body)).hexdigest()}


def compact(record: dict) -> bytes:
    """Compact canonical form: sorted keys, no spaces (the checksummed text plus the checksum)."""
    return canonical(record)


def pretty(record: dict) -> bytes:
    """The browser's download: JSON.stringify(record, null, 1) (insertion order, one-space indent)."""
    return json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")


def practice(bank_id: str, answers: dict, started: str, submitted: str, name: str, order=None) -> dict:
    bank = BANKS[bank_id]
    asked = list(order or reversed([q["id"] for q in bank.questions]))   # the browser shuffles
    r = quizzes.grade(bank, answers, asked)
    return {"id": uid(name), "bank": bank_id, "bank_version": bank.version, "mode": "practice",
            "started_at": started, "submitted_at": submitted, "asked": asked, "answers": answers,
            "claimed": {"correct": len(r["correct"]), "total": r["total"], "passed": r["passed"]}}


def assessment(asked: list, answers: dict, started: str, submitted: str, name: str, bank_id="annual-assessment") -> dict:
    return {"id": uid(name), "bank": bank_id, "bank_version": BANKS[bank_id].version, "mode": "assessment",
            "started_at": started, "submitted_at": submitted, "asked": asked, "answers": answers, "claimed": None}


def key_answers(bank_id: str, wrong: int = 0) -> dict:
    """Every question answered right, except the first `wrong` ones (answered with a wrong option)."""
    out = {}
    for i, q in enumerate(BANKS[bank_id].questions):
        key = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        if i < wrong:
            other = next(o["id"] for o in q["options"] if o["id"] not in key)
            out[q["id"]] = [other]
        else:
            out[q["id"]] = list(key)
    return out


def record(learner: dict, lessons: dict, attempts: list, exported: str) -> dict:
    return seal({"format": "humiao-completion-record", "format_version": 1, "site_version": SITE_VERSION,
                 "exported_at": exported, "learner": learner, "lessons": lessons, "attempts": attempts})


def learner(name_key: str, name: str, role: str, district: str, organisation: str, staff_id: str = "") -> dict:
    return {"id": uid("learner/" + name_key), "name": name, "role": role, "district": district,
            "organisation": organisation, "staff_id": staff_id}


ANNUAL_FIVE = ["a-report", "a-refer", "a-listen", "a-privacy", "a-notice"]
ANNUAL_KEY = {"a-report": ["a"], "a-refer": ["b"], "a-listen": ["true"], "a-privacy": ["a", "b"], "a-notice": ["d"],
              "a-ask": ["false"], "a-record": ["c"], "a-selfcare": ["b"]}


def annual_answers(asked: list, wrong: int) -> dict:
    out = {q: list(ANNUAL_KEY[q]) for q in asked}
    for q in asked[:wrong]:
        out[q] = ["c"] if ANNUAL_KEY[q] != ["c"] else ["a"]
        if q in ("a-listen", "a-ask"):
            out[q] = ["true"] if ANNUAL_KEY[q] == ["false"] else ["false"]
    return out


# --- the records ------------------------------------------------------------------------------

def wang_fang() -> dict:
    """Both modules completed (best of several practice attempts), assessment passed 4/5."""
    return record(
        learner("wang-fang", "王芳", "director", "hexi", "河西区某某街道社区居委会"),
        {"care-system": {"policy-and-network": ts(11, 1), "my-role": ts(11, 2)},
         "warning-signs": {"noticing": ts(11, 4)},
         "no-such-module": {"old-lesson": ts(10, 1)}},          # lessons of a module the repo no longer has: ignored
        [practice("care-system", key_answers("care-system", 3), ts(11, 3, 8), ts(11, 3, 8, 20), "wf/cs/1"),
         practice("care-system", key_answers("care-system", 1), ts(11, 3, 9), ts(11, 3, 9, 15), "wf/cs/2"),
         practice("care-system", key_answers("care-system", 0), ts(11, 5, 9), ts(11, 5, 9, 15), "wf/cs/3"),
         practice("warning-signs", key_answers("warning-signs", 1), ts(11, 6, 9), ts(11, 6, 9, 10), "wf/ws/1"),
         practice("warning-signs", key_answers("warning-signs", 1), ts(11, 7, 9), ts(11, 7, 9, 10), "wf/ws/2"),
         assessment(ANNUAL_FIVE, annual_answers(ANNUAL_FIVE, 1), ts(11, 10, 9), ts(11, 10, 9, 30), "wf/annual/1")],
        ts(11, 12, 10))


def li_ming(later: bool) -> dict:
    """Two exports of the same browser: the later one repeats the earlier attempts (same ids)."""
    who = learner("li-ming", "李明", "supervisor", "nankai", "南开区某某街道办事处" if later else "南开区某某街道")
    asked2 = ["a-ask", "a-record", "a-selfcare", "a-report", "a-refer"]
    lessons = {"care-system": {"policy-and-network": ts(11, 1), "my-role": ts(11, 1, 9)}}
    attempts = [practice("care-system", key_answers("care-system", 1), ts(11, 2), ts(11, 2, 8, 30), "lm/cs/1"),
                practice("warning-signs", key_answers("warning-signs", 0), ts(11, 3), ts(11, 3, 8, 10), "lm/ws/1"),
                assessment(ANNUAL_FIVE, annual_answers(ANNUAL_FIVE, 3), ts(11, 6), ts(11, 6, 8, 30), "lm/annual/1")]
    if later:
        lessons["warning-signs"] = {"noticing": ts(11, 15)}
        attempts.append(assessment(asked2, annual_answers(asked2, 0), ts(11, 18), ts(11, 18, 8, 25), "lm/annual/2"))
    return record(who, lessons, attempts, ts(11, 20) if later else ts(11, 8))


def zhao() -> dict:
    """Text that needs escaping in HTML and guarding in CSV; one module completed, no assessment."""
    return record(
        learner("zhao", "赵晓雨", "teacher", "binhai", '"阳光"学校 & <二部>', '=HYPERLINK("x")'),
        {"care-system": {"policy-and-network": ts(11, 2), "my-role": ts(11, 2, 9)}},
        [practice("care-system", key_answers("care-system", 0), ts(11, 3), ts(11, 3, 8, 12), "zx/cs/1")],
        ts(11, 4))


def chen() -> dict:
    """Lessons read, nothing completed."""
    return record(learner("chen", "陈静", "institution", "other", "某儿童福利院"),
                  {"care-system": {"policy-and-network": ts(11, 9)}}, [], ts(11, 9, 12))


def bad_records() -> dict[str, bytes]:
    out = {}
    base = record(learner("bad-base", "刘洋", "director", "hedong", "河东区某社区"),
                  {"care-system": {"policy-and-network": ts(11, 1), "my-role": ts(11, 1, 9)}},
                  [practice("care-system", key_answers("care-system", 0), ts(11, 2), ts(11, 2, 8, 30), "bad/cs/1")],
                  ts(11, 3))

    def variant(key: str) -> dict:
        r = copy.deepcopy(base)
        r["learner"]["id"] = uid("learner/bad/" + key)
        for i, a in enumerate(r["attempts"]):
            a["id"] = uid(f"bad/{key}/{i}")
        return r

    text = pretty(variant("malformed-json")).decode("utf-8")
    out["malformed-json"] = text.replace('"format_version": 1,', '"format_version": 1', 1).encode("utf-8")
    out["gbk-encoding"] = pretty(seal(variant("gbk-encoding"))).decode("utf-8").encode("gbk")
    out["utf16-encoding"] = pretty(seal(variant("utf16-encoding"))).decode("utf-8").encode("utf-16")
    whole = compact(seal(variant("truncated")))
    out["truncated"] = whole[: len(whole) * 3 // 5]
    r = variant("unknown-bank")
    r["attempts"][0]["bank"] = "no-such-bank"
    out["unknown-bank"] = compact(seal(r))
    r = variant("missing-field")
    del r["learner"]["district"]
    out["missing-field"] = compact(seal(r))
    r = variant("altered-score")          # answers worth 2/5, claimed as a pass, checksum renewed
    r["attempts"][0]["answers"] = key_answers("care-system", 3)
    r["attempts"][0]["claimed"] = {"correct": 5, "total": 5, "passed": True}
    out["altered-score"] = compact(seal(r))
    r = seal(variant("altered-answers"))  # sealed first, then an answer changed: the checksum no longer fits
    r["attempts"][0]["answers"]["home-visit"] = ["b"]
    out["altered-answers"] = compact(r)
    r = variant("future-dates")
    r["attempts"][0]["started_at"] = ts(1, 1, 7, year=2099)
    r["attempts"][0]["submitted_at"] = ts(1, 1, 7, 30, year=2099)
    r["exported_at"] = ts(1, 1, 8, year=2099)
    out["future-dates"] = compact(seal(r))
    r = variant("wrong-format-version")
    r["format_version"] = 2
    out["wrong-format-version"] = compact(seal(r))
    r = variant("unknown-option")
    r["attempts"][0]["answers"]["role-first-step"] = ["z"]
    out["unknown-option"] = compact(seal(r))
    r = variant("old-bank-version")
    r["attempts"].append(practice("warning-signs", key_answers("warning-signs", 0), ts(11, 2, 9), ts(11, 2, 9, 10), "bad/ws/old"))
    r["attempts"][1]["bank_version"] = 1  # the fixture bank is at version 2
    out["old-bank-version"] = compact(seal(r))
    out["duplicate"] = compact(wang_fang())  # same record as valid/wang-fang.json, other layout: same checksum
    return out


def valid_records() -> dict[str, bytes]:
    return {
        "wang-fang": pretty(wang_fang()),                         # exactly as the browser downloads it
        "li-ming-1": b"\xef\xbb\xbf" + pretty(li_ming(False)) + b"\r\n",   # saved again by an editor: BOM, CRLF
        "li-ming-2": pretty(li_ming(True)),
        "zhao": compact(zhao()),                                  # compact canonical layout
        "chen": pretty(chen()),
    }


def main() -> int:
    for kind, files in (("valid", valid_records()), ("bad", bad_records())):
        folder = RECORDS / kind
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
        for name, data in files.items():
            (folder / f"{name}.json").write_bytes(data)
        print(f"{folder.relative_to(ROOT)}: {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
