"""The validator: real content is clean; every broken fixture is reported with its code and line."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILDABLE, ROOT, build
from humiao import assessment_key, content, directory
from humiao.markdown_source import looks_like_unknown_shortcode
from humiao.problems import Report
from humiao.validate import run

FIXTURES = Path(__file__).parent / "fixtures"


def test_real_content_has_no_errors():
    loaded, report = content.load(ROOT)
    assert [str(p) for p in report.errors] == []
    catalog = yaml.safe_load((ROOT / "courses" / "catalog.yml").read_text(encoding="utf-8"))["modules"]
    assert loaded.curriculum.order == catalog          # every listed module is published, in order


def test_validate_command_exit_status_and_summary():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "validate"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]
    m = re.search(r"validate: (\d+) modules \((\d+) published\), \d+ quiz banks, \d+ directory entries; 0 errors", out.stdout)
    assert m and m.group(1) == m.group(2)


@pytest.fixture
def root(project_copy):
    """A copy of the real content to break one thing at a time."""
    return project_copy()


def problems(root, path=None):
    _, report = content.load(root)
    return [p for p in report.problems if path is None or p.path == path]


def expectation(path: Path):
    code, line = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ").split()
    return code, int(line)


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "quizzes").glob("*.yml")), ids=lambda p: p.stem)
def test_broken_quiz_bank_is_reported_with_line(root, fixture):
    shutil.copy(fixture, root / "quizzes" / fixture.name)
    code, line = expectation(fixture)
    found = [(p.code, p.line) for p in problems(root, f"quizzes/{fixture.name}")]
    assert (code, line) in found, found


@pytest.mark.parametrize("fixture", sorted((FIXTURES / "directory").glob("*.yml")), ids=lambda p: p.stem)
def test_broken_directory_entry_is_reported_with_line(root, fixture):
    shutil.copy(fixture, root / "data" / "directory.yml")
    code, line = expectation(fixture)
    found = [(p.code, p.line) for p in problems(root, "data/directory.yml")]
    assert (code, line) in found, found


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_key(path: Path, key: str, value: str):
    """Replace a top-level YAML key (and its block) with `key: value`."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"(?m)^{key}:.*(?:\n[ -].*)*", f"{key}: {value}", text)
    assert n == 1, key
    path.write_text(new, encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in l)


