"""The one phone rule: what a phone number looks like, and which numbers a page may type.

Every number a reader can call comes from data/directory.yml, where it carries a source and a
check date. Prose (lessons, guides, quiz banks, the referral guide, danger lines, the skills
station) may type only the emergency lines and the national psychological assistance line
(`TYPED_OK`); any other number found there is H001. A directory entry's number has one of the
shapes of `NUMBER_RE` (D005). Danger lines turn the typed numbers into call buttons (`call_numbers`).
"""
from __future__ import annotations

import re
from pathlib import Path

from .problems import Report

EMERGENCY = ("110", "120")                 # police, ambulance: every "now" step names both
TYPED_OK = EMERGENCY + ("12356",)          # the only numbers a page may type
# A directory number: a service number (3-5 digits), a landline (022-12345678), a mobile, or a
# 400/800 number (400-xxxx-xxx); published as the pattern of directory.schema.json.
NUMBER_RE = re.compile(r"^(?:\d{3,5}|0\d{2,3}-\d{7,8}|1[3-9]\d{9}|[48]00-(?:\d{4}-\d{3}|\d{3}-\d{4}))$")
NUMBER_SHAPES = "a service number (3–5 digits), landline (022-12345678), mobile or 400/800 number (400-xxxx-xxx)"
# A number typed in prose: landlines (022-…), 400/800 lines, mobiles, and the 12xxx / 95xxx / 96xxx
# service numbers; not part of a URL, an id, a date or a decimal.
TYPED_RE = re.compile(r"(?<![\d/.\-_A-Za-z=#])(?:0\d{2,3}-?\d{7,8}|[48]00-?\d{3,4}-?\d{3,4}|1[3-9]\d{9}|12\d{3}|9[56]\d{3})"
                      r"(?!\d|[.,]\d)")
CALLABLE_RE = re.compile(r"(?<!\d)(" + "|".join(TYPED_OK) + r")(?!\d)")
URL_RE = re.compile(r"https?://\S+")


def is_number(phone: str) -> bool:
    """A directory entry's number has one of the allowed shapes."""
    return bool(NUMBER_RE.match(phone))


def typed_numbers(line: str) -> list[str]:
    """The numbers a line of prose types that it may not (reference URLs carry ids and dates, not numbers)."""
    if "http" in line:
        line = URL_RE.sub("", line)
    return [n for n in TYPED_RE.findall(line) if n not in TYPED_OK]


def call_numbers(text: str) -> list[str]:
    """The numbers a text may type and says, in order, each once: they become call buttons."""
    return list(dict.fromkeys(CALLABLE_RE.findall(text)))


def prose_files(root: Path) -> list[Path]:
    """Every file whose prose the rule covers."""
    files = [p for folder in ("courses", "docs") for p in sorted((root / folder).rglob("*.md"))
             if not p.name.startswith("benchmarks")]   # measured figures, written by ./portal bench
    files += sorted((root / "quizzes").rglob("*.yml"))
    files += [root / "data" / name for name in ("referral.yml", "danger-lines.yml", "skills-station.yml")]
    return [p for p in files if p.is_file()]


def check_typed(root: Path, report: Report):
    """H001, once for every content file: never type a phone number by hand; it cannot carry a
    source or a check date."""
    for path in prose_files(root):
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for number in typed_numbers(line):
                report.error(path, n, "H001", f"phone number {number} typed by hand: only {', '.join(TYPED_OK[:-1])} "
                             f"and {TYPED_OK[-1]} may be; others come from data/directory.yml through <!-- help --> shortcodes")
