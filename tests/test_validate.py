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

from conftest import ROOT, mkdocs_build
from humiao import content, directory
from humiao.mdsrc import looks_like_unknown_shortcode
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
def root(tmp_path):
    """A copy of the real content to break one thing at a time."""
    for name in ("courses", "quizzes", "data", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


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
}


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


def test_validate_and_the_build_report_the_same_page_errors(root, capsys):
    """The page-pair and parent-guide rules run in content.load: a strict build stops on them too."""
    for part in ("scripts", "overrides"):
        shutil.copytree(ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(FIXTURES / "parents" / "guide-without-help.md", root / "docs" / "parents")
    (root / "docs" / "checks").mkdir()
    shutil.copy(FIXTURES / "pages" / "unknown-shortcode.md", root / "docs" / "checks")
    assert run(root) == 1
    shown = capsys.readouterr().out
    result = mkdocs_build(root / "site", project=root)
    assert result.returncode != 0
    for expected in ("docs/parents/guide-without-help.md:1: G001", "docs/checks/unknown-shortcode.md:5: H004",
                     "docs/checks/unknown-shortcode.md:1: T001"):
        assert expected in shown and expected in result.stderr, expected