# Each case breaks one thing in a copy of the crisis module and names the code and file it expects.
MODULE_CASES = {
    "missing-en-lesson": (lambda r: (r / "courses/crisis/what-to-do.en.md").unlink(), "C016", "courses/crisis/module.yml", "- what-to-do"),
    "heading-without-anchor": (lambda r: edit(r / "courses/crisis/what-to-do.md", " { #immediate-danger }", ""), "P001", "courses/crisis/what-to-do.md", "## 立即危险"),
    "zh-en-structure-differs": (lambda r: edit(r / "courses/crisis/what-to-do.en.md", "{ #immediate-danger }", "{ #danger-now }"), "P006", "courses/crisis/what-to-do.en.md", "{ #danger-now }"),
    "unknown-component": (lambda r: edit(r / "courses/crisis/what-to-do.md", "!!! checklist", "!!! recipe"), "P003", "courses/crisis/what-to-do.md", "!!! recipe"),
    "unknown-audience": (lambda r: edit(r / "courses/crisis/module.yml", "  - teacher", "  - parent"), "C007", "courses/crisis/module.yml", "  - parent"),
    "unknown-policy": (lambda r: edit(r / "courses/crisis/module.yml", "M11", "M99"), "C008", "courses/crisis/module.yml", "M99"),
    "unknown-prerequisite": (lambda r: set_key(r / "courses/crisis/module.yml", "prerequisites", "[nowhere]"), "C040", "courses/crisis/module.yml", "prerequisites"),
    "prerequisite-cycle": (lambda r: set_key(r / "courses/warning-signs/module.yml", "prerequisites", "[crisis]"), "C041", None, "prerequisites"),
    "unknown-key": (lambda r: edit(r / "courses/crisis/module.yml", "sensitive: true", "sensitive: true\ncolour: red"), "S002", "courses/crisis/module.yml", "colour: red"),
    "catalog-unknown-module": (lambda r: edit(r / "courses/catalog.yml", "  - crisis\n", "  - crisis\n  - nowhere\n"), "C030", "courses/catalog.yml", "  - nowhere"),
    "phone-typed-by-hand": (lambda r: edit(r / "courses/crisis/what-to-do.md", "拨打 12356", "拨打 12355"), "H001", "courses/crisis/what-to-do.md", "拨打 12355"),
    "missing-lesson-list": (lambda r: edit(r / "courses/crisis/module.yml", "lessons:", "lesson_list:"), "S003", "courses/crisis/module.yml", None),
    "folder-without-module-yml": (lambda r: write(r / "courses/empty/notes.md", "# Notes\n"), "C001", "courses/empty", None),
    "duplicate-module-id": (lambda r: shutil.copytree(r / "courses/crisis", r / "courses/crisis-copy"), "C002", "courses/crisis-copy/module.yml", "id: crisis"),
    "id-not-folder-name": (lambda r: edit(r / "courses/crisis/module.yml", "id: crisis", "id: crises"), "C003", "courses/crisis/module.yml", "id: crises"),
    "unknown-status": (lambda r: edit(r / "courses/crisis/module.yml", "status: published", "status: done"), "C004", "courses/crisis/module.yml", "status: done"),
    "hours-not-in-half-steps": (lambda r: edit(r / "courses/crisis/module.yml", "hours: 2", "hours: 0.3"), "C005", "courses/crisis/module.yml", "hours: 0.3"),
    "sensitive-not-true-or-false": (lambda r: edit(r / "courses/crisis/module.yml", "sensitive: true", "sensitive: maybe"), "C006", "courses/crisis/module.yml", "sensitive: maybe"),
    "prerequisites-not-a-list": (lambda r: set_key(r / "courses/crisis/module.yml", "prerequisites", "warning-signs"), "C009", "courses/crisis/module.yml", "prerequisites"),
    "no-objectives-zh": (lambda r: set_key(r / "courses/crisis/module.yml", "objectives", "{zh: [], en: []}"), "C010", "courses/crisis/module.yml", "objectives"),
    "objectives-en-count": (lambda r: set_key(r / "courses/crisis/module.yml", "objectives", "{zh: [一, 二], en: [one]}"), "C011", "courses/crisis/module.yml", "objectives"),
    "no-lessons": (lambda r: set_key(r / "courses/crisis/module.yml", "lessons", "[]"), "C012", "courses/crisis/module.yml", "lessons"),
    "fixed-page-as-lesson": (lambda r: edit(r / "courses/crisis/module.yml", "  - after-a-crisis", "  - after-a-crisis\n  - job-aid"), "C013", "courses/crisis/module.yml", "  - job-aid"),
    "lesson-listed-twice": (lambda r: edit(r / "courses/crisis/module.yml", "  - after-a-crisis", "  - after-a-crisis\n  - what-to-do"), "C014", "courses/crisis/module.yml", None),
    "page-not-listed": (lambda r: write(r / "courses/crisis/extra.md", "# Extra\n"), "C015", "courses/crisis/extra.md", "# Extra"),
    "page-not-utf8": (lambda r: (r / "courses/crisis/what-to-do.md").write_bytes("# 危机".encode("gb18030")), "C017", "courses/crisis/what-to-do.md", None),
    "one-case-only": (lambda r: edit(r / "courses/crisis/what-to-do.md", "!!! case", "!!! note"), "C020", "courses/crisis/module.yml", None),
    "case-without-answer": (lambda r: edit(r / "courses/crisis/what-to-do.md", "??? answer", "!!! note"), "C021", "courses/crisis/what-to-do.md", "!!! case"),
    "no-keypoints": (lambda r: edit(r / "courses/crisis/after-a-crisis.md", "!!! keypoints", "!!! note"), "C022", "courses/crisis/module.yml", None),
    "no-references": (lambda r: edit_lessons(r, "{ #references }", "{ #sources }"), "C023", "courses/crisis/module.yml", None),
    "sensitive-without-content-note": (lambda r: edit_lessons(r, "!!! content-note", "!!! note"), "C024", "courses/crisis/module.yml", "sensitive: true"),
    "catalog-lists-twice": (lambda r: edit(r / "courses/catalog.yml", "  - crisis\n", "  - crisis\n  - crisis\n"), "C031", "courses/catalog.yml", None),
    "catalog-lists-a-draft": (lambda r: edit(r / "courses/crisis/module.yml", "status: published", "status: draft"), "C032", "courses/catalog.yml", "  - crisis"),
    "module-not-in-catalog": (lambda r: edit(r / "courses/catalog.yml", "  - crisis\n", ""), "C033", "courses/crisis/module.yml", "id: crisis"),
    "anchor-used-twice": (lambda r: edit(r / "courses/crisis/what-to-do.md", "{ #self-harm-injury }", "{ #immediate-danger }"), "P002", "courses/crisis/what-to-do.md", "## 自伤受伤时"),
    "answer-outside-a-case": (lambda r: edit(r / "courses/crisis/what-to-do.md", "!!! case", "!!! note"), "P004", "courses/crisis/what-to-do.md", "??? answer"),
    "page-without-title": (lambda r: edit(r / "courses/crisis/what-to-do.md", "# 危机时怎么做\n", ""), "P005", "courses/crisis/what-to-do.md", None),
    "module-without-practice-bank": (lambda r: (r / "quizzes/crisis.yml").unlink(), "Q030", "courses/crisis/module.yml", "id: crisis"),
    "bank-file-not-yml": (lambda r: write(r / "quizzes/extra.yaml", "id: extra\n"), "Q003", "quizzes/extra.yaml", None),
    "bank-names-another-module": (lambda r: edit(r / "quizzes/crisis.yml", "module: crisis", "module: warning-signs"), "Q031", "quizzes/crisis.yml", None),
}


