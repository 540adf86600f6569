"""One home per vocabulary and rule (issue #21): a search for each finds one definition.

Fixed vocabularies (roles, districts, city-wide areas, languages) live in scripts/humiao/vocab.py;
`module/lesson#anchor` references are parsed by urls.parse_ref only; `tel:` markup is written by
markup.tel_href / markup.tel_link only. These tests grep the source, so a second definition
(a copied dict, a hard-coded list in a page script) fails here instead of drifting."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HUMIAO = ROOT / "scripts" / "humiao"
VOCAB = HUMIAO / "vocab.py"
# Synthetic benchmark data: it samples learners with its own weights over the same keys.
ALLOWED = {ROOT / "scripts" / "bench" / "completions.py"}


def sources(*exts: str) -> list[Path]:
    """Every source file of the site's code: Python, page scripts, templates."""
    roots = [ROOT / "scripts", ROOT / "docs" / "assets", ROOT / "overrides", ROOT / "templates"]
    out = []
    for base in roots:
        for ext in exts:
            out += [p for p in base.rglob(f"*.{ext}") if "vendor" not in p.parts and "__pycache__" not in p.parts]
    return sorted(set(out) - ALLOWED)


def hits(pattern: str, exts=("py", "js", "html"), home: Path | None = VOCAB, flags=0) -> list[str]:
    rx = re.compile(pattern, flags)
    found = []
    for path in sources(*exts):
        if path == home:
            continue
        text = path.read_text(encoding="utf-8")
        for m in rx.finditer(text):
            found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)[:80]!r}")
    return found


def test_the_homes_define_what_the_tests_look_for():
    from humiao import markup, urls, vocab
    assert set(vocab.COURSE_ROLES) < set(vocab.ROLES) and set(vocab.ROLE_GROUPS) == set(vocab.COURSE_ROLES)
    assert set(vocab.DISTRICTS) < set(vocab.DISTRICT_NAMES) and set(vocab.CITY_WIDE) < set(vocab.AREAS)
    assert set(vocab.AREAS) == set(vocab.CITY_WIDE) | set(vocab.DISTRICTS)
    assert markup.tel_href("022-12345678") == "tel:02212345678"
    assert markup.tel_link("110") == '<a class="hm-tel" href="tel:110">110</a>'
    assert urls.parse_ref("crisis/what-to-do#first-steps") == ("crisis", "what-to-do", "first-steps")
    assert urls.parse_ref("crisis/what-to-do#a").page == "courses/crisis/what-to-do.md"
    for bad in (None, 3, "crisis/what-to-do", "what-to-do#a", "a/b/c#d"):
        assert urls.parse_ref(bad) is None


@pytest.mark.parametrize("what, pattern", [
    ("a role table (supervisor: ...)", r"""["']supervisor["']\s*:"""),
    ("a role table (director: ...)", r"""["']director["']\s*:"""),
    ("a district table or list", r"""["']heping["']\s*[:,\]]"""),
    ("the city-wide areas", r"""["'](?:national|tianjin|every-district)["'][^\n]{0,80}?["'](?:national|tianjin|every-district)["']"""),
    ("the list of languages", r"""\bLANGS\s*=|\[\s*["']zh["']\s*,\s*["']en["']\s*\]"""),
    ("a quiz bank's modes", r"""["']practice["']\s*,\s*["']assessment["']"""),
])
def test_a_vocabulary_is_defined_in_vocab_only(what, pattern):
    found = hits(pattern)
    assert not found, f"{what} defined outside scripts/humiao/vocab.py; import it from there:\n" + "\n".join(found)


def test_page_scripts_take_vocabularies_from_the_page():
    found = hits(r"""["'](?:supervisor|director|institution|heping|binhai|every-district|tianjin)["']""", exts=("js",))
    assert not found, "a page script hard-codes a vocabulary; read it from the page's JSON data block:\n" + "\n".join(found)


def test_references_are_parsed_by_parse_ref_only():
    found = hits(r"""\.(?:r?split|r?partition)\(\s*["']#["']|\.split\(\s*["']/["']\s*,\s*1\s*\)""", exts=("py",),
                 home=HUMIAO / "urls.py")
    assert not found, "module/lesson#anchor parsed outside urls.parse_ref:\n" + "\n".join(found)


def test_tel_markup_is_written_by_the_helper_only():
    found = hits(r"""tel:""", home=HUMIAO / "markup.py")
    assert not found, "tel: markup written outside markup.tel_href / tel_link:\n" + "\n".join(found)
