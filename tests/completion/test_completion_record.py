"""record.verify on single records built in the test: each rule, its field and its reason."""
from __future__ import annotations

import copy
import json

import pytest

from completion_helpers import MF, NOW, SITE, demo_key
from humiao.completion import items as itemstats
from humiao.completion.record import (TRUNCATED, Record, Reject, checksum_of, load_catalog, verify)

CAT = load_catalog(SITE, [demo_key()])
NOW_MS = int(NOW.timestamp() * 1000)


def check(data: bytes, **kw):
    return verify(data, "r.json", CAT, NOW_MS, **kw)


def base() -> dict:
    return copy.deepcopy(MF.wang_fang())


def sealed(r: dict) -> bytes:
    return MF.compact(MF.seal(r))


def file_reject(res) -> tuple:
    assert isinstance(res, Reject), res
    return res.field, res.reason


def attempt_rejects(res) -> list:
    assert isinstance(res, Record), res
    return [(r.field, r.reason) for r in res.rejects]


def test_compact_pretty_and_bom_are_the_same_record():
    r = MF.wang_fang()
    a, b, c = check(MF.compact(r)), check(MF.pretty(r)), check(b"\xef\xbb\xbf" + MF.pretty(r) + b"\r\n")
    assert isinstance(a, Record)
    assert a._replace(file="") == b._replace(file="") == c._replace(file="")
    assert a.checksum == checksum_of(r)
    assert sorted(a.completed) == ["care-system", "warning-signs"]


def test_browser_key_order_uses_the_slow_path():
    r = MF.wang_fang()
    shuffled = {k: r[k] for k in ("checksum", "learner", "attempts", "lessons", "format", "format_version", "site_version", "exported_at")}
    assert isinstance(check(json.dumps(shuffled, ensure_ascii=False).encode("utf-8")), Record)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n", "empty file"),
    (b"[1, 2]", "not a Humiao completion record (the file holds a list, not an object)"),
    (b'{"format": "humiao-completion-record", "format_version": 1, "site_ver', TRUNCATED),
    ('{"learner": {"name": "王'.encode("utf-8")[:-1], TRUNCATED),                # cut inside a character
    (b"{'format': 1}", "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
    (b"[" * 100000, "not valid JSON: nested too deeply"),
])
def test_unreadable_files(data, reason):
    res = check(data)
    assert isinstance(res, Reject) and res.reason == reason


def test_not_a_record():
    assert file_reject(check(b'{"a": 1}')) == ("format", "required field is missing: not a Humiao completion record?")
    assert file_reject(check(b'{"format": "other"}')) == ("format", "not a Humiao completion record (format is 'other')")


@pytest.mark.parametrize("edit, field, reason", [
    (lambda r: r.update(extra=1), "extra", "unknown field in a record (format version 1 has: format, format_version, "
                                           "site_version, exported_at, learner, lessons, attempts, checksum)"),
    (lambda r: r["learner"].update(role="boss"), "learner.role",
     "unknown role 'boss' (known: supervisor, director, institution, teacher, other)"),
    (lambda r: r["learner"].update(name="  "), "learner.name", "is empty"),
    (lambda r: r["learner"].update(name="王\n芳"), "learner.name",
     "contains a control character U+000A: retype it on the My progress page"),
    (lambda r: r["learner"].update(id="../../etc"), "learner.id",
     "must be the browser's learner id (8–64 letters, digits, '-' or '_')"),
    (lambda r: r.update(exported_at="2025-11-12 10:00"), "exported_at", "not an ISO-8601 date and time: '2025-11-12 10:00'"),
    (lambda r: r.update(exported_at="2025-11-12T10:00:00"), "exported_at", "date and time without a time zone: '2025-11-12T10:00:00'"),
    (lambda r: r["lessons"]["care-system"].update({"my-role": 5}), "lessons.care-system.my-role",
     "must be a date and time like 2026-11-28T10:00:00.000Z, found a number"),
    (lambda r: r["attempts"][0].update(bank_version=1.0), "attempts[0].bank_version", "must be a whole number, found 1.0"),
    (lambda r: r["attempts"][0].update(mode="exam"), "attempts[0].mode", "must be practice or assessment, found 'exam'"),
    (lambda r: r["attempts"][0]["answers"].update({"home-visit": "a"}), "attempts[0].answers.home-visit",
     "must be a list of option ids, found text"),
    (lambda r: r["attempts"][0]["answers"].update({"home-visit": [["a"]]}), "attempts[0].answers.home-visit",
     "must be a list of option ids (text)"),
    (lambda r: r["attempts"][0].update(claimed=None), "attempts[0].claimed", "must be an object, found null"),
    (lambda r: r["attempts"][5].update(claimed={"correct": 5, "total": 5, "passed": True}), "attempts[5].claimed",
     "must be null for an assessment attempt (the browser has no key to score it)"),
    (lambda r: r["lessons"]["care-system"].update({"my-role": "2099-01-02T00:00:00.000Z"}), "lessons.care-system.my-role",
     "in the future (2099-01-02T00:00:00.000Z): check the device's clock"),
])
def test_file_rejects(edit, field, reason):
    r = base()
    edit(r)
    assert file_reject(check(sealed(r))) == (field, reason)


