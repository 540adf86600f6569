"""`./portal validate`: every content file checked in one run, every problem reported."""
from __future__ import annotations

import sys
from pathlib import Path

from . import content, mdsrc
from .courses import check_page_pair
from .problems import Report

PAGE_COMPONENTS = {"say", "tip", "note", "warning", "checklist", "keypoints", "content-note", "info", "example"}


def check_docs(root: Path, report: Report):
    """Hand-written pages under docs/: every x.md has x.en.md with the same structure."""
    docs = root / "docs"
    for zh_path in sorted(docs.rglob("*.md")):
        if zh_path.name.count(".") != 1:
            continue
        en_path = zh_path.with_name(zh_path.stem + ".en.md")
        if not en_path.exists():
            report.error(zh_path, 1, "T001", f"has no English translation {en_path.name}")
            continue
        check_page_pair(mdsrc.parse(zh_path), mdsrc.parse(en_path), report, PAGE_COMPONENTS)
    for en_path in sorted(docs.rglob("*.en.md")):
        zh_path = en_path.with_name(en_path.name.replace(".en.md", ".md"))
        if not zh_path.exists():
            report.error(en_path, 1, "T002", f"has no Chinese source {zh_path.name}")
    for path in sorted((docs / "parents").glob("*.md")) if (docs / "parents").is_dir() else []:
        if path.name.startswith("index") or path.name.startswith("where-to-get-help"):
            continue
        page = mdsrc.parse(path)
        if not any(e.kind == "shortcode" and e.name == "help" for e in page.elements):
            report.error(path, 1, "G001", "a parent guide says whom to call: add <!-- help --> (or help: family / protection)")
        if "references" not in page.anchors():
            report.error(path, 1, "G002", "a parent guide needs a references section: a heading with { #references }")
        handout = path.parent / "handouts" / path.name
        if not handout.exists():
            report.error(path, 1, "G003", f"a parent guide needs a one-page handout handouts/{path.name}")


def run(root: Path, strict_warnings: bool = False, out=None) -> int:
    out = out or sys.stdout
    loaded, report = content.load(root)
    check_docs(root, report)
    for p in sorted(set(report.problems)):
        print(p, file=out)
    n_err, n_warn = len(report.errors), len(report.warnings)
    c = loaded.curriculum
    print(f"validate: {len(c.modules)} modules ({len(c.order)} published), {len(loaded.banks)} quiz banks, "
          f"{len(loaded.directory)} directory entries; {n_err} errors, {n_warn} warnings", file=out)
    return 1 if n_err or (strict_warnings and n_warn) else 0
