"""A module added the way CONTRIBUTING.md says ("Add a training module") appears everywhere it
should, in both languages: catalog, learning paths, policy coverage, its own pages and search;
in a strict build and on a running `mkdocs serve`, which also picks up a later edit by itself.

Works on a copy of the project, so the real content is never touched."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import BUILDABLE, ROOT, serve
from humiao import search

MODULE = "harbour-visits"
TITLE = {"zh": "海风小站家访演练", "en": "Saltmarsh station home-visit drill"}


LESSON = {
    "zh": """# 海风小站：第一次家访

## 出发之前 {{ #first-section }}

{marker}

!!! activity "练一练"
    写下你家访时要带的三样东西。

!!! case "情境案例：小潮（虚构的综合案例）"
    小潮十岁，和奶奶住。

    ??? answer "参考答案"
        先听奶奶说，再和小潮聊。

!!! case "情境案例：小帆（虚构的综合案例）"
    小帆八岁，最近不爱说话。

    ??? answer "参考答案"
        和平时比，看持续多久。

!!! keypoints "要点回顾"
    - 先听，再做。

## 参考资料 {{ #references }}

1. 津民发〔2024〕10号 二（六）14。
""",
    "en": """# Saltmarsh station: the first home visit

## Before you set out {{ #first-section }}

{marker}

!!! activity "Try it"
    Write down three things to take on a home visit.

!!! case "Case: Xiaochao (an invented composite)"
    Xiaochao is ten and lives with his grandmother.

    ??? answer "Model answer"
        Listen to the grandmother first, then talk with Xiaochao.

!!! case "Case: Xiaofan (an invented composite)"
    Xiaofan is eight and has stopped talking much.

    ??? answer "Model answer"
        Compare with how she usually is, and how long it lasts.

!!! keypoints "Key points"
    - Listen first, then act.

## References {{ #references }}

