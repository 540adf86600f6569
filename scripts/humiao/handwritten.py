"""Rules for the hand-written pages under docs/: every x.md has its x.en.md with the same
structure (T001, T002, the P rules), and every parent guide has a help block, a references section
and a handout (G001-G003). content.load runs them, so `./portal validate` and every build agree."""
from __future__ import annotations

from pathlib import Path

from . import markdown_source
from .courses import check_page_pair
from .problems import Report

PAGE_COMPONENTS = {"say", "tip", "note", "warning", "checklist", "keypoints", "content-note", "info", "example"}


def check(root: Path, report: Report):
    docs = root / "docs"
    check_pairs(docs, report)
    check_parent_guides(docs / "parents", report)


def check_pairs(docs: Path, report: Report):
    """Every x.md has x.en.md (and the reverse), with the same anchors and components in order."""
    for zh_path in sorted(docs.rglob("*.md")):
        if zh_path.name.count(".") != 1:
            continue
        en_path = zh_path.with_name(zh_path.stem + ".en.md")
        if not en_path.exists():
            report.error(zh_path, 1, "T001", f"has no English translation {en_path.name}")
            continue
        check_page_pair(markdown_source.parse(zh_path), markdown_source.parse(en_path), report, PAGE_COMPONENTS)
    for en_path in sorted(docs.rglob("*.en.md")):
        zh_path = en_path.with_name(en_path.name.replace(".en.md", ".md"))
        if not zh_path.exists():
            report.error(en_path, 1, "T002", f"has no Chinese source {zh_path.name}")


def check_parent_guides(parents: Path, report: Report):
    """A parent guide says whom to call, lists its sources and has a one-page handout."""
    for path in sorted(parents.glob("*.md")) if parents.is_dir() else []:
        if path.name.startswith("index") or path.name.startswith("where-to-get-help"):
            continue
        page = markdown_source.parse(path)
        if not any(e.kind == "shortcode" and e.name == "help" for e in page.elements):
            report.error(path, 1, "G001", "a parent guide says whom to call: add <!-- help --> (or help: family / protection)")
        if "references" not in page.anchors():
            report.error(path, 1, "G002", "a parent guide needs a references section: a heading with { #references }")
        handout = path.parent / "handouts" / path.name
        if not handout.exists():
            report.error(path, 1, "G003", f"a parent guide needs a one-page handout handouts/{path.name}")
