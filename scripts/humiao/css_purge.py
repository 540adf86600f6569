"""Less render-blocking CSS (issue #22): after the build, Material's stylesheets lose the rules
that cannot match anything the site uses, and our humiao.css is minified. scripts/hooks.py calls
`slim_stylesheets` on post_build; HUMIAO_CSS_PURGE=off leaves every stylesheet as it is (for
comparison and debugging; tests/test_css_purge.py compares the two builds pixel by pixel).

The one rule: a selector is dropped only when a class or id name it requires (outside a
functional pseudo-class such as :not() or :is()) occurs in no built HTML page and no JavaScript
or JSON file of the site, nor starts with a class-name prefix that a script completes at run time
(`md-tag--${x}`). A rule goes when none of its selectors is left. Rules without class or id names
(elements, :root variables) stay; @media and @supports keep what they hold; @font-face and
@keyframes stay if a kept rule names them. Material's file keeps its name (content hash), so
every link, the offline build's too, stays valid. If Material's file does not parse cleanly, or
the result lacks what every page needs, the build warns and leaves it alone.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import tinycss2
from tinycss2.ast import (AtRule, Comment, CurlyBracketsBlock, FunctionBlock, HashToken, IdentToken,
                          LiteralToken, ParenthesesBlock, ParseError, QualifiedRule,
                          SquareBracketsBlock, WhitespaceToken)
from tinycss2.serializer import serialize_identifier

log = logging.getLogger("mkdocs.plugins.humiao")

PURGED = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
MINIFIED = ("assets/humiao.css",)
MUST_KEEP = (".md-header", ".md-typeset", ".md-nav", ".md-search")   # on every page
WORD_RE = re.compile(r"[A-Za-z_][\w-]*")
# A class name a script completes at run time: `md-tag--${x}` or "hm-level-"+x.
ATTR_RE = re.compile(r"""\s(?:class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
JOIN_RE = re.compile(r"\$\{|[\"'`]\s*\+")
PREFIX_RE = re.compile(r"[A-Za-z_][\w-]*[-_]$")
# Not the site's own pages or scripts: Pyodide and the export's code for the trainer's desk, lunr's
# language files. (Pyodide alone is 17 MB.)
SKIP = ("assets/desk/", "assets/javascripts/lunr/")
# Whitespace never matters after these or before those (never before "(": `and (` is no `and(`).
NO_SPACE_AFTER = set(",;{}>(")
NO_SPACE_BEFORE = set(",;{}>)")


def enabled() -> bool:
    return os.environ.get("HUMIAO_CSS_PURGE", "on").lower() not in ("off", "0", "false", "no")


def site_words(site_dir: Path) -> tuple[set[str], tuple[str, ...]]:
    """The names a page can carry: every word of the class and id attributes and inline scripts
    of the built HTML and of every JavaScript file; and the class-name prefixes scripts complete
    at run time."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for pattern in ("*.html", "*.js"):
        for path in site_dir.rglob(pattern):
            if path.relative_to(site_dir).as_posix().startswith(SKIP):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if pattern == "*.html":
                # one findall over all of a page's attribute values: a third of the build's CSS step
                words.update(WORD_RE.findall(" ".join(m.group(1) or m.group(2) or m.group(3) for m in ATTR_RE.finditer(text))))
                text = " ".join(SCRIPT_RE.findall(text))
            words.update(WORD_RE.findall(text))
            prefixes.update(_prefixes(text))
    return words, tuple(sorted(prefixes))


def _prefixes(text: str):
    for join in JOIN_RE.finditer(text):
        m = PREFIX_RE.search(text, max(0, join.start() - 80), join.start())
        if m and len(m.group()) >= 3:
            yield m.group()


def minify(nodes, after_colon=False) -> str:
    """Component values as compact CSS: no comments, whitespace only where it means something
    (after_colon: in declarations, where `color: red` is `color:red`; never in selectors)."""
    parts: list[str | None] = []
    for node in nodes:
        if isinstance(node, (WhitespaceToken, Comment)):
            parts.append(None)
        elif isinstance(node, FunctionBlock):
            parts.append(serialize_identifier(node.name) + "(" + minify(node.arguments) + ")")
        elif isinstance(node, (ParenthesesBlock, SquareBracketsBlock, CurlyBracketsBlock)):
            close = {"(": ")", "[": "]", "{": "}"}[_open(node)]
            parts.append(_open(node) + minify(node.content, True) + close)   # ( ): a media feature, never a selector
        else:
            parts.append(node.serialize())
    out: list[str] = []
    for i, part in enumerate(parts):
        if part is not None:
            out.append(part)
            continue
        after = next((p for p in parts[i + 1:] if p is not None), None)
        colon = {":"} if after_colon else set()
        if (out and out[-1] != " " and after is not None and out[-1][-1] not in NO_SPACE_AFTER | colon
                and after[0] not in NO_SPACE_BEFORE | colon):
            out.append(" ")
    return "".join(out)


def _open(node) -> str:
    return {ParenthesesBlock: "(", SquareBracketsBlock: "[", CurlyBracketsBlock: "{"}[type(node)]


def split_selectors(prelude) -> list[list]:
    selectors: list[list] = [[]]
    for node in prelude:
        if isinstance(node, LiteralToken) and node.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(node)
    return selectors


def required_names(selector) -> list[str]:
    """Class and id names a selector needs; those inside :not(), :is() … are not required."""
    names = []
    for i, node in enumerate(selector):
        if isinstance(node, HashToken) and node.is_identifier:
            names.append(node.value)
        elif (isinstance(node, LiteralToken) and node.value == "." and i + 1 < len(selector)
              and isinstance(selector[i + 1], IdentToken)):
            names.append(selector[i + 1].value)
    return names


class Purge:
    """Purges one stylesheet against the site's words."""

    def __init__(self, words: set[str], prefixes: tuple[str, ...]):
        self.words = words
        self.prefixes = prefixes
        self.dropped = 0

    def used(self, name: str) -> bool:
        return name in self.words or name.startswith(self.prefixes)

    def rules(self, rules) -> list[str]:
        out = []
        for rule in rules:
            if isinstance(rule, ParseError):
                raise ValueError(f"{rule.kind}: {rule.message} (line {rule.source_line})")
            if isinstance(rule, QualifiedRule):
                kept = [s for s in split_selectors(rule.prelude) if all(map(self.used, required_names(s)))]
                if not kept:
                    self.dropped += 1
                    continue
                out.append(",".join(minify(s).strip() for s in kept) + "{" + minify(rule.content, True).strip() + "}")
            elif isinstance(rule, AtRule):
                text = self.at_rule(rule)
                if text:
                    out.append(text)
        return out

    def at_rule(self, rule: AtRule) -> str:
        head = "@" + serialize_identifier(rule.at_keyword) + _prelude(rule.prelude)
        if rule.content is None:
            return head + ";"
        if rule.lower_at_keyword in ("media", "supports", "container", "layer", "document"):
            inner = self.rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            return head + "{" + "".join(inner) + "}" if inner else ""
        return head + "{" + minify(rule.content, True).strip() + "}"


def _prelude(prelude) -> str:
    text = minify(prelude).strip()
    return (" " + text) if text else ""


def _drop_unused_at_rules(rules: list[str], words: set[str]) -> list[str]:
    """@font-face and @keyframes that no kept rule, page or script names go too."""
    body = "".join(r for r in rules if not r.startswith(("@font-face", "@keyframes", "@-webkit-keyframes")))
    kept = []
    for text in rules:
        m = re.match(r"@(?:-webkit-)?keyframes ([\w-]+)", text)
        if m and m.group(1) not in words and not re.search(r"(?<![\w-])" + re.escape(m.group(1)) + r"(?![\w-])", body):
            continue
        f = re.match(r"@font-face\{.*?font-family:([^;}]+)", text)
        if f and f.group(1).strip("\"' ") not in body:
            continue
        kept.append(text)
    return kept


def purge_css(css: str, words: set[str], prefixes: tuple[str, ...]) -> tuple[str, int]:
    """(the stylesheet without rules that cannot match, how many rules went); ValueError if it
    does not parse cleanly."""
    purge = Purge(words, prefixes)
    rules = purge.rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return "".join(_drop_unused_at_rules(rules, words)), purge.dropped


def minify_css(css: str) -> str:
    """The stylesheet without comments and needless whitespace; every rule kept."""
    everything = Purge(set(), ("",))       # every name counts as used
    return "".join(everything.rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def slim_stylesheets(site_dir: Path) -> dict[str, tuple[int, int]]:
    """Rewrite the site's stylesheets in place; returns {file: (bytes before, after)}."""
    if not enabled():
        return {}
    sizes: dict[str, tuple[int, int]] = {}
    words, prefixes = site_words(site_dir)
    for pattern in PURGED:
        for path in site_dir.glob(pattern):
            css = path.read_text(encoding="utf-8")
            try:
                new, _ = purge_css(css, words, prefixes)
            except ValueError as e:
                log.warning("humiao: %s does not parse as expected (%s); left as it is (scripts/humiao/css_purge.py)", path.name, e)
                continue
            if path.name.startswith("main.") and not all(m in new for m in MUST_KEEP):
                log.warning("humiao: %s lost rules every page needs; left as it is (scripts/humiao/css_purge.py)", path.name)
                continue
            path.write_text(new, encoding="utf-8")
            sizes[path.name] = (len(css.encode("utf-8")), len(new.encode("utf-8")))
    for name in MINIFIED:
        path = site_dir / name
        if path.exists():
            css = path.read_text(encoding="utf-8")
            try:
                new = minify_css(css)
            except ValueError as e:
                log.warning("humiao: %s does not parse (%s); copied unminified (scripts/humiao/css_purge.py)", name, e)
                continue
            path.write_text(new, encoding="utf-8")
            sizes[path.name] = (len(css.encode("utf-8")), len(new.encode("utf-8")))
    return sizes
