"""Relative URLs between site pages, for links inside generated raw HTML (which MkDocs
does not rewrite). Mirrors MkDocs: directory URLs on the served site, .html offline."""
from __future__ import annotations

import posixpath


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
