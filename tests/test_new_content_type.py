"""A content type added the way CONTRIBUTING.md says ("Add a content type", issue #21): a loader,
its line in content.py, a renderer, its line in pages.RENDERERS and a place in the navigation.
The new type's pages are built in both languages and sit in the navigation, and the validator
reports a broken entry with the new loader's own code and line.

Works on a copy of the project (the project_copy fixture), so the real scripts/ and
data/ are never touched. The type, "icebreakers", is invented for this test only."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILDABLE

TYPE = "icebreakers"
PAGE = f"trainers/{TYPE}"
TITLE = {"zh": "破冰小游戏", "en": "Icebreaker games"}
SECTION = {"zh": "破冰", "en": "Icebreakers"}

DATA = """\
# An invented content type (tests/test_new_content_type.py): warm-up games for a training day.
icebreakers:
  - id: name-chain
    title:
      zh: 名字接龙
      en: Name chain
    steps:
      - zh: 大家围成一圈，每人说出自己的名字和一样喜欢的东西。
        en: Everyone stands in a circle and says their name and one thing they like.
      - zh: 下一个人先重复前面所有人的，再说自己的 <不用记全也没关系>。
        en: The next person repeats everyone before them, then adds their own <nobody has to remember them all>.
"""
BROKEN = "  - id: one-step\n    title:\n      zh: 只有一步\n      en: Only one step\n    steps:\n      - zh: 只有一步。\n        en: Just one step.\n"
BROKEN_LINE = DATA.count("\n") + 5     # the line of its `steps:` key

# Step 1: the loader, through yaml_source and field_checks.py, with its own code for its own rule.
LOADER = '''\
"""Icebreakers (data/icebreakers.yml): invented by tests/test_new_content_type.py."""
from __future__ import annotations

from pathlib import Path

from .problems import Report
from .field_checks import LANGS, check_item, check_text, load_mapping
from .yaml_source import line_of

SOURCE = "data/icebreakers.yml"


def load(root: Path, report: Report) -> list[dict]:
    path = root / SOURCE
    data = load_mapping(path, report, {"icebreakers"}, "icebreakers file")
    if data is None:
        return []
    out, seen = [], set()
    for item in data.get("icebreakers") or []:
        ok, what = check_item(report, path, item, {"id", "title", "steps"}, "icebreaker", seen, "X001")
        if not what:
            continue
        seen.add(item["id"])
        ok &= check_text(report, path, item, "title", what)
        steps = item.get("steps")
        if not isinstance(steps, list) or len(steps) < 2 or not all(
                isinstance(s, dict) and set(s) == set(LANGS) and all(isinstance(s[l], str) and s[l].strip() for l in LANGS)
                for s in steps):
            report.error(path, line_of(item, "steps"), "X002", f"steps of {what} must be at least two, each with zh and en")
            ok = False
        if ok:
            out.append(item)
    return out
'''

# Step 3: the renderer, one page per language, every text from YAML escaped.
RENDERER = '''\
"""trainers/icebreakers: one page per language from data/icebreakers.yml."""
from __future__ import annotations

from html import escape

from .markup import lang_suffix


def pages(content, lang: str, directory_urls: bool) -> dict[str, str]:
    if not content.icebreakers:
        return {}
    zh = lang == "zh"
    parts = ["# " + ("TITLE_ZH" if zh else "TITLE_EN"), ""]
    for item in content.icebreakers:
        steps = "".join(f"<li>{escape(s[lang])}</li>" for s in item["steps"])
        parts += [f"## {escape(item['title'][lang])} {{ #{item['id']} }}", "", f"<ol>{steps}</ol>", ""]
    return {f"trainers/icebreakers{lang_suffix(lang)}": "\\n".join(parts)}
'''.replace("TITLE_ZH", TITLE["zh"]).replace("TITLE_EN", TITLE["en"])


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) by `new`: a change CONTRIBUTING.md asks for."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: update this test to the new code"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def add_content_type(project: Path) -> None:
    """Steps 1-5 of CONTRIBUTING.md's "Add a content type", literally."""
    humiao = project / "scripts" / "humiao"
    (project / "data" / f"{TYPE}.yml").write_text(DATA, encoding="utf-8")
    (humiao / f"{TYPE}.py").write_text(LOADER, encoding="utf-8")                     # 1 loader
    content = humiao / "content.py"                                                     # 2 loader registry
    edit(content, "from .problems import Report\n", "from .problems import Report\nfrom . import icebreakers\n")
    edit(content, "\n\ndef site_version(", "\n    icebreakers: list = field(default_factory=list)   # data/icebreakers.yml\n\n\ndef site_version(")
    text = content.read_text(encoding="utf-8")
    ret = re.search(r"\n    return Content\((.*)\)(, report)?\n", text)
    assert ret, "content.load() no longer ends with `return Content(...), report`: update this test"
    text = (text[:ret.start()] + "\n    ices = icebreakers.load(root, report)"
            + f"\n    return Content({ret.group(1)}, icebreakers=ices){ret.group(2) or ''}\n" + text[ret.end():])
    content.write_text(text, encoding="utf-8")
    (humiao / f"{TYPE}_pages.py").write_text(RENDERER, encoding="utf-8")             # 3 renderer
    pages = humiao / "pages.py"                                                        # 4 renderer registry
    edit(pages, "from .vocab import LANGS\n", "from . import icebreakers_pages\nfrom .vocab import LANGS\n")
    edit(pages, "RENDERERS = (\n", "RENDERERS = (\n    icebreakers_pages.pages,   # trainers/icebreakers (icebreakers.py)\n")
    build = humiao / "build.py"                                                        # 5 navigation
    text = build.read_text(encoding="utf-8")
    start = text.index("\ndef nav(")
    end = text.index("\n    return out\n", start)
    build.write_text(text[:end] + f'\n    if "{PAGE}.md" in STATE.pages:'
                     f'\n        out.insert(-1, {{t("{SECTION["zh"]}", "{SECTION["en"]}"): ["{PAGE}.md"]}})' + text[end:],
                     encoding="utf-8")


