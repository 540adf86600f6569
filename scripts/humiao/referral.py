"""The referral decision guide (data/referral.yml). Filled in by the referral-guide work."""
from __future__ import annotations

from pathlib import Path

from .problems import Report


def load(root: Path, report: Report, curriculum, entries):
    return None


def node_ids(root: Path) -> set[str]:
    return set()


def pages(tree, entries, lang, directory_urls) -> dict[str, str]:
    return {}
