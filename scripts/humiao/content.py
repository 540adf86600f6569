"""Load every content type once, in dependency order, into one report."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import assessment_key, blueprint, courses, danger, directory, glossary, itemquality, quizzes, skills
from . import handwritten, phones
from .problems import Report

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Content:
    """Everything the loaders read, checked; what the renderers (pages.py) draw every page from."""
    curriculum: courses.Curriculum
    banks: dict[str, quizzes.Bank]
    directory: list[dict]
    referral: object = None                       # referral.Tree, or None without data/referral.yml
    site_version: str = "dev"
    danger: dict = field(default_factory=dict)    # data/danger-lines.yml by id
    skills: list = field(default_factory=list)    # data/skills-station.yml stations


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
    audiences = {mid: list(m.meta.get("audiences") or []) for mid, m in curriculum.modules.items()}
    for bank in banks.values():
        blueprint.check(bank, report, audiences)
    demo_keyed = assessment_key.repository_keys(root, banks, report)
    for bank in banks.values():   # an assessment bank's form is judged with its (demo) key
        if not bank.is_assessment or bank.id in demo_keyed:
            itemquality.check(demo_keyed.get(bank.id, bank), report)
    _check_shortcodes(root, curriculum, report)
    handwritten.check(root, report)   # docs/: zh/en page pairs (T001, T002, P) and parent guides (G001-G003)
    phones.check_typed(root, report)   # the one phone rule (H001)
    lines = danger.load(root, report)
    danger.check_pages(root, lines, report)
    glossary.check(root, glossary.load(root, report), report)   # one term per concept (G007, G008)
    stations = skills.load(root, report)
    return Content(curriculum, banks, entries, tree, site_version(root), lines, stations), report


def _check_module_banks(curriculum, banks, report: Report):
    for mid in curriculum.order:
        bank = banks.get(mid)
        module = curriculum.modules[mid]
        if bank is None:
            report.error(module.folder / "module.yml", 1, "Q030", f"published module '{mid}' has no practice quiz quizzes/{mid}.yml")
        elif bank.data.get("module") != mid:
            report.error(bank.path, 1, "Q031", f"bank '{bank.id}' is named after module '{mid}' but says module: {bank.data.get('module')}")


def _check_shortcodes(root: Path, curriculum, report: Report):
    """Every <!-- help: x --> and <!-- referral-guide: node --> names something that exists, and a
    comment that reads as a shortcode is a known one (H004; the rule: markdown_source.LONE_COMMENT_RE)."""
    from . import markdown_source, referral
    from .directory import HELP_VARIANTS
    files = [p for m in curriculum.modules.values() for pages in m.pages.values() for p in pages.values()]
    files += [markdown_source.parse(p) for p in sorted((root / "docs").rglob("*.md"))]
    nodes = referral.node_ids(root)
    for page in files:
        for line, text in page.unknown_shortcodes:
            report.error(page.path, line, "H004", f"unknown shortcode <!-- {text} -->: the shortcodes are <!-- help -->, "
                         "<!-- help: family|protection -->, <!-- referral-guide -->, <!-- referral-guide: <question-id> --> "
                         "and <!-- danger: <id> -->; a prose comment starts with a capital letter")
        for e in page.elements:
            if e.kind != "shortcode":
                continue
            if e.name == "help" and e.arg not in HELP_VARIANTS:
                report.error(page.path, e.line, "H005", f"unknown help block '{e.arg}' (known: {', '.join(k for k in HELP_VARIANTS if k)})")
            if e.name == "referral-guide" and e.arg and e.arg not in nodes:
                report.error(page.path, e.line, "H002", f"the referral guide has no question '{e.arg}'")
