"""Load every content type once, in dependency order, into one report."""
from __future__ import annotations

import subprocess
from pathlib import Path

from . import courses, directory, quizzes
from .pages import Content
from .problems import Report

ROOT = Path(__file__).resolve().parents[2]


def site_version(root: Path) -> str:
    """The commit the site is built from (records name it), or 'dev' outside git."""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "dev"
    except (OSError, subprocess.SubprocessError):
        return "dev"


def load(root: Path = ROOT) -> tuple[Content, Report]:
    report = Report(root)
    curriculum = courses.load(root, report)
    banks = quizzes.load_all(root, report, curriculum)
    entries = directory.load(root, report)
    from . import referral
    tree = referral.load(root, report, curriculum, entries)
    _check_module_banks(curriculum, banks, report)
    _check_shortcodes(root, curriculum, report)
    return Content(curriculum, banks, entries, tree, site_version(root)), report


def _check_module_banks(curriculum, banks, report: Report):
    for mid in curriculum.order:
        bank = banks.get(mid)
        module = curriculum.modules[mid]
        if bank is None:
            report.error(module.folder / "module.yml", 1, "Q030", f"published module '{mid}' has no practice quiz quizzes/{mid}.yml")
        elif bank.data.get("module") != mid:
            report.error(bank.path, 1, "Q031", f"bank '{bank.id}' is named after module '{mid}' but says module: {bank.data.get('module')}")


def _check_shortcodes(root: Path, curriculum, report: Report):
    """Every <!-- help: x --> and <!-- referral-guide: node --> names something that exists."""
    from . import mdsrc, referral
    from .directory import HELP_VARIANTS
    files = [p for m in curriculum.modules.values() for pages in m.pages.values() for p in pages.values()]
    files += [mdsrc.parse(p) for p in sorted((root / "docs").rglob("*.md"))]
    nodes = referral.node_ids(root)
    for page in files:
        for e in page.elements:
            if e.kind != "shortcode":
                continue
            if e.name == "help" and e.arg not in HELP_VARIANTS:
                report.error(page.path, e.line, "H001", f"unknown help block '{e.arg}' (known: {', '.join(k for k in HELP_VARIANTS if k)})")
            if e.name == "referral-guide" and e.arg and e.arg not in nodes:
                report.error(page.path, e.line, "H002", f"the referral guide has no question '{e.arg}'")
