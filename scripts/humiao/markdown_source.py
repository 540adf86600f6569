"""Reading the structure of a Markdown page: headings with anchors, admonitions, shortcodes.
Used for the zh/en parity check and the component rules."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{\s*#([A-Za-z0-9_-]+)\s*\})?\s*$")
ADMONITION_RE = re.compile(r'^(\s*)(!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"(.*)")?\s*$')
# The shortcodes a page may use (expanded by build.expand_shortcodes, checked in content.py).
SHORTCODE_NAMES = ("help", "referral-guide", "danger", "record-schema")
SHORTCODE_RE = re.compile(r"<!--\s*(" + "|".join(SHORTCODE_NAMES) + r")(?:\s*:\s*([\w-]+))?\s*-->")
# A comment alone on its line (outside code fences) is taken for a shortcode, and so must be a
# known one (H004), when its text is lower-case ASCII words joined by '-', '_' or spaces, with at
# most one ': argument' (`<!-- halp -->`, `<!-- referral guide -->`, `<!-- help family -->`), or
# when its first word is a shortcode name in any case (`<!-- Help -->`, `<!-- help: a b -->`).
# Prose comments start with a capital letter or a Chinese character, or hold punctuation:
# `<!-- A lesson: short sections. -->`, `<!-- 待核实 -->`, `<!-- todo: check the date -->`.
LONE_COMMENT_RE = re.compile(r"^\s*<!--\s*(.*?)\s*-->\s*$")
SHORTCODE_LIKE_RE = re.compile(r"[a-z][a-z0-9_]*(?:[- ][a-z0-9_]+)*(?:\s*:\s*[\w-]+)?")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass
class Element:
    kind: str      # heading | admonition | shortcode
    line: int
    level: int = 0          # heading level, or admonition indent
    name: str = ""          # anchor, admonition type, or shortcode name
    title: str = ""
    arg: str = ""
    parent: str = ""        # for admonitions: the type of the admonition it is nested in

    def signature(self) -> tuple:
        """What must match between the zh and en versions of a page."""
        if self.kind == "heading":
            return ("heading", self.level, self.name)
        if self.kind == "admonition":
            return ("admonition", self.level, self.name)
        return ("shortcode", self.name, self.arg)

    def describe(self) -> str:
        if self.kind == "heading":
            return f"heading h{self.level} {{ #{self.name} }}" if self.name else f"heading h{self.level} without anchor"
        if self.kind == "admonition":
            return f"component '{self.name}'"
        return f"shortcode <!-- {self.name}{': ' + self.arg if self.arg else ''} -->"


@dataclass
class Page:
    path: Path
    text: str
    elements: list[Element] = field(default_factory=list)
    unknown_shortcodes: list[tuple[int, str]] = field(default_factory=list)   # (line, comment text)

    @property
    def title(self) -> str:
        for e in self.elements:
            if e.kind == "heading" and e.level == 1:
                return e.title
        return ""

    def headings(self, level=None):
        return [e for e in self.elements if e.kind == "heading" and (level is None or e.level == level)]

    def admonitions(self, name=None):
        return [e for e in self.elements if e.kind == "admonition" and (name is None or e.name == name)]

    def anchors(self) -> set[str]:
        return {e.name for e in self.headings() if e.name}


def parse(path: Path) -> Page:
    text = Path(path).read_text(encoding="utf-8")
    return parse_text(path, text)


def parse_text(path: Path, text: str) -> Page:
    page = Page(Path(path), text)
    offset = 0
    fm = FRONT_MATTER_RE.match(text)
    if fm:
        offset = fm.group(0).count("\n")
        text = text[fm.end():]
    in_fence = False
    stack: list[tuple[int, str]] = []  # open admonitions: (indent, type)
    for number, line in enumerate(text.splitlines(), start=1 + offset):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            while stack and indent <= stack[-1][0]:
                stack.pop()
        m = HEADING_RE.match(line)
        if m and not line.startswith(" "):
            page.elements.append(Element("heading", number, len(m.group(1)), m.group(3) or "", m.group(2).strip()))
            continue
        m = ADMONITION_RE.match(line)
        if m:
            indent = len(m.group(1))
            parent = stack[-1][1] if stack else ""
            page.elements.append(Element("admonition", number, indent, m.group(3), m.group(4) or "", parent=parent))
            stack.append((indent, m.group(3)))
            continue
        for sm in SHORTCODE_RE.finditer(line):
            page.elements.append(Element("shortcode", number, 0, sm.group(1), arg=sm.group(2) or ""))
        if looks_like_unknown_shortcode(line):
            page.unknown_shortcodes.append((number, LONE_COMMENT_RE.match(line).group(1)))
    return page


def looks_like_unknown_shortcode(line: str) -> bool:
    """A comment alone on the line that reads as a shortcode (see LONE_COMMENT_RE) but is none."""
    m = LONE_COMMENT_RE.match(line)
    if not m or SHORTCODE_RE.fullmatch(line.strip()):
        return False
    text = m.group(1)
    first = re.match(r"[A-Za-z][\w-]*", text)
    return bool(SHORTCODE_LIKE_RE.fullmatch(text)) or bool(first and first.group(0).lower() in SHORTCODE_NAMES)


def compare(zh: Page, en: Page):
    """Yield (line in en, message) for each structural difference, first one per run of drift."""
    a = [e for e in zh.elements if not (e.kind == "heading" and e.level == 1)]
    b = [e for e in en.elements if not (e.kind == "heading" and e.level == 1)]
    for i, (x, y) in enumerate(zip(a, b)):
        if x.signature() != y.signature():
            yield y.line, f"differs from {zh.path.name} line {x.line}: zh has {x.describe()}, en has {y.describe()}"
            return
    if len(a) > len(b):
        x = a[len(b)]
        yield (b[-1].line if b else 1), f"misses what {zh.path.name} has at line {x.line}: {x.describe()}"
    elif len(b) > len(a):
        y = b[len(a)]
        yield y.line, f"has {y.describe()}, which {zh.path.name} does not have"
    if not zh.title or not en.title:
        yield 1, "both languages need a '# Title' line"