def write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit_lessons(root: Path, old: str, new: str):
    """Replace `old` in every Chinese lesson page of the crisis module."""
    for page in sorted((root / "courses/crisis").glob("*.md")):
        if page.name.count(".") == 1 and page.stem not in ("job-aid", "trainer-notes"):
            page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_unreadable_key_file_is_reported(tmp_path):
    """The trainer's key file (export-completions --key) that cannot be read is K001, not a crash."""
    report = Report(tmp_path)
    assert assessment_key.load(tmp_path / "annual-assessment.yml", None, report) is None
    assert [(p.code, p.line) for p in report.problems] == [("K001", 1)]


@pytest.mark.parametrize("case", sorted(MODULE_CASES), ids=str)
def test_broken_module_is_reported_with_line(root, case):
    breaker, code, path, needle = MODULE_CASES[case]
    breaker(root)
    found = problems(root)
    hits = [p for p in found if p.code == code and (path is None or p.path == path)]
    assert hits, [str(p) for p in found if p.severity == "error"]
    if path and needle:
        assert line_of(root / path, needle) in [p.line for p in hits], [str(p) for p in hits]


def test_every_problem_reported_in_one_run(root, capsys):
    shutil.copy(FIXTURES / "quizzes" / "key-not-an-option.yml", root / "quizzes")
    shutil.copy(FIXTURES / "directory" / "bad-phone.yml", root / "data" / "directory.yml")
    assert run(root) == 1
    out = capsys.readouterr().out
    assert "quizzes/key-not-an-option.yml:19: Q023" in out and "data/directory.yml:7: D005" in out


def test_missing_translation_fails(root):
    (root / "docs" / "parents" / "grief.en.md").unlink()
    assert any(p.code == "T001" and p.path == "docs/parents/grief.md" for p in problems(root))


def test_stale_directory_entry_warns_not_fails(tmp_path):
    """D013 is a warning, from the 366th day after verified_on: the entry stays in the directory."""
    (tmp_path / "data").mkdir()
    shutil.copy(FIXTURES / "directory" / "stale-entry.yml", tmp_path / "data" / "directory.yml")
    verified = dt.date(2001, 1, 1)
    for days, expected in ((365, []), (366, [("D013", 13, "warning")])):
        report = Report(tmp_path)
        entries = directory.load(tmp_path, report, today=verified + dt.timedelta(days=days))
        assert [e["id"] for e in entries] == ["test-line"]
        assert [(p.code, p.line, p.severity) for p in report.problems] == expected, days


# Hand-written pages: each fixture breaks one rule in a page copied into docs/checks/ or docs/parents/.
PAGE_FIXTURES = sorted((FIXTURES / "pages").glob("*.md")) + sorted((FIXTURES / "parents").glob("*.md"))


@pytest.mark.parametrize("fixture", PAGE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_broken_page_is_reported_with_line(root, fixture):
    folder = "parents" if fixture.parent.name == "parents" else "checks"
    (root / "docs" / folder).mkdir(exist_ok=True)
    shutil.copy(fixture, root / "docs" / folder / fixture.name)
    code, line = expectation(fixture)
    found = [(p.code, p.line) for p in problems(root, f"docs/{folder}/{fixture.name}")]
    assert [f for f in found if f[0] == code] == [(code, line)], found


@pytest.mark.parametrize("line, is_unknown", [
    ("<!-- help -->", False), ("<!--help: family-->", False), ("    <!-- danger: self-harm -->", False),
    ("<!-- referral-guide: start -->", False),
    ("<!-- A lesson: short sections, each ends with something to do. -->", False),
    ("<!-- 待核实 -->", False), ("<!-- todo: check the date -->", False), ("see <!-- halp --> here", False),
    ("<!-- halp -->", True), ("<!-- referral guide -->", True), ("<!-- help family -->", True),
    ("<!-- referal-guide: start -->", True), ("<!-- HELP -->", True), ("<!-- help: family protection -->", True),
    ("    <!-- danger: suicide talk -->", True), ("<!-- help: -->", True),
])
def test_a_comment_that_reads_as_a_shortcode_must_be_a_known_one(line, is_unknown):
    assert looks_like_unknown_shortcode(line) is is_unknown


def test_validate_and_the_build_report_the_same_page_errors(project_copy, capsys):
    """The page-pair and parent-guide rules run in content.load: a strict build stops on them too."""
    root = project_copy(BUILDABLE)
    shutil.copy(FIXTURES / "parents" / "guide-without-help.md", root / "docs" / "parents")
    (root / "docs" / "checks").mkdir()
    shutil.copy(FIXTURES / "pages" / "unknown-shortcode.md", root / "docs" / "checks")
    assert run(root) == 1
    shown = capsys.readouterr().out
    result = build(root)
    assert not result.ok
    for expected in ("docs/parents/guide-without-help.md:1: G001", "docs/checks/unknown-shortcode.md:5: H004",
                     "docs/checks/unknown-shortcode.md:1: T001"):
        assert expected in shown and expected in result.stderr, expected