1. Tianjin policy 津民发〔2024〕10号, 2(6)14.
""",
}
MARKER = {"zh": "海风小站的第一课。", "en": "The first lesson of Saltmarsh station."}


def add_module(project: Path, marker=MARKER) -> None:
    """Steps 1–5 of CONTRIBUTING.md's "Add a training module"."""
    folder = project / "courses" / MODULE
    shutil.copytree(project / "templates" / "module", folder)                     # 1
    meta = yaml.safe_load((folder / "module.yml").read_text(encoding="utf-8"))    # 2
    meta.update(id=MODULE, status="published", hours=1, audiences=["teacher", "institution"],
                policy=["M14"], title=dict(TITLE),
                summary={"zh": "海风小站的家访演练。", "en": "A home-visit drill at Saltmarsh station."},
                objectives={"zh": ["说出家访前的准备"], "en": ["Name how to prepare a home visit"]})
    (folder / "module.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for lang, suffix in (("zh", ".md"), ("en", ".en.md")):                         # 3
        (folder / f"overview{suffix}").write_text(LESSON[lang].format(marker=marker[lang]), encoding="utf-8")
        for page, title in (("job-aid", {"zh": "海风小站家访清单", "en": "Saltmarsh home-visit checklist"}),
                            ("trainer-notes", {"zh": "海风小站培训说明", "en": "Saltmarsh trainer notes"})):
            (folder / f"{page}{suffix}").write_text(f"# {title[lang]}\n\n{marker[lang]}\n", encoding="utf-8")
    catalog = project / "courses" / "catalog.yml"                                  # 4
    data = yaml.safe_load(catalog.read_text(encoding="utf-8"))
    data["modules"].append(MODULE)
    catalog.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    quiz = (project / "templates" / "quiz.yml").read_text(encoding="utf-8")       # 5
    (project / "quizzes" / f"{MODULE}.yml").write_text(
        quiz.replace("example-module", MODULE), encoding="utf-8")


def lang_root(lang):
    return "" if lang == "zh" else "en/"


@pytest.fixture(scope="module")
def project(project_copy):
    return project_copy(BUILDABLE)


def test_validator_accepts_the_module_as_contributing_describes_it(project):
    add_module(project)
    result = subprocess.run([sys.executable, str(project / "scripts" / "portal.py"), "validate"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    n = len(yaml.safe_load((ROOT / "courses" / "catalog.yml").read_text(encoding="utf-8"))["modules"]) + 1
    assert f"{n} modules ({n} published)" in result.stdout   # the real catalog's modules and the new one


@pytest.fixture(scope="module")
def built(project, build_project):
    if not (project / "courses" / MODULE).exists():
        add_module(project)
    return build_project(project)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_module_is_in_catalog_paths_coverage_and_its_pages(built, lang):
    root = built / lang_root(lang)
    catalog = (root / "courses" / "index.html").read_text(encoding="utf-8")
    link = f'<a href="{MODULE}/">{TITLE[lang]}</a>'
    modules, paths = catalog.split('id="modules"')[1].split('id="paths"')
    assert link in modules
    for audience in ("supervisor", "director", "institution", "teacher"):
        path = paths.split(f'id="path-{audience}"')[1].split("<h3")[0]
        assert (link in path) == (audience in ("teacher", "institution")), audience
    coverage = (root / "courses" / "policy-coverage" / "index.html").read_text(encoding="utf-8")
    assert f'href="../{MODULE}/"' in coverage and TITLE[lang] in coverage
    for page in ("", "overview/", "job-aid/", "trainer-notes/"):
        html = (root / "courses" / MODULE / page / "index.html").read_text(encoding="utf-8")
        assert f'lang="{lang}"' in html
    assert MARKER[lang] in (root / "courses" / MODULE / "overview" / "index.html").read_text(encoding="utf-8")
    assert (root / "quizzes" / MODULE / "index.html").exists()


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_module_is_in_its_language_search_index_only(built, lang):
    folder = built / ("search" if lang == "zh" else "en/search")
    docs = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = lambda d: d["text"].replace(search.ZWSP, "").replace(search.SEP, "")   # jieba's word breaks in the zh index
    hits = [d["location"] for d in docs if MARKER[lang].rstrip("。.") in text(d)]
    assert any(h.startswith(f"courses/{MODULE}/overview/") for h in hits)
    other = "en" if lang == "zh" else "zh"
    assert not [d for d in docs if MARKER[other].rstrip("。.") in text(d)]


@pytest.mark.build
def test_new_module_is_found_by_searching_in_a_browser(built, page):
    httpd, url = serve(built)
    try:
        for lang, query in (("zh", "海风小站"), ("en", "Saltmarsh")):
            page.goto(f"{url}/{lang_root(lang)}courses/")
            page.wait_for_load_state("load")
            page.locator(".md-search__input").fill(query)
            page.keyboard.press("End")   # Material re-queries on keyup
            first = page.locator(".md-search-result__item a").first
            first.wait_for(timeout=15000)
            assert f"/{lang_root(lang)}courses/{MODULE}/" in first.evaluate("a => a.href")   # the top result
    finally:
        httpd.shutdown()


# --- mkdocs serve -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, timeout=300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in fetch(url):
            return
        time.sleep(2)
    pytest.fail(f"{url} did not show {text!r} within {timeout} s")


@pytest.mark.build
def test_serve_shows_a_new_module_and_then_an_edit_without_a_manual_step(project_copy):
    project = project_copy(BUILDABLE)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="false"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "courses/", "</html>")
        assert TITLE["zh"] not in fetch(base + "courses/")
        add_module(project)
        wait_for(base + "courses/", TITLE["zh"])
        wait_for(base + "en/courses/", TITLE["en"])
        wait_for(base + f"courses/{MODULE}/overview/", MARKER["zh"])
        edited = {"zh": "海风小站的第一课（已修改）。", "en": "The first lesson of Saltmarsh station (edited)."}
        for lang, suffix in (("zh", ".md"), ("en", ".en.md")):
            lesson = project / "courses" / MODULE / f"overview{suffix}"
            lesson.write_text(lesson.read_text(encoding="utf-8").replace(MARKER[lang], edited[lang]), encoding="utf-8")
        wait_for(base + f"courses/{MODULE}/overview/", edited["zh"])
        wait_for(base + f"en/courses/{MODULE}/overview/", edited["en"])
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
