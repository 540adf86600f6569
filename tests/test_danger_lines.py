"""Danger lines (data/danger-lines.yml, <!-- danger: id -->): a parent page that speaks of a danger
topic carries its line (G004), a handout never drops a line of its guide (G005), a shortcode names a
line that exists (H003), the data file has its shape (G006); every check runs in the build too."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT

from humiao import content as content_mod
from humiao import danger
from humiao.problems import Report

GUIDE_WITH_LINE = "# 孩子说不想活了\n\n<!-- danger: suicide-talk -->\n\n孩子说想死时，今天就行动。\n"


@pytest.fixture
def root(tmp_path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(ROOT / danger.SOURCE, tmp_path / danger.SOURCE)
    (tmp_path / "docs" / "parents" / "handouts").mkdir(parents=True)
    return tmp_path


def write(root: Path, rel: str, text: str):
    (root / "docs" / "parents" / rel).write_text(text, encoding="utf-8")


def problems(root: Path) -> set[tuple[str, str, int]]:
    report = Report(root)
    danger.check_pages(root, danger.load(root, report), report)
    return {(p.code, p.path, p.line) for p in report.problems}


def test_page_that_speaks_of_wanting_to_die_carries_the_suicide_line(root):
    write(root, "guide.md", "# 指南\n\n孩子心情不好。\n\n孩子说“不想活了”怎么办？\n")
    assert problems(root) == {("G004", "docs/parents/guide.md", 5)}
    write(root, "guide.md", GUIDE_WITH_LINE)
    assert problems(root) == set()


def test_english_triggers_match_whole_words_in_english_pages(root):
    write(root, "guide.en.md", "# Guide\n\nAbusers are rare.\n\nIf your child was abused, act.\n")
    assert problems(root) == {("G004", "docs/parents/guide.en.md", 5)}


def test_handout_keeps_every_danger_line_of_its_guide(root):
    write(root, "guide.md", GUIDE_WITH_LINE)
    write(root, "handouts/guide.md", "# 一页版\n\n陪着孩子，今天就找人帮忙。\n")
    assert problems(root) == {("G005", "docs/parents/handouts/guide.md", 1)}


def test_unknown_danger_line_is_an_error(root):
    write(root, "guide.md", "# 指南\n\n<!-- danger: suicide -->\n")
    assert problems(root) == {("H003", "docs/parents/guide.md", 3)}


def test_danger_line_file_has_its_shape(root):
    path = root / danger.SOURCE
    path.write_text("lines:\n  - id: x\n    when: {zh: 甲, en: A}\n    do: {zh: 乙, en: B}\n    triggers: {zh: [丙]}\n",
                    encoding="utf-8")
    report = Report(root)
    assert danger.load(root, report) == {}
    assert {(p.code, p.line) for p in report.problems} == {("G006", 5)}


def test_the_handouts_index_only_names_handouts(root):
    write(root, "handouts/index.md", "# 一页版\n\n- 如果孩子说“不想活了”\n")
    assert problems(root) == set()


def test_render_makes_call_buttons_and_escapes_text():
    line = {"id": "x", "when": {"zh": "<b>孩子</b>", "en": "A"}, "do": {"zh": "拨打 12356 或 110；再拨 110。", "en": "B"}}
    out = danger.render(line, "zh")
    assert "&lt;b&gt;孩子&lt;/b&gt;" in out and "拨打 12356 或 110；再拨 110。" in out
    assert out.count('href="tel:') == 2
    assert '<p class="hm-danger-calls"><a class="hm-tel" href="tel:12356">12356</a> <a class="hm-tel" href="tel:110">110</a></p>' in out


def test_real_parent_pages_carry_their_lines_and_the_build_checks_them():
    """content.load (which every build runs) reports G004/G005; the real pages have none."""
    _, report = content_mod.load(ROOT)
    assert [str(p) for p in report.problems if p.code in ("G004", "G005", "G006", "H003")] == []
    lines = danger.load(ROOT, Report(ROOT))
    assert set(lines) >= {"suicide-talk", "self-harm", "abuse-disclosure", "intimate-images"}
    for line in lines.values():          # a danger line keeps its danger steps in both languages
        for lang in ("zh", "en"):
            assert any(n in line["do"][lang] for n in ("110", "120", "12356")), (line["id"], lang)
    suicide = lines["suicide-talk"]["do"]
    assert "今天" in suicide["zh"] and "陪着孩子" in suicide["zh"] and "12356" in suicide["zh"]
    assert "Act today" in suicide["en"] and "Stay with your child" in suicide["en"]
    abuse = lines["abuse-disclosure"]["do"]
    assert "110" in abuse["zh"] and "儿童主任" in abuse["zh"] and "不要只打心理热线" in abuse["zh"].replace("也不要只打心理热线", "不要只打心理热线")
    assert "不要保存" in lines["intimate-images"]["do"]["zh"] and "110" in lines["intimate-images"]["do"]["zh"]
