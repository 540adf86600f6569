"""A bank's form must not give its answers away (content guide, "Quiz items"; issue #16): Q040 warns
on a practice bank, Q041 fails an assessment bank; a learner who knows nothing and follows a form
rule passes the annual assessment under 2% of the time."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT

from humiao import assessment_key
from humiao import itemquality as iq
from humiao import quizzes
from humiao.problems import Report


def single(qid, key, texts):
    return {"id": qid, "type": "single", "answer": key,
            "options": [{"id": oid, "text": {"zh": t, "en": t}} for oid, t in zip("abcd", texts)]}


def bank(questions, modes=("practice",)):
    data = {"id": "b", "modes": list(modes), "pass_mark": 0.8, "questions": questions}
    return quizzes.Bank("b", Path("quizzes/b.yml"), data)


def test_key_is_longest_only_when_strictly_longest():
    assert iq.key_is_longest(single("q", "b", ["短", "很长的答案", "中等长"]), "zh")
    assert not iq.key_is_longest(single("q", "b", ["一样长的", "同样长的", "短"]), "zh")   # a tie gives nothing away


def test_longest_key_bank_is_reported_with_its_figure():
    b = bank([single(f"q{i}", "a", ["这是正确而且很长的一项", "错", "也错"]) for i in range(4)])
    report = Report(ROOT)
    iq.check(b, report)
    assert [(p.code, p.severity) for p in report.problems] == [("Q040", "warning")]
    assert "100%" in report.problems[0].message


def test_an_assessment_bank_whose_form_gives_answers_away_is_an_error():
    b = bank([single(f"q{i}", "a", ["这是正确而且很长的一项", "错", "也错"]) for i in range(4)], modes=("assessment",))
    report = Report(ROOT)
    iq.check(b, report)
    assert [(p.code, p.severity) for p in report.problems] == [("Q041", "error")]


def test_true_false_keys_must_be_balanced():
    tf = [{"id": f"t{i}", "type": "truefalse", "answer": "false",
           "options": [{"id": "true", "text": {"zh": "对", "en": "True"}}, {"id": "false", "text": {"zh": "错", "en": "False"}}]}
          for i in range(4)]
    f = iq.figures(bank(tf))
    assert (f.tf_true, f.tf_false) == (0, 4)
    assert any("true/false" in m for m in f.problems())


def test_multiple_answer_items_must_vary_in_key_count():
    def multi(i, keys):
        return {"id": f"m{i}", "type": "multiple", "answer": keys,
                "options": [{"id": o, "text": {"zh": o, "en": o}} for o in "abcd"]}
    same = bank([multi(i, ["a", "b"]) for i in range(3)])
    varied = bank([multi(0, ["a"]), multi(1, ["a", "b"]), multi(2, ["a", "b", "c", "d"])])
    assert any("vary" in m for m in iq.figures(same).problems())
    assert iq.figures(varied).problems() == []


def test_real_practice_banks_give_no_answer_away_by_length():
    """Q040 on the real banks: the figures are printed by ./portal validate."""
    report = Report(ROOT)
    banks = quizzes.load_all(ROOT, report)
    banks.update(assessment_key.repository_keys(ROOT, banks, report))   # the annual bank with its demo key
    longest = {b.id: iq.figures(b).longest_share for b in banks.values()}
    too_long = {k: f"{v:.0%}" for k, v in longest.items() if v > iq.MAX_LONGEST_SHARE}
    assert too_long == {}


def test_guessing_by_form_rarely_passes_the_annual_assessment():
    report = Report(ROOT)
    b = assessment_key.repository_keys(ROOT, quizzes.load_all(ROOT, report), report)["annual-assessment"]
    draws = iq.uniform_draws(b, 20000, seed=7)
    rates = {(s, lang): iq.simulate_guessing(b, draws, s, lang) for s in iq.STRATEGIES for lang in ("zh", "en")}
    assert max(rates.values()) < 0.02, rates
