"""Relative URLs between site pages, for links inside generated raw HTML (which MkDocs
does not rewrite). Mirrors MkDocs: directory URLs on the served site, .html offline. Also the one
parser of `module/lesson#anchor` references to lesson sections."""
from __future__ import annotations

import posixpath
from typing import NamedTuple


def page_url(src: str, directory_urls: bool) -> str:
    stem = src[:-3] if src.endswith(".md") else src
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, to_src: str, directory_urls: bool, anchor: str = "") -> str:
    """The href from page `from_src` to page (or asset) `to_src`, both docs-relative."""
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls) if to_src.endswith(".md") else to_src
    here_dir = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    target = posixpath.relpath(there.rstrip("/") or ".", here_dir or ".")
    if there.endswith("/") or there == "":
        target = "./" if target == "." else target + "/"
    if not directory_urls and target.endswith("/"):
        target += "index.html"
    return target + (f"#{anchor}" if anchor else "")


class Ref(NamedTuple):
    """A `module/lesson#anchor` reference (a question's `see`, an outcome's `read`)."""
    module: str
    lesson: str
    anchor: str

    @property
    def target(self) -> str:
        """module/lesson, without the anchor."""
        return f"{self.module}/{self.lesson}"

    @property
    def page(self) -> str:
        """The lesson's docs-relative source path."""
        return f"courses/{self.module}/{self.lesson}.md"


def parse_ref(ref) -> Ref | None:
    """The one parser of `module/lesson#anchor` references; None when `ref` is not of that form
    (not a string, no `#`, or not exactly one `/` before it)."""
    if not isinstance(ref, str) or "#" not in ref:
        return None
    target, anchor = ref.split("#", 1)
    if target.count("/") != 1:
        return None
    module, lesson = target.split("/")
    return Ref(module, lesson, anchor)
