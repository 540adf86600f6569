"""The annual assessment is a blueprint, not a bag (issue #16): every attempt covers crisis,
protection and referral and every other module of the learner's role, never a module outside it;
the bank's blueprint is checked (Q045) and the trainer's export refuses an attempt that breaks it."""
from __future__ import annotations

import datetime
import random
import sys

import pytest

from conftest import ROOT

from humiao import assessment_key, blueprint, content, quizzes
from humiao.problems import Report

sys.path.insert(0, str(ROOT / "tests" / "completion"))
import completion_helpers as H  # noqa: E402


@pytest.fixture(scope="module")
def real():
    c, report = content.load(ROOT)
    audiences = {mid: list(m.meta.get("audiences") or []) for mid, m in c.curriculum.modules.items()}
    keyed = assessment_key.repository_keys(ROOT, c.banks, Report(ROOT))["annual-assessment"]
    return keyed, audiences


@pytest.mark.parametrize("role", ["director", "supervisor", "institution", "teacher", "other"])
def test_every_drawn_attempt_covers_the_modules_that_matter(real, role):
    bank, audiences = real
    eligible = blueprint.eligible_modules(audiences, role)
    mods = blueprint.module_of(bank)
    rng = random.Random(role)
    for _ in range(300):
        asked = blueprint.draw(bank, eligible, rng)
        assert len(asked) == len(set(asked)) == bank.draw
        assert blueprint.problem(bank, asked, eligible) is None
        got = [mods[q] for q in asked]
        assert all(got.count(m) >= 3 for m in ("crisis", "protection", "referral"))
        assert set(got) == {m for m in eligible if m in mods.values()}   # every module of the role that has items


def test_a_child_director_never_gets_institution_assessment_items(real):
    bank, audiences = real
    eligible = blueprint.eligible_modules(audiences, "director")
    assert "assessment" not in eligible and "crisis" in eligible
    item = next(q for q, m in blueprint.module_of(bank).items() if m == "assessment")
    asked = blueprint.draw(bank, eligible, random.Random(1))
    assert "not in the learner's role's training" in blueprint.problem(bank, asked[:-1] + [item], eligible)


def test_two_learners_side_by_side_rarely_share_their_questions(real):
    """A second form: with 60 items, two attempts share on average under half their questions."""
    bank, audiences = real
    eligible = blueprint.eligible_modules(audiences, "director")
    rng = random.Random(5)
    shared = [len(set(blueprint.draw(bank, eligible, rng)) & set(blueprint.draw(bank, eligible, rng))) for _ in range(2000)]
    assert sum(shared) / len(shared) < bank.draw / 2


@pytest.mark.parametrize("bp, message", [
    ({"always": {"crisis": 9}}, "which has 5"),
    ({"always": {"crisis": 3}, "each_module": 3}, "needs"),
    ({"always": {"crisis": 0}}, "whole numbers"),
    ({"sometimes": 1}, "assessment banks"),
])
def test_blueprint_must_fit_the_bank(real, bp, message):
    bank, audiences = real
    data = dict(bank.data, blueprint=bp)
    report = Report(ROOT)
    blueprint.check(quizzes.Bank(bank.id, bank.path, data), report, audiences)
    assert [p.code for p in report.problems] and all(p.code == "Q045" for p in report.problems)
    assert any(message in p.message for p in report.problems)


def test_export_refuses_an_attempt_that_breaks_the_blueprint(project_copy, tmp_path):
    site = project_copy(None, "site", source=H.SITE)      # the export's fixture project, all of it
    bank_file = site / "quizzes" / "annual-assessment.yml"
    bank_file.write_text(bank_file.read_text(encoding="utf-8").replace(
        "draw: 5\n", "draw: 5\nblueprint:\n  always: {warning-signs: 2}\n  each_module: 1\n"), encoding="utf-8")
    bank = quizzes.load_bank(bank_file, Report(site))
    mods = blueprint.module_of(bank)
    care = [q for q, m in mods.items() if m == "care-system"]
    signs = [q for q, m in mods.items() if m == "warning-signs"]
    good = signs[:2] + care[:1] + (signs[2:] + care[1:])[:2]
    MF = H.MF
    now = "2026-11-30T08:00:00.000Z"

    def rec(name, role, asked):
        att = MF.assessment(asked, MF.annual_answers(asked, 0), "2026-11-30T07:00:00.000Z", "2026-11-30T07:30:00.000Z", name)
        return MF.record(MF.learner(name, name, role, "jizhou", "村委会"), {}, [att], now)

    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "good.json").write_bytes(MF.pretty(rec("good", "director", good)))
    # a teacher studies no care-system; an attempt drawn before a role was set (every module) still counts
    (folder / "teacher.json").write_bytes(MF.pretty(rec("teacher", "teacher", care[:4] + signs[:1])))
    (folder / "early.json").write_bytes(MF.pretty(rec("early", "teacher", good)))
    (folder / "few.json").write_bytes(MF.pretty(rec("few", "director", care[:4] + signs[:1])))
    run = H.export([folder], tmp_path / "out", site=site, year=2026,
                   now=datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc))
    assert run.code in (0, 1), run.stderr
    text = "\n".join(",".join(r) for r in run.rejects())
    assert "teacher.json" in text and "not in the learner's role's training" in text
    assert "few.json" in text and "at least 2 question(s) from module 'warning-signs'" in text
    assert "good.json" not in text and "early.json" not in text


@pytest.mark.browser
@pytest.mark.parametrize("role", ["director", "institution", None])
def test_the_page_draws_by_the_blueprint_the_export_checks(page, site_url, real, role):
    """quiz.js draws; humiao/blueprint.py (the export's rule) checks every draw: no twin to drift."""
    bank, audiences = real
    page.goto(site_url + "/progress/")
    page.evaluate("""role => { const d = JSON.parse(localStorage.getItem('humiao.v1') || '{}');
        d.learner = role ? {id: 'tester-0001', name: '测试', role: role, district: 'jizhou', organisation: '村委会', staff_id: ''} : d.learner;
        localStorage.setItem('humiao.v1', JSON.stringify(d)); }""", role)
    eligible = blueprint.eligible_modules(audiences, role)
    for _ in range(8):
        page.goto(site_url + "/quizzes/annual-assessment/")
        order = page.evaluate("JSON.parse(localStorage.getItem('humiao.v1')).quiz['annual-assessment'].order")
        assert len(order) == bank.draw and blueprint.problem(bank, order, eligible) is None, order
        page.locator(".hm-retry").click()