def test_checksum_rules():
    r = base()
    r["attempts"][0]["answers"]["home-visit"] = ["b"]
    assert file_reject(check(MF.compact(r))) == ("checksum", "does not match the content: the file was edited or damaged after it was exported")
    r = MF.seal(base())
    r["checksum"] = r["checksum"].upper()
    assert file_reject(check(MF.compact(r))) == ("checksum", "must be 'sha256:' followed by 64 lower-case hex digits")
    # an unpaired surrogate cannot be UTF-8: rejected by name before the checksum, never a crash
    text = MF.compact(MF.seal(base())).decode("utf-8").replace("王芳", "\\ud800")
    assert file_reject(check(text.encode("utf-8"))) == (
        "", "not valid Unicode text: an unpaired surrogate (\\ud800-\\udfff) in learner.name")
    # the checksum member inside a text value does not fool the fast path
    r = base()
    r["learner"]["organisation"] = ',"checksum":"sha256:' + "0" * 64 + '"'
    assert isinstance(check(sealed(r)), Record)


@pytest.mark.parametrize("edit, field, reason", [
    (lambda a: a.update(submitted_at="2025-11-03T07:00:00.000Z"), "attempts[0].submitted_at",
     "before started_at (2025-11-03T07:00:00.000Z < 2025-11-03T08:00:00.000Z)"),
    (lambda a: a.update(started_at="2099-01-01T00:00:00.000Z", submitted_at="2099-01-01T00:10:00.000Z"), "attempts[0].started_at",
     "in the future (2099-01-01T00:00:00.000Z): check the device's clock"),
    (lambda a: a.update(asked=a["asked"][:4]), "attempts[0].asked",
     "a practice attempt asks every question of the bank: 1 of 5 are missing"),
    (lambda a: a.update(asked=a["asked"] + ["home-visit"]), "attempts[0].asked", "lists question 'home-visit' twice"),
    (lambda a: a.update(asked=a["asked"][:4] + ["extra-q"]), "attempts[0].asked", "unknown question 'extra-q' in bank 'care-system' version 1"),
    (lambda a: a["answers"].update({"role-first-step": ["a", "b"]}), "attempts[0].answers.role-first-step",
     "question 'role-first-step' takes one answer; 2 are chosen"),
    (lambda a: a["answers"].update({"network-places": ["a", "a"]}), "attempts[0].answers.network-places", "option 'a' is chosen twice"),
    (lambda a: a.update(mode="assessment", claimed=None), "attempts[0].mode", "bank 'care-system' has no assessment mode (it has: practice)"),
    (lambda a: a.update(bank_version=7), "attempts[0].bank_version",
     "version 7 of bank 'care-system' is newer than the repository's version 1: update the portal and run it again"),
])
def test_attempt_rejects(edit, field, reason):
    r = base()
    edit(r["attempts"][0])
    res = check(sealed(r))
    assert attempt_rejects(res) == [(field, reason)]
    assert "care-system" in res.completed          # the other passing attempts still count


def test_assessment_rules():
    r = base()
    a = r["attempts"][5]
    a["asked"] = a["asked"][:4]
    a["answers"].pop("a-notice")
    assert attempt_rejects(check(sealed(r))) == [("attempts[5].asked", "an assessment attempt draws exactly 5 questions; this one lists 4")]
    r = base()
    r["attempts"][5]["answers"] = {}
    res = check(sealed(r))
    assert attempt_rejects(res) == [("attempts[5]", "assessment not passed: 0/5 (0%), pass mark 60%")]
    assert res.passed is None and res.best[:2] == (0, 5)   # not passed, still the best attempt on show


def test_forged_pass_with_renewed_checksum_is_caught():
    """Someone edits the claimed score and renews the checksum: re-grading still says no."""
    r = base()
    for a in r["attempts"][:3]:
        a["answers"] = MF.key_answers("care-system", 4)
        a["claimed"] = {"correct": 5, "total": 5, "passed": True}
    res = check(sealed(r))
    assert [f for f, _ in attempt_rejects(res)] == ["attempts[0].claimed", "attempts[1].claimed", "attempts[2].claimed"]
    assert "care-system" not in res.completed


def test_duplicate_attempt_id_in_one_record():
    r = base()
    r["attempts"][1]["id"] = r["attempts"][0]["id"]
    assert attempt_rejects(check(sealed(r))) == [("attempts[1].id", "attempt id used twice in this record (also attempts[0])")]


def test_completion_needs_every_lesson():
    r = base()
    del r["lessons"]["care-system"]["my-role"]
    res = check(sealed(r))
    assert sorted(res.completed) == ["warning-signs"]
    c, t, submitted, completed = res.completed["warning-signs"]
    assert (c, t) == (3, 4) and completed == submitted       # lesson read before the attempt