def validate(project: Path) -> subprocess.CompletedProcess:
    """`./portal validate` in the copy (the wrapper only sets up a venv, then runs this)."""
    return subprocess.run([sys.executable, str(project / "scripts" / "portal.py"), "validate"],
                          cwd=project, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def project(project_copy):
    project = project_copy(BUILDABLE)
    add_content_type(project)
    return project


@pytest.fixture(scope="module")
def built(project, build_project):
    return build_project(project)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_type_has_its_page_in_each_language(built, lang):
    root = built if lang == "zh" else built / "en"
    html = (root / PAGE / "index.html").read_text(encoding="utf-8")
    assert f'lang="{lang}"' in html
    assert TITLE[lang] in html
    assert ("名字接龙" if lang == "zh" else "Name chain") in html
    other = TITLE["en" if lang == "zh" else "zh"]
    assert other not in html.split("<h1", 1)[1].split("</h1>")[0]
    escaped = "&lt;不用记全也没关系&gt;" if lang == "zh" else "&lt;nobody has to remember them all&gt;"
    assert escaped in html          # the YAML text is escaped, not read as a tag
    assert 'id="name-chain"' in html


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_type_is_in_the_navigation(built, lang):
    root = built if lang == "zh" else built / "en"
    home = (root / "index.html").read_text(encoding="utf-8")
    tab = re.search(r'<a href="([^"]*)" class="md-tabs__link">\s*' + re.escape(SECTION[lang]) + r"\s*</a>", home)
    assert tab, f"no {SECTION[lang]!r} tab on the {lang} home page"
    assert tab.group(1).rstrip("/").endswith(PAGE)


@pytest.mark.build
def test_validate_accepts_the_type_then_reports_a_broken_entry(project):
    good = validate(project)
    assert good.returncode == 0, good.stdout + good.stderr
    data = project / "data" / f"{TYPE}.yml"
    try:
        data.write_text(DATA + BROKEN, encoding="utf-8")
        bad = validate(project)
    finally:
        data.write_text(DATA, encoding="utf-8")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f"data/{TYPE}.yml:{BROKEN_LINE}: X002 steps of icebreaker 'one-step'" in bad.stdout, bad.stdout
