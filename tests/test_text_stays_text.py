"""Text from YAML is text (content rules; issue #16): a bank or module title, a summary or a
policy title holding markup reaches no page as live HTML, in the site or its search index."""
from __future__ import annotations

import re

from conftest import BUILDABLE

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_yaml_titles_render_as_text(project_copy, build_project):
    project = project_copy(BUILDABLE)
    bank = project / "quizzes" / "self-care.yml"
    bank.write_text(re.sub(r"(?m)^title:\n  zh: (.*)$", lambda m: f'title:\n  zh: "{EVIL} {m.group(1)}"',
                           bank.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    module = project / "courses" / "self-care" / "module.yml"
    module.write_text(re.sub(r"(?m)^(title|summary):\n  zh: (.*)$", lambda m: f'{m.group(1)}:\n  zh: "{EVIL} {m.group(2)}"',
                             module.read_text(encoding="utf-8")), encoding="utf-8")
    site = build_project(project)
    def live(page):   # markup outside the inert JSON data blocks, where "</" is written "<\/"
        html = re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", page.read_text(encoding="utf-8"), flags=re.S)
        return "<script>alert(1)" in html or "<img src=x onerror" in html
    hits = [p.relative_to(site).as_posix() for p in site.rglob("*.html") if live(p)]
    assert hits == []
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in p.read_text(encoding="utf-8") for p in site.rglob("quizzes/*/index.html"))
