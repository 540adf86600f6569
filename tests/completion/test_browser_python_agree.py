"""The learner's page gives instant feedback in JavaScript; the trainer's verdict is the export's
Python (on the desk too). Shared vectors hold the two to the same rules, run in Debian chromium on
the page's own functions: a question's grade (quiz.js isRight, quizzes.grade) and which modules a
record completes and when (progress.js completedModules, rules.summarise)."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from completion_helpers import NOW, ROOT, SITE, VALID, demo_key, run_in_chromium
from humiao import quizzes
from humiao.completion.record import load_catalog, ms_to_iso, verify

VECTORS = ROOT / "tests" / "vectors"


def _function(path, name: str) -> str:
    src = path.read_text(encoding="utf-8")
    m = re.search(rf"\n  function {name}\(.*?\n  }}\n", src, re.S)
    assert m, f"{path.name} no longer has a top-level function {name}()"
    return m.group(0)


@pytest.mark.browser
def test_a_question_is_graded_alike_in_the_page_and_the_export(page):
    cases = json.loads((VECTORS / "grading.json").read_text(encoding="utf-8"))["cases"]
    js = _function(ROOT / "docs" / "assets" / "quiz.js", "isRight")
    py = []
    for c in cases:
        bank = SimpleNamespace(key=lambda c=c: {"q": set(c["key"])}, pass_mark=1.0)
        py.append(quizzes.grade(bank, {"q": c["chosen"]}, ["q"])["correct"] == ["q"])
    assert py == [c["right"] for c in cases]
    assert run_in_chromium(page, js, "cases => cases.map(function (c) { return isRight(c.key, c.chosen); })", cases) == py


@pytest.mark.browser
def test_a_record_completes_the_same_modules_on_the_same_dates(page):
    cat = load_catalog(SITE, [demo_key()])
    modules = [{"id": m.id, "lessons": list(m.lessons)} for m in cat.modules.values()]
    records = [json.loads(p.read_bytes().decode("utf-8-sig")) for p in sorted(VALID.glob("*.json"))]
    js = "var C = {modules: %s};\n" % json.dumps(modules) + _function(ROOT / "docs" / "assets" / "progress.js", "completedModules")
    py = []
    for r in records:
        rec = verify(json.dumps(r, ensure_ascii=False).encode(), "r.json", cat, int(NOW.timestamp() * 1000))
        py.append({m: ms_to_iso(done[3]) for m, done in rec.completed.items()})
    assert any(py), "the fixture records complete no module: the test would prove nothing"
    assert run_in_chromium(page, js, "recs => recs.map(completedModules)", records) == py
