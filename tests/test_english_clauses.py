"""English pages write clauses of the Tianjin policy as the catalog does, 2(2)3, never 二（二）3
(issue #15: a Chinese clause number means nothing to an English reader)."""
from pathlib import Path

from humiao import markdown_source
from humiao.courses import check_page_pair, clause_label
from humiao.problems import Report

ZH = "# 标题\n\n依据：津民发〔2024〕10号 二（二）3。\n"
EN = "# Title\n\nBasis: 津民发〔2024〕10号 二（二）3 and 二（六）13.\n"


def test_english_page_with_a_chinese_clause_number_is_p007_naming_the_english_form(tmp_path):
    report = Report(tmp_path)
    zh = markdown_source.parse_text(tmp_path / "x.md", ZH)
    en = markdown_source.parse_text(tmp_path / "x.en.md", EN)
    check_page_pair(zh, en, report)
    found = [(p.code, p.line, p.path) for p in report.problems]
    assert found == [("P007", 3, "x.en.md"), ("P007", 3, "x.en.md")]
    assert "2(2)3" in report.problems[0].message and "2(6)13" in report.problems[1].message


def test_chinese_page_keeps_its_clause_numbers(tmp_path):
    report = Report(tmp_path)
    page = markdown_source.parse_text(tmp_path / "x.md", ZH)
    check_page_pair(page, markdown_source.parse_text(tmp_path / "x.en.md", EN.replace("二（二）3", "2(2)3").replace("二（六）13", "2(6)13")), report)
    assert report.problems == []
    assert clause_label("二（六）13", "zh") == "二（六）13" and clause_label("二（六）13", "en") == "2(6)13"
