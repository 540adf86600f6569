"""The glossary (data/glossary.yml): one term per concept in both languages (content guide, "Two
languages"; issue #20). Two words for one thing make a reader wonder whether they are two things,
and a search for one misses the other, so every listed variant of a term is an error wherever
content uses it (G008), naming the term to use; G007 is the file's own shape."""
from __future__ import annotations

import re
from pathlib import Path

from .field_checks import LANGS, check_item, load_mapping
from .problems import Report
from .yaml_source import line_of

SOURCE = "data/glossary.yml"
TERM_KEYS = {"id", "zh", "en", "avoid"}


def load(root: Path, report: Report) -> list[dict]:
    """The glossary's terms; an unusable entry is reported and left out."""
    path = root / SOURCE
    data = load_mapping(path, report, {"terms"}, "glossary file")
    if data is None:
        return []
    terms, seen = [], set()
    for item in data.get("terms") or []:
        ok, what = check_item(report, path, item, TERM_KEYS, "glossary term", seen, "G007")
        if what and _check_term(path, item, what, report) and ok:
            seen.add(item["id"])
            terms.append(item)
    return terms


def _check_term(path, item, what, report) -> bool:
    if not all(isinstance(item.get(lang), str) and item[lang].strip() for lang in LANGS):
        report.error(path, line_of(item), "G007", f"{what} needs its term in zh and en, e.g. zh: 转介, en: referral")
        return False
    avoid = item.get("avoid")
    if not isinstance(avoid, dict) or set(avoid) != set(LANGS) or any(
            not isinstance(avoid[lang], list) or not all(isinstance(v, str) and v.strip() for v in avoid[lang])
            for lang in LANGS):
        report.error(path, line_of(item, "avoid"), "G007",
                     f"avoid of {what} must list variants in zh and en (may be empty), e.g. avoid: {{zh: [], en: [actual carer]}}")
        return False
    for lang in LANGS:
        for v in avoid[lang]:
            if v.lower() in item[lang].lower():   # it would flag every use of the term itself
                report.error(path, line_of(avoid, lang), "G007", f"'{v}' is part of the term '{item[lang]}' of {what}")
                return False
    return True


def pattern(variant: str, lang: str) -> re.Pattern:
    """zh: the characters in order, line breaks allowed between them; en: whole words, any case,
    plural -s, any whitespace between words, straight or curly apostrophe."""
    if lang == "zh":
        return re.compile(r"\s*".join(re.escape(c) for c in variant))
    words = [re.escape(w).replace("'", "['’]") for w in variant.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"s?(?![\w-])", re.I)


SPACE_RE = re.compile(r"\s+")


def squeeze(text: str) -> tuple[str, str]:
    """A text without white space; and the same case-folded, with straight apostrophes."""
    squeezed = SPACE_RE.sub("", text)
    return squeezed, squeezed.casefold().replace("’", "'")


def clue(variant: str, lang: str) -> tuple[str, str]:
    """What the squeezed text (squeeze) of a text that pattern(variant, lang) matches contains:
    zh, the characters; en, the words, case-folded."""
    squeezed, folded = squeeze(variant)
    return (squeezed, "") if lang == "zh" else ("", folded)


def content_files(root: Path) -> list[Path]:
    files = [p for p in sorted((root / "courses").rglob("*")) if p.suffix in (".md", ".yml")]
    files += [p for p in sorted((root / "docs").rglob("*.md")) if not p.name.startswith("benchmarks")]
    files += sorted((root / "quizzes").rglob("*.yml"))
    files += [p for p in sorted((root / "data").glob("*.yml")) if p.name != Path(SOURCE).name]
    return files


def check(root: Path, terms: list[dict], report: Report):
    """G008: a variant the glossary says to avoid, with the line and the term to use. Both
    languages' variants are checked in every file (a zh page quotes English titles, and back)."""
    rules = [(pattern(v, lang), clue(v, lang), item[lang]) for item in terms for lang in LANGS for v in item["avoid"][lang]]
    for path in content_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        # A variant's clue is in any text it matches: most files need no regular expression at all.
        squeezed, folded = squeeze(text)
        for rx, (squeezed_clue, folded_clue), term in rules:
            if (squeezed_clue and squeezed_clue not in squeezed) or (folded_clue and folded_clue not in folded):
                continue
            for m in rx.finditer(text):
                report.error(path, text.count("\n", 0, m.start()) + 1, "G008",
                             f"'{' '.join(m.group(0).split())}' is a variant of the glossary term '{term}': write '{term}' (data/glossary.yml)")