def test_item_statistics_by_hand():
    """Point-biserial of one item against the attempt score, computed by hand."""
    acc = itemstats.ItemAcc()
    data = [  # (correct on q1?, score c of t=4)
        (1, 4), (1, 3), (0, 2), (0, 1), (1, 2),
    ]
    for x, c in data:
        acc.add("warning-signs", c, 4, ["sleep-change"], ["a" if x else "b"])
    acc.add("warning-signs", 2, 4, ["sleep-change"], [""])                     # asked, not answered
    row = next(s for s in itemstats.statistics(acc, CAT, min_sample=1) if s["question"] == "sleep-change")
    xs = [x for x, _ in data] + [0]
    ys = [c / 4 for _, c in data] + [0.5]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / n
    sx = (sum((x - mx) ** 2 for x in xs) / n) ** 0.5
    sy = (sum((y - my) ** 2 for y in ys) / n) ** 0.5
    assert row["attempts"] == 6 and row["correct"] == 3
    assert row["pbis"] == pytest.approx(cov / (sx * sy))
    rest = [(c - x) / 3 for x, c in data] + [2 / 3]
    mr = sum(rest) / n
    sr = (sum((r - mr) ** 2 for r in rest) / n) ** 0.5
    assert row["pbis_rest"] == pytest.approx(sum((x - mx) * (r - mr) for x, r in zip(xs, rest)) / n / (sx * sr))
    assert itemstats.choices_text(row) == "a* 3 (50%); b 2 (33%); c 0 (0%); d 0 (0%); (no answer) 1 (17%)"
    # taking a contribution back leaves exactly what was there before
    before = itemstats.statistics(acc, CAT, min_sample=1)
    acc.add("warning-signs", 3, 4, ["sleep-change"], ["a"])
    acc.add("warning-signs", 3, 4, ["sleep-change"], ["a"], sign=-1)
    assert itemstats.statistics(acc, CAT, min_sample=1) == before
    assert row["attempts"] < itemstats.MIN_SAMPLE and itemstats.statistics(acc, CAT)[0]["pbis"] is None


def test_choice_strings_cannot_smuggle_options():
    """An option id with the internal separator in it is not two options."""
    r = base()
    r["attempts"][2]["answers"]["network-places"] = ["a\x1fc"]
    assert attempt_rejects(check(sealed(r))) == [("attempts[2].answers.network-places",
                                                  "unknown option 'a\x1fc' for question 'network-places' (options: a, b, c, d)")]
    r = base()
    r["attempts"][2]["answers"]["network-places"] = ["c", "a"]            # any order of a multiple answer
    res = check(sealed(r))
    assert attempt_rejects(res) == [] and res.completed["care-system"][:2] == (5, 5)
    r = base()
    r["attempts"][2]["answers"]["report-duty"] = []                        # unanswered: wrong, not invalid
    r["attempts"][2]["claimed"] = {"correct": 4, "total": 5, "passed": True}
    assert attempt_rejects(check(sealed(r))) == []


def test_missing_answer_entry_counts_as_unanswered():
    """The browser always writes every asked question; a record without one is still graded."""
    r = base()
    a = r["attempts"][2]                                                   # 5/5 passed
    del a["answers"]["report-duty"]
    a["claimed"] = {"correct": 4, "total": 5, "passed": True}
    res = check(sealed(r), keep=True)
    assert attempt_rejects(res) == []
    att = next(x for x in res.attempts if x.id == a["id"])
    assert (att.correct, att.total) == (4, 5) and "" in att.items[1]


def test_discrimination_needs_a_minimum_sample():
    def stats(n):
        acc = itemstats.ItemAcc()
        for i in range(n):
            acc.add("warning-signs", i % 4 + 1, 4, ["sleep-change"], ["a" if i % 2 else "b"])
        return next(s for s in itemstats.statistics(acc, CAT) if s["question"] == "sleep-change")
    assert stats(itemstats.MIN_SAMPLE - 1)["pbis"] is None and stats(itemstats.MIN_SAMPLE - 1)["share"] is not None
    assert stats(itemstats.MIN_SAMPLE)["pbis"] is not None


def test_regrading_gives_what_quizzes_grade_gives():
    """The verifier grades checked choice strings (BankInfo.grade); quizzes.grade is the rule. Every
    valid choice of every question of every bank, alone and in a whole attempt, grades the same."""
    import random
    from humiao import quizzes
    from humiao.completion.catalog import SEP
    rng = random.Random(17)
    assert CAT.banks                                             # the fixture site has banks to check
    for bank in CAT.banks.values():
        for q in bank.qids:
            for choice in bank.choices[q]:
                chosen = choice.split(SEP) if choice else []
                assert bank.grade([q], (choice,)) == _graded(quizzes.grade(bank.bank, {q: chosen}, [q])), (bank.id, q, chosen)
        for _ in range(50):
            asked = rng.sample(bank.qids, min(len(bank.qids), bank.draw))
            choices = tuple(rng.choice(sorted(bank.choices[q])) for q in asked)
            answers = {q: c.split(SEP) if c else [] for q, c in zip(asked, choices)}
            assert bank.grade(asked, choices) == _graded(quizzes.grade(bank.bank, answers, asked))


def _graded(result: dict) -> tuple:
    return len(result["correct"]), result["total"], result["passed"]
