"""The pure rules of rules.py, one by one (the browser's trainer's desk must port them exactly)."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from completion_helpers import SITE, demo_key
from humiao.completion import rules
from humiao.completion.record import Attempt, load_catalog

CAT = load_catalog(SITE, [demo_key()])
BJ = dt.timezone(dt.timedelta(hours=8))


def ms(*args, tz=BJ) -> int:
    return int(dt.datetime(*args, tzinfo=tz).timestamp() * 1000)


@pytest.mark.parametrize("year", [2000, 2024, 2025, 2026, 2100])
def test_training_year_runs_from_new_year_to_new_year_in_beijing(year):
    start, end = rules.year_bounds(year)
    assert (start, end) == (ms(year, 1, 1), ms(year + 1, 1, 1))
    assert rules.beijing_year(start) == year and rules.beijing_year(start - 1) == year - 1
    assert rules.beijing_year(end - 1) == year and rules.beijing_year(end) == year + 1


def test_default_year_is_the_current_year_in_beijing():
    assert rules.default_year(ms(2025, 12, 31, 16, 30, tz=dt.timezone.utc)) == 2026     # 00:30 on 1 January in Beijing


@pytest.mark.parametrize("value, ok", [
    ("王芳", True), ("Wang Fang", True), ("阿依古丽·买买提", True), ("河西区　某社区", True),     # ideographic space is fine
    ("王\u202e芳", False), ("王\u2066芳", False), ("王\u200f芳", False), ("王\u2028芳", False), ("王\u2029芳", False),
    ("王\x85芳", False), ("王\x9b芳", False), ("王\ud800芳", False), ("王\t芳", False),
])
def test_names_reject_direction_and_line_controls(value, ok):
    assert (rules.text_problem(value) == "") is ok


@pytest.mark.parametrize("value, safe", [
    ("=1+1", "'=1+1"), ("+86 123", "'+86 123"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("  =x", "'  =x"), ("＝HYPERLINK()", "'＝HYPERLINK()"), ("王芳", "王芳"), ("a=b", "a=b"), ("", ""),
])
def test_safe_cell_neutralises_formula_prefixes(value, safe):
    assert rules.safe_cell(value) == safe


def att(aid, submitted, correct=5, bank="care-system", mode="practice", asked=("q",), choices=("a",)):
    return Attempt(aid, bank, mode, correct, 5, correct >= 4, submitted - 60_000, submitted, (list(asked), choices))


def test_merge_attempts_does_not_depend_on_order():
    a1, a2 = att("a1", 1000), att("a2", 2000)
    changed = att("a2", 2500)
    copies = [("x.json", [a1, a2]), ("y.json", [a2]), ("z.json", [changed])]
    results = {repr(rules.merge_attempts(list(p))) for p in itertools.permutations(copies)}
    assert len(results) == 1
    use, problems = rules.merge_attempts(copies)
    assert use == [a1]
    assert [(f, aid) for f, aid, _ in problems] == [("x.json", "a2"), ("y.json", "a2"), ("z.json", "a2")]


def test_first_per_bank_is_the_item_sample():
    first = rules.first_per_bank([att("b", 3000), att("a", 2000), att("c", 2000, bank="warning-signs")])
    assert [a.id for a in first] == ["a", "c"]


def test_completion_date_is_the_later_of_the_years_first_pass_and_the_last_lesson():
    mask = CAT.modules["care-system"].full
    completed, _, _ = rules.summarise({"care-system": (mask, 500)}, [att("p1", 1000), att("p2", 3000)], CAT)
    assert completed["care-system"] == (5, 5, 1000, 1000)
    completed, _, _ = rules.summarise({"care-system": (mask, 2000)}, [att("p1", 1000)], CAT)
    assert completed["care-system"][3] == 2000


def test_identity_folds_width_case_and_spaces():
    assert rules.identity(" 王  芳 ", "hexi") == rules.identity("王 芳", "hexi")
    assert rules.identity("ＷＡＮＧ  Fang", "hexi") == rules.identity("wang fang", "hexi")
    assert rules.identity("王芳", "hexi") != rules.identity("王芳", "hedong")


def test_likely_duplicates_group_same_name_district_and_organisation():
    people = [("id-1", "李娜", "hexi", "某社区", 10), ("id-2", "李娜 ", "hexi", "某社区", 20), ("id-3", "李娜", "hedong", "某社区", 30)]
    assert rules.likely_duplicates(people) == [[people[1], people[0]]]


def test_resolve_merges_follows_chains_and_refuses_circles():
    final, problems = rules.resolve_merges([(2, "a", "b"), (3, "b", "c"), (4, "x", "y"), (5, "y", "x"), (6, "a", "a")])
    assert final == {"a": "c", "b": "c"}
    assert [row for row, _ in problems] == [4, 5]


def test_serial_follows_the_facts_of_the_certificate():
    done = {"care-system": (5, 5, 1000, 1000)}
    s = rules.serial(2025, "id-1", done, None, "局")
    assert s == rules.serial(2025, "id-1", dict(done), None, "局") and s.startswith("HM2025-") and len(s) == 17
    assert s != rules.serial(2025, "id-1", {"care-system": (4, 5, 1000, 1000)}, None, "局")
    assert s != rules.serial(2026, "id-1", done, None, "局") != rules.serial(2025, "id-1", done, None, "")


def test_visible_text_is_one_line_without_hidden_characters():
    assert rules.visible("a\nb\u202ec\x85d") == "a\\x0ab\\u202ec\\x85d"
    assert rules.visible("王芳 ＝") == "王芳 ＝"
