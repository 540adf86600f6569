"""Danger lines (data/danger-lines.yml): the sentences a parent must never miss, written once and
expanded by <!-- danger: <id> --> wherever a parent page needs them. A handout condenses its guide,
so the rules here make sure the condensed text never drops one (content guide, safety rule 10)."""
from __future__ import annotations

import re
from html import escape
from pathlib import Path

from . import markdown_source, phones
from .field_checks import LANGS, check_item, check_text, load_mapping
from .markup import tel_link
from .problems import Report
from .yaml_source import line_of

SOURCE = "data/danger-lines.yml"
LINE_KEYS = {"id", "when", "do", "triggers"}
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def load(root: Path, report: Report) -> dict[str, dict]:
    """The danger lines by id; an unusable file or line is reported and left out."""
    path = root / SOURCE
    data = load_mapping(path, report, {"lines"}, "danger lines file")
    if data is None:
        return {}
    lines = {}
    for item in data.get("lines") or []:
        if _check_line(path, item, report, lines):
            lines[item["id"]] = item
    return lines


def _check_line(path, item, report, seen) -> bool:
    ok, what = check_item(report, path, item, LINE_KEYS, "danger line", seen, "G006")
    if not what:
        return False
    ok &= check_text(report, path, item, "when", what) & check_text(report, path, item, "do", what)
    triggers = item.get("triggers")
    if not isinstance(triggers, dict) or any(
            not isinstance(triggers.get(lang), list) or not triggers[lang]
            or not all(isinstance(t, str) and t.strip() for t in triggers[lang]) for lang in LANGS):
        report.error(path, line_of(item, "triggers"), "G006",
                     f"triggers of {what} must list words in zh and en, e.g. triggers: {{zh: [想死], en: [want to die]}}")
        ok = False
    return ok


def render(line: dict, lang: str) -> str:
    """One danger line as a Material 'danger' admonition. The numbers stay plain in the sentence
    (call buttons inside a sentence break it apart on a phone) and follow it as call buttons."""
    text = line["do"][lang]
    numbers = phones.call_numbers(text)   # the numbers a page may type (phones.TYPED_OK)
    calls = " ".join(tel_link(n) for n in numbers)
    return (f'<div class="admonition danger hm-danger" data-danger="{escape(line["id"])}">'
            f'<p class="admonition-title">{escape(line["when"][lang])}</p>'
            f'<p>{escape(text)}</p>'
            + (f'<p class="hm-danger-calls">{calls}</p>' if numbers else "") + "</div>")


# --- which pages must carry which lines ---------------------------------------------

def parent_pages(root: Path) -> list[Path]:
    """Every page a parent reads: guides, their handouts and the parents' index pages, both languages;
    the list of handouts (handouts/index) only names them."""
    folder = root / "docs" / "parents"
    pages = sorted(folder.glob("*.md")) + sorted((folder / "handouts").glob("*.md"))
    return [p for p in pages if not (p.parent.name == "handouts" and p.name.startswith("index."))]


def page_lang(path: Path) -> str:
    return "en" if path.name.endswith(".en.md") else "zh"


def carried(page: markdown_source.Page) -> dict[str, int]:
    """The danger lines a page carries: id -> line of its shortcode."""
    return {e.arg: e.line for e in page.elements if e.kind == "shortcode" and e.name == "danger"}


def mentions(text: str, words: list[str], lang: str) -> tuple[str, int] | None:
    """The first trigger word the page's own text uses, with its line (comments and shortcodes
    are not the page's own words)."""
    own = COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for n, row in enumerate(own.splitlines(), 1):
        for w in words:
            found = re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", row, re.I) if lang == "en" else (w in row)
            if found:
                return w, n
    return None


def check_pages(root: Path, lines: dict[str, dict], report: Report):
    """G004: a parent page that speaks of a danger topic carries its line; G005: a handout carries
    every line of its guide; H003: a shortcode names a line that exists."""
    for path in parent_pages(root):
        page = markdown_source.parse(path)
        has = carried(page)
        for lid, line in has.items():
            if lid not in lines:
                report.error(path, line, "H003", f"unknown danger line '{lid}' (known: {', '.join(lines)})")
        lang = page_lang(path)
        for lid, item in lines.items():
            hit = mentions(page.text, item["triggers"][lang], lang)
            if hit and lid not in has:
                report.error(path, hit[1], "G004",
                             f"speaks of '{hit[0]}' but does not carry the danger line for it: add <!-- danger: {lid} -->")
        if path.parent.name == "handouts":
            guide = path.parent.parent / path.name
            if guide.exists():
                for lid in carried(markdown_source.parse(guide)):
                    if lid not in has and lid in lines:
                        report.error(path, 1, "G005",
                                     f"the handout drops a danger line of its guide {guide.name}: add <!-- danger: {lid} -->")
