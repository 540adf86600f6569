"""The registry of problem codes (scripts/humiao/problem_codes.py) against the sources and the tests:
every code the loaders report is registered with its severity, every registered code is reported
somewhere, and every registered code is named by a fixture (`# expect: CODE LINE`) or a test.
And the one phone rule: one module owns the phone patterns, and a typed number is reported once."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from humiao import content, phones
from humiao.problem_codes import CODES, ERROR, WARNING

SOURCES = ROOT / "scripts" / "humiao"
TESTS = ROOT / "tests"
CODE_LITERAL = re.compile(r"""["']([A-Z]\d{3})["']""")
REPORT_CALL = re.compile(r"""report\.(error|warning)\((?:[^()]|\([^()]*\))*?["']([A-Z]\d{3})["']""")

# Registered codes that no fixture or test names yet. This set may only shrink: give a code a
# fixture in tests/fixtures/ (make_fixtures.py) or a case in a test, then take it out of here.
NOT_YET_COVERED: set = set()     # every code has a fixture or a test; keep it so


def source_files() -> list[Path]:
    return [p for p in sorted(SOURCES.rglob("*.py")) if p.name != "problem_codes.py"]


def emitted() -> set[str]:
    return {c for p in source_files() for c in CODE_LITERAL.findall(p.read_text(encoding="utf-8"))}


def named_by_tests() -> set[str]:
    named = set()
    for p in (TESTS / "fixtures").rglob("*"):
        if p.is_file() and p.suffix in (".yml", ".md"):
            named |= set(re.findall(r"^# expect: ([A-Z]\d{3})\b", p.read_text(encoding="utf-8"), re.M))
    for p in TESTS.rglob("*.py"):
        if p.name != Path(__file__).name:
            named |= set(CODE_LITERAL.findall(p.read_text(encoding="utf-8")))
    return named


def test_every_code_the_sources_report_is_registered():
    assert sorted(emitted() - set(CODES)) == []


def test_every_registered_code_is_reported_somewhere():
    assert sorted(set(CODES) - emitted()) == []


def test_every_code_is_reported_with_its_registered_severity():
    wrong = []
    for p in source_files():
        for severity, code in REPORT_CALL.findall(p.read_text(encoding="utf-8")):
            if code in CODES and CODES[code].severity != severity:
                wrong.append(f"{p.name}: {code} reported as {severity}, registered as {CODES[code].severity}")
    assert wrong == []
    assert {c.severity for c in CODES.values()} <= {ERROR, WARNING}
    assert all(c.rule and "\n" not in c.rule for c in CODES.values())


def test_every_registered_code_is_named_by_a_fixture_or_a_test():
    missing = set(CODES) - named_by_tests() - NOT_YET_COVERED
    assert sorted(missing) == [], "give each a fixture in tests/fixtures/ or a test naming it"


def test_the_not_yet_covered_list_only_shrinks():
    """A code that gained a fixture or a test leaves NOT_YET_COVERED; no code joins it."""
    assert sorted(NOT_YET_COVERED & named_by_tests()) == [], "covered now: take these out of NOT_YET_COVERED"
    assert NOT_YET_COVERED <= set(CODES)
    assert len(NOT_YET_COVERED) <= 1


def test_validate_codes_prints_the_registry():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "portal.py"), "validate", "--codes"],
                         capture_output=True, text=True, check=True).stdout
    assert all(f"| {c.code} | {c.severity} | {c.rule} |" in out for c in CODES.values())


# --- the one phone rule ---------------------------------------------------------------------

def test_one_module_owns_the_phone_patterns():
    """The allowed typed numbers and the number shapes are written once, in phones.py."""
    pattern = re.compile(r"12356|\\d\{7,8\}|\[48\]00")
    others = [f"{p.name}:{n}" for p in source_files() if p.name != "phones.py"
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if pattern.search(line) and not line.lstrip().startswith("#")]
    assert others == []


@pytest.mark.parametrize("line, found", [
    ("拨打 12356 或 110", []), ("call 120 now", []), ("拨打 12355", ["12355"]), ("022-23456789", ["022-23456789"]),
    ("400-161-9995", ["400-161-9995"]), ("13812345678", ["13812345678"]), ("2024-06-28", []),
    ("https://example.org/a/12345.html 12345", ["12345"]), ("版本 12356.5", []),
])
def test_typed_numbers(line, found):
    assert phones.typed_numbers(line) == found


def test_every_directory_number_has_an_allowed_shape():
    import yaml
    entries = yaml.safe_load((ROOT / "data" / "directory.yml").read_text(encoding="utf-8"))["entries"]
    numbers = [p for e in entries for p in e.get("phones", [])]
    assert numbers and all(phones.is_number(p) for p in numbers)
    assert set(phones.TYPED_OK) <= set(numbers), "the numbers prose may type are directory numbers too"


@pytest.mark.parametrize("target, text", [
    ("data/danger-lines.yml", "# 请拨打 12355\n"),
    ("data/referral.yml", "# 请拨打 12355\n"),
    ("courses/crisis/what-to-do.md", "\n请拨打 12355。\n"),
])
def test_a_typed_number_is_reported_once(project_copy, target, text):
    root = project_copy()
    with (root / target).open("a", encoding="utf-8") as f:
        f.write(text)
    _, report = content.load(root)
    hits = [p for p in report.problems if p.path == target and "12355" in p.message]
    assert [p.code for p in hits] == ["H001"], [str(p) for p in hits]
