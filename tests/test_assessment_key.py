"""The annual key is the trainer's (issue #16): an assessment bank carries no key or feedback (Q042);
its key file must fit the bank (K002–K007); the repository holds demo keys only (K008, K009); the
built site and the offline package carry none of the key's answers or feedback."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT

from humiao import assessment_key as ak
from humiao import quizzes
from humiao.problems import Report

BANK = """id: exam
module: curriculum
version: 2
title: {zh: 考核, en: Exam}
modes: [assessment]
pass_mark: 0.8
questions:
  - id: one
    type: single
    prompt: {zh: 先做什么？, en: What first?}
    options:
      - {id: a, text: {zh: 陪着孩子, en: Stay with the child}}
      - {id: b, text: {zh: 先回家, en: Go home first}}
    see: crisis/what-to-do#immediate-danger
  - id: two
    type: truefalse
    prompt: {zh: 问了不会让孩子更想, en: Asking does not put the idea there}
    options:
      - {id: "true", text: {zh: 对, en: "True"}}
      - {id: "false", text: {zh: 错, en: "False"}}
    see: crisis/what-to-do#immediate-danger
"""
KEY = """bank: exam
bank_version: 2
key_version: test
demo: true
questions:
  - id: one
    answer: a
    feedback:
      a: {zh: 对。, en: Right.}
      b: {zh: 不对。, en: Wrong.}
  - id: two
    answer: "true"
    feedback:
      "true": {zh: 对。, en: Right.}
      "false": {zh: 不对。, en: Wrong.}
"""


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "quizzes" / "keys").mkdir(parents=True)
    (tmp_path / "quizzes" / "exam.yml").write_text(BANK, encoding="utf-8")
    return tmp_path


def bank(root):
    report = Report(root)
    b = quizzes.load_bank(root / "quizzes" / "exam.yml", report)
    assert report.problems == []
    return b


def key_problems(root, text, in_repository=False):
    path = root / "k.yml"
    path.write_text(text, encoding="utf-8")
    report = Report(root)
    key = ak.load(path, bank(root), report, in_repository)
    return key, {(p.code, p.line) for p in report.problems}


def test_a_fitting_key_grades_the_bank(root):
    key, problems = key_problems(root, KEY)
    assert problems == set()
    keyed = ak.keyed(bank(root), key)
    assert quizzes.grade(keyed, {"one": ["a"], "two": ["true"]})["passed"]
    assert "answer" not in bank(root).questions[0]          # the public bank is unchanged


def test_assessment_bank_carries_no_key_or_feedback(root):
    (root / "quizzes" / "exam.yml").write_text(BANK.replace("    see: crisis/what-to-do#immediate-danger\n  - id: two",
                                                            "    answer: a\n    see: crisis/what-to-do#immediate-danger\n  - id: two"),
                                               encoding="utf-8")
    report = Report(root)
    quizzes.load_bank(root / "quizzes" / "exam.yml", report)
    assert [(p.code, p.line) for p in report.problems] == [("Q042", 14)]


@pytest.mark.parametrize("change, code, line", [
    (("bank: exam", "bank: other"), "K002", 1),
    (("bank_version: 2", "bank_version: 1"), "K003", 2),
    (("  - id: two", "  - id: three"), "K004", 11),
    (("    answer: a\n", "    answer: c\n"), "K006", 7),
    (("      b: {zh: 不对。, en: Wrong.}\n", ""), "K007", 8),
])
def test_key_file_must_fit_its_bank(root, change, code, line):
    _, problems = key_problems(root, KEY.replace(*change))
    assert (code, line) in problems


def test_every_question_needs_its_key(root):
    text = KEY[:KEY.index("  - id: two")]
    key, problems = key_problems(root, text)
    assert key is None and ("K005", 5) in problems


def test_a_key_in_the_repository_must_be_a_demo_key(root):
    _, problems = key_problems(root, KEY.replace("demo: true\n", ""), in_repository=True)
    assert problems == {("K008", 1)}


def test_keys_folder_holds_only_demo_keys_of_assessment_banks(root):
    (root / "quizzes" / "keys" / "exam.yml").write_text(KEY, encoding="utf-8")
    (root / "quizzes" / "keys" / "exam.demo.yml").write_text(KEY, encoding="utf-8")
    report = Report(root)
    keyed = ak.repository_keys(root, {"exam": bank(root)}, report)
    assert [(p.path, p.code) for p in report.problems] == [("quizzes/keys/exam.yml", "K009")]
    assert set(keyed) == {"exam"}


def test_the_real_annual_bank_has_no_key_and_its_demo_key_fits():
    report = Report(ROOT)
    banks = quizzes.load_all(ROOT, report)
    annual = banks["annual-assessment"]
    assert annual.is_assessment
    assert not any("answer" in q or any("feedback" in o for o in q["options"]) for q in annual.questions)
    keyed = ak.repository_keys(ROOT, banks, report)
    assert "annual-assessment" in keyed and [p for p in report.errors if p.code.startswith("K")] == []
    demo = yaml.safe_load((ROOT / "quizzes" / "keys" / "annual-assessment.demo.yml").read_text(encoding="utf-8"))
    assert demo["demo"] is True


def test_site_and_offline_package_carry_no_part_of_the_key(site, offline_site):
    demo = yaml.safe_load((ROOT / "quizzes" / "keys" / "annual-assessment.demo.yml").read_text(encoding="utf-8"))
    feedback = [fb[lang] for q in demo["questions"] for fb in q["feedback"].values() for lang in ("zh", "en")]
    long_enough = [f for f in feedback if len(f) > 24]
    for folder in (site, offline_site):
        for page in folder.rglob("*"):
            if page.suffix in (".html", ".json", ".js") and "annual-assessment" in page.as_posix() or page.name == "search_index.json":
                text = page.read_text(encoding="utf-8", errors="replace")
                leaked = [f for f in long_enough if f in text]
                assert leaked == [], (page, leaked[:1])
