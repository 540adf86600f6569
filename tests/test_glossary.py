"""The glossary (data/glossary.yml): a variant the glossary says to avoid is reported wherever content
uses it, with its line and the term to use (G008); the file's own shape is checked (G007); the real
content uses one term per concept; validation (and so every build) runs the check."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

from humiao import content, glossary
from humiao.problems import Report

GLOSSARY = """terms:
  - id: targeted-care
    zh: 精准关爱
    en: targeted care
    avoid: {zh: [], en: [precise care]}
  - id: adverse-childhood-experiences
    zh: 童年不良经历
    en: adverse childhood experiences
    avoid: {zh: [不良童年经历], en: []}
  - id: childrens-centre
    zh: 儿童之家
    en: children's centre
    avoid: {zh: [], en: ["children's home"]}
"""


@pytest.fixture
def root(tmp_path) -> Path:
    """A tiny content tree: the glossary, one lesson pair and one quiz bank."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "courses" / "m").mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    return tmp_path


def write(root: Path, rel: str, text: str):
    (root / rel).write_text(text, encoding="utf-8")


def problems(root: Path) -> list[tuple[str, str, int, str]]:
    report = Report(root)
    glossary.check(root, glossary.load(root, report), report)
    return sorted((p.code, p.path, p.line, p.message) for p in report.problems)


def test_a_variant_is_reported_with_its_line_and_the_term_to_use(root):
    write(root, "courses/m/lesson.md", "# 课\n\n研究关注**不良童年经历**。\n")
    [(code, path, line, message)] = problems(root)
    assert (code, path, line) == ("G008", "courses/m/lesson.md", 3)
    assert "不良童年经历" in message and "write '童年不良经历'" in message
    write(root, "courses/m/lesson.md", "# 课\n\n研究关注**童年不良经历**。\n")
    assert problems(root) == []


def test_english_variants_match_whole_words_any_case_across_lines(root):
    write(root, "quizzes/m.yml", "stem:\n  en: 'Under the principle of \"precise\n    care\", and at the Children’s homes'\n"
          "other:\n  en: An imprecise careless note; the children's centre\n")
    found = [(code, line, message.split(" is ")[0]) for code, _, line, message in problems(root)]
    assert found == [("G008", 2, "'precise care'"), ("G008", 3, "'Children’s homes'")]


def test_chinese_variants_match_across_line_breaks_and_spaces(root):
    write(root, "courses/m/lesson.md", "# 课\n\n研究关注不良\n童年 经历的影响。\n不良童年的经历不算。\n")
    found = [(code, line) for code, _, line, _ in problems(root)]
    assert found == [("G008", 3)]


def test_the_glossary_file_itself_is_checked(root):
    write(root, "data/glossary.yml", GLOSSARY + "  - id: referral\n    zh: 转介\n    en: referral\n"
          "    avoid: {zh: [转介], en: []}\n  - id: targeted-care\n    zh: 精准\n    en: targeted\n    avoid: {zh: []}\n")
    found = problems(root)
    assert [(code, line) for code, _, line, _ in found] == [("G007", 17), ("G007", 18), ("G007", 21)]
    assert "part of the term" in found[0][3]        # it would flag every use of the term itself
    assert "defined twice" in found[1][3] and "zh and en" in found[2][3]


def test_real_content_uses_one_term_per_concept():
    report = Report(ROOT)
    terms = glossary.load(ROOT, report)
    assert {t["id"] for t in terms} >= {"targeted-care", "adverse-childhood-experiences", "look-listen-link"}
    glossary.check(ROOT, terms, report)
    assert [str(p) for p in report.problems] == []


def test_validation_and_the_build_run_the_check(project_copy):
    root = project_copy()
    page = root / "docs" / "parents" / "grandparents.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThe children's home is open on Saturdays.\n", encoding="utf-8")
    _, report = content.load(root)
    found = [(p.code, p.path) for p in report.errors if p.code in ("G007", "G008")]
    assert found == [("G008", "docs/parents/grandparents.en.md")]
