"""The learner's page gives instant feedback in JavaScript; the trainer's verdict is the export's
Python (on the desk too). Shared vectors hold the two to the same rules, run in node on the page's
own functions: a question's grade (quiz.js isRight, quizzes.grade) and which modules a record
completes and when (progress.js completedModules, rules.summarise)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest

from completion_helpers import NOW, ROOT, SITE, VALID, demo_key
from humiao import quizzes
from humiao.completion.record import load_catalog, ms_to_iso, verify

VECTORS = ROOT / "tests" / "vectors"


def _node(script: str, data) -> object:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    p = subprocess.run(["node", "-e", script], input=json.dumps(data, ensure_ascii=False), capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def _function(path, name: str) -> str:
    src = path.read_text(encoding="utf-8")
    m = re.search(rf"\n  function {name}\(.*?\n  }}\n", src, re.S)
    assert m, f"{path.name} no longer has a top-level function {name}()"
    return m.group(0)


def test_a_question_is_graded_alike_in_the_page_and_the_export():
    cases = json.loads((VECTORS / "grading.json").read_text(encoding="utf-8"))["cases"]
    js = _function(ROOT / "docs" / "assets" / "quiz.js", "isRight") + """
var cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(function (c) { return isRight(c.key, c.chosen); })));
"""
    py = []
    for c in cases:
        bank = SimpleNamespace(key=lambda c=c: {"q": set(c["key"])}, pass_mark=1.0)
        py.append(quizzes.grade(bank, {"q": c["chosen"]}, ["q"])["correct"] == ["q"])
    assert py == [c["right"] for c in cases]
    assert _node(js, cases) == py


def test_a_record_completes_the_same_modules_on_the_same_dates():
    cat = load_catalog(SITE, [demo_key()])
    modules = [{"id": m.id, "lessons": list(m.lessons)} for m in cat.modules.values()]
    records = [json.loads(p.read_bytes().decode("utf-8-sig")) for p in sorted(VALID.glob("*.json"))]
    js = "var C = {modules: %s};\n" % json.dumps(modules) + _function(ROOT / "docs" / "assets" / "progress.js", "completedModules") + """
var recs = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(recs.map(completedModules)));
"""
    py = []
    for r in records:
        rec = verify(json.dumps(r, ensure_ascii=False).encode(), "r.json", cat, int(NOW.timestamp() * 1000))
        py.append({m: ms_to_iso(done[3]) for m, done in rec.completed.items()})
    assert any(py), "the fixture records complete no module: the test would prove nothing"
    assert _node(js, records) == py
