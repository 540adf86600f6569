"""The referral guide's data and its checks: one fixture per failure mode (exact code and line),
the real data/referral.yml clean, and the generated pages (escaping, links, both languages)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

from humiao import content as content_mod
from humiao import referral, referral_page

FIXTURES = ROOT / "tests" / "fixtures" / "referral"
REFERRAL = "data/referral.yml"


@pytest.fixture(autouse=True)
def _no_git(monkeypatch):
    """content.load asks git for the site version; a temp root is no repository."""
    monkeypatch.setattr(content_mod, "site_version", lambda root: "test")


# The real courses, quizzes, policy and directory, without a referral guide (and without the other
# data files, whose own checks would report on a fixture's text too).
BASE = ("courses", "quizzes", "data/policy.yml", "data/directory.yml")


@pytest.fixture
def root_with(project_copy):
    """A copy of BASE holding the given fixture as data/referral.yml."""
    def make(fixture: str | None, catalog: list[str] | None = None) -> Path:
        root = project_copy(BASE, "referral")
        if fixture:
            shutil.copy(FIXTURES / fixture, root / REFERRAL)
        if catalog is not None:
            (root / "courses" / "catalog.yml").write_text(yaml.safe_dump({"modules": catalog}), encoding="utf-8")
        return root
    return make


def referral_problems(root: Path, severity="error"):
    loaded, report = content_mod.load(root)
    return loaded, {(p.code, p.line) for p in report.problems if p.path == REFERRAL and p.severity == severity}


# fixture: the exact (code, line) problems it must produce, and nothing else in data/referral.yml
FAILURES = {
    "cycle.yml": {("R005", 19)},
    "unreachable.yml": {("R006", 41)},
    "dangling-answer.yml": {("R003", 19)},
    "no-contact-type.yml": {("R010", 40)},
    "unknown-contact-type.yml": {("R011", 42)},
    "missing-section.yml": {("R014", 41)},
    "missing-lesson.yml": {("R013", 39)},
    "now-without-numbers.yml": {("R015", 22)},
    "missing-en.yml": {("S005", 13)},
    "unknown-key.yml": {("S002", 43)},
    "duplicate-id.yml": {("R002", 41)},
    "yaml-syntax.yml": {("Y001", 44)},
    "phone-number.yml": {("H001", 34)},
    "no-start.yml": {("R001", 2)},
    "bad-urgency.yml": {("R008", 31)},
    # Safety rules (content guide 7, 8): each reported where the fix goes.
    "no-harm-question.yml": {("R020", 15), ("R020", 17)},
    "family-without-rule.yml": {("R021", 33)},
    "report-not-immediate.yml": {("R022", 44)},
    "bad-checks.yml": {("R023", 11)},
    "one-answer.yml": {("R004", 20)},
    "no-way-out.yml": {("R005", 31), ("R005", 33), ("R007", 20), ("R007", 27)},
    "empty-steps.yml": {("R009", 44)},
    "read-not-a-reference.yml": {("R012", 50)},
    "no-outcomes.yml": {("R017", 18), ("R003", 7), ("R003", 15), ("R003", 17)},
    "unknown-contact-topic.yml": {("R018", 41)},
    # The short print forms of the home-visit sheet (content guide, rule 10).
    "print-drops-urgency.yml": {("R024", 25)},
    "print-longer.yml": {("R025", 47)},
    "print-missing-en.yml": {("S005", 51)},
}
# fixture: the exact warnings it must produce, with no error
WARNINGS = {
    "no-matching-contact.yml": {("R019", 40)},
}


def test_every_fixture_is_checked():
    on_disk = {p.name for p in FIXTURES.glob("*.yml")} - {"valid.yml"}
    assert on_disk == set(FAILURES) | set(WARNINGS)


def test_valid_fixture_has_no_problems(root_with):
    loaded, errors = referral_problems(root_with("valid.yml"))
    assert errors == set()
    assert loaded.referral is not None
    assert [o for _, o in loaded.referral.paths()] == ["emergency", "refer", "watch"]


@pytest.mark.parametrize("fixture", sorted(WARNINGS))
def test_warning_fixture(root_with, fixture):
    root = root_with(fixture)
    loaded, errors = referral_problems(root)
    assert errors == set() and loaded.referral is not None
    assert referral_problems(root, "warning")[1] == WARNINGS[fixture]


@pytest.mark.parametrize("fixture", sorted(FAILURES))
def test_failure_fixture(root_with, fixture):
    loaded, errors = referral_problems(root_with(fixture))
    assert errors == FAILURES[fixture]
    if fixture not in ("unknown-key.yml", "phone-number.yml"):   # H001 is a page rule, not a guide rule
        assert loaded.referral is None, "a guide with errors makes no pages"


def test_missing_file_is_no_error(root_with):
    root = root_with(None)
    loaded, errors = referral_problems(root)
    assert loaded.referral is None and errors == set()
    assert referral.node_ids(root) == set()


def test_real_guide_has_no_problems():
    loaded, report = content_mod.load(ROOT)
    mine = [str(p) for p in report.problems if p.path == REFERRAL]
    assert mine == []
    tree = loaded.referral
    assert tree is not None
    assert 9 <= len(tree.questions) <= 13 and 6 <= len(tree.outcomes) <= 9
    assert {o["urgency"] for o in tree.outcomes.values()} == set(referral.URGENCY)


def test_real_guide_content_rules():
    """What the content guide asks of this guide, beyond the schema."""
    data = yaml.safe_load((ROOT / REFERRAL).read_text(encoding="utf-8"))
    outcomes = {o["id"]: o for o in data["outcomes"]}
    first = data["questions"][0]
    assert first["id"] == "start" and "生命危险" in first["text"]["zh"]
    # Mandatory reporting: an outcome says report to the police, and report, do not investigate.
    report = [o for o in outcomes.values() if any("公安机关" in s["zh"] for s in o["steps"])
              and any("调查" in s["zh"] for s in o["avoid"])]
    assert report and "protection/reporting#report-not-investigate" in report[0]["read"]
    # Never diagnose: no diagnostic label is stated as a fact outside "do not say" items.
    for o in outcomes.values():
        for s in o["steps"] + o["record"]:
            assert "得了" not in s["zh"] and "has depression" not in s["en"]


def test_node_ids_are_the_questions():
    data = yaml.safe_load((ROOT / REFERRAL).read_text(encoding="utf-8"))
    assert referral.node_ids(ROOT) == {q["id"] for q in data["questions"]}


def test_shortcode_to_unknown_question_is_an_error(root_with):
    root = root_with("valid.yml")
    (root / "docs").mkdir()
    (root / "docs" / "page.md").write_text("# Page\n\n<!-- referral-guide: changes -->\n\n<!-- referral-guide: nope -->\n", encoding="utf-8")
    _, report = content_mod.load(root)
    h002 = [(p.path, p.line) for p in report.problems if p.code == "H002" and p.path.startswith("docs/")]
    assert h002 == [("docs/page.md", 5)]


def _pages(loaded, lang="zh", directory_urls=True):
    return referral_page.pages(loaded, lang, directory_urls)


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="hm-referral-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def test_pages_both_languages():
    loaded, _ = content_mod.load(ROOT)
    for lang, suffix in (("zh", ".md"), ("en", ".en.md")):
        pages = _pages(loaded, lang)
        assert set(pages) == {f"referral/index{suffix}", f"referral/tree{suffix}", f"referral/print{suffix}"}
        index, tree, printed = (pages[f"referral/{n}{suffix}"] for n in ("index", "tree", "print"))
        assert index.startswith('---\nhumiao_scripts: ["referral"]\n---')
        assert printed.startswith('---\nhumiao_print: "referral"\n---')
        assert "(tree.md)" in index and 'id="hm-referral-static"' in index
        data = _data(index)
        assert data["start"] == "start" and set(data["questions"]) == set(loaded.referral.questions)
        for heading in re.findall(r"^#{2,6} .*$", tree + index, re.M):
            assert re.search(r"\{ #[a-z0-9-]+ \}$", heading), heading
        for qid in loaded.referral.questions:
            assert f'id="q-{qid}"' in tree
        for oid in loaded.referral.outcomes:
            assert f"{{ #o-{oid} }}" in tree and f'href="#o-{oid}"' in tree


def test_pages_escape_yaml_text(root_with):
    root = root_with("valid.yml")
    path = root / REFERRAL
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{zh: 继续观察, en: Keep watching}", '{zh: "继续观察 <script>alert(1)</script>", en: "Keep & </script> watching"}'), encoding="utf-8")
    loaded, errors = referral_problems(root)
    assert errors == set()
    for lang in ("zh", "en"):
        for text in _pages(loaded, lang).values():
            assert "<script>alert" not in text
            body = re.sub(r'<script type="application/json" (?:id="hm-referral-data"|class="hm-vocab")>.*?</script>', "",
                          text, flags=re.S)   # the page's own data blocks
            assert body.count("</script>") == 0
        index = _pages(loaded, lang)[f"referral/index{'.md' if lang == 'zh' else '.en.md'}"]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index or "&lt;/script&gt;" in index
        data = _data(index)   # still valid JSON, and the text comes back unchanged
        assert data["outcomes"]["watch"]["title"] in ("继续观察 <script>alert(1)</script>", "Keep & </script> watching")


def test_links_only_to_built_modules(root_with):
    """read: is checked against every module; pages link only to modules in the catalog."""
    loaded, errors = referral_problems(root_with("valid.yml", catalog=["referral", "crisis"]))
    assert errors == set()
    index = _pages(loaded)["referral/index.md"]
    data = _data(index)
    hrefs = [r["href"] for o in data["outcomes"].values() for r in o["read"]]
    assert any("courses/crisis/what-to-do/#immediate-danger" in h for h in hrefs)
    assert not any("warning-signs" in h for h in hrefs)
    assert "warning-signs" not in _pages(loaded)["referral/tree.md"]
    offline = _data(_pages(loaded, directory_urls=False)["referral/index.md"])
    assert "../courses/crisis/what-to-do.html#immediate-danger" in [r["href"] for r in offline["outcomes"]["emergency"]["read"]]


def test_contacts_come_from_the_directory():
    loaded, _ = content_mod.load(ROOT)
    data = _data(_pages(loaded)["referral/index.md"])
    entries = {e["id"]: e for e in loaded.directory}
    for oid, o in loaded.referral.outcomes.items():
        want = [e for t in o["contact_types"] for e in loaded.directory
                if e["type"] == t and (t != "hotline" or not o.get("contact_topics") or set(o["contact_topics"]) & set(e["topics"]))]
        assert want, f"outcome {oid} shows no contact"
        shown = data["outcomes"][oid]["contacts"]
        assert [c["name"] for c in shown] == [e["name"]["zh"] for e in want]
    now = [oid for oid, o in loaded.referral.outcomes.items() if o["urgency"] == "now"]
    tels = {p["tel"] for oid in now for c in data["outcomes"][oid]["contacts"] for p in c["phones"]}
    assert {"tel:110", "tel:120"} <= tels
    assert entries  # the directory loaded


def test_javascript_is_small():
    # history entries per answer (the phone's Back button) cost about 0.8 KB, the district order 0.3 KB
    assert (ROOT / "docs" / "assets" / "referral.js").stat().st_size < 7.5 * 1024
