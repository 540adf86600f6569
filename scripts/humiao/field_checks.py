"""Field checks shared by every content type (closed mappings: unknown keys are errors; {zh, en}
texts; ids) and the small YAML data-file loaders built on them (load_mapping, check_item)."""
from __future__ import annotations

import re

from . import yaml_source
from .problems import Report
from .vocab import LANGS  # noqa: F401  (re-exported: loaders import it from here)
from .yaml_source import line_of

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def check_keys(report: Report, path, node, required: set, optional: set = frozenset(), what="entry") -> bool:
    """Report missing and unknown keys of a mapping. Returns False if node is not a mapping."""
    if not isinstance(node, dict):
        report.error(path, line_of(node), "S001", f"{what} must be a mapping (key: value), found {type(node).__name__}")
        return False
    for key in node:
        if key not in required and key not in optional:
            allowed = ", ".join(sorted(set(required) | set(optional)))
            report.error(path, line_of(node, key), "S002", f"unknown key '{key}' in {what} (allowed: {allowed})")
    for key in sorted(required):
        if key not in node:
            report.error(path, line_of(node), "S003", f"missing key '{key}' in {what}")
    return True


def check_text(report: Report, path, node, key, what="entry") -> bool:
    """`node[key]` must be {zh: text, en: text}, both non-empty."""
    value = node.get(key) if isinstance(node, dict) else None
    line = line_of(node, key)
    if not isinstance(value, dict):
        report.error(path, line, "S004", f"'{key}' of {what} must have zh and en text")
        return False
    ok = True
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            report.error(path, line_of(value, lang, line), "S005", f"'{key}' of {what} has no {lang} text")
            ok = False
    for extra in set(value) - set(LANGS):
        report.error(path, line_of(value, extra, line), "S002", f"unknown language '{extra}' in '{key}' of {what} (allowed: zh, en)")
        ok = False
    return ok


def check_id(report: Report, path, node, key="id", what="entry") -> bool:
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, str) or not ID_RE.match(value):
        report.error(path, line_of(node, key), "S006",
                     f"'{key}' of {what} must be lower-case ASCII words joined by '-', found {value!r}")
        return False
    return True


def text(value, lang: str) -> str:
    """The text of a {zh, en} field in one language ('' if absent)."""
    return value.get(lang, "") if isinstance(value, dict) else ""


def load_mapping(path, report: Report, keys: set, what: str):
    """A YAML data file that is a mapping of exactly `keys`, or None (with the problem reported;
    a missing file is no problem: the feature is simply off)."""
    if not path.exists():
        return None
    try:
        data = yaml_source.load(path)
    except yaml_source.YamlError as e:
        report.error(path, e.line, "Y001", e.message)
        return None
    return data if check_keys(report, path, data, keys, set(), what) else None


def check_item(report: Report, path, item, keys: set, kind: str, seen, code: str) -> tuple[bool, str]:
    """One entry of a data file's list: a mapping of exactly `keys` whose id is new (`code` when
    it is not). Returns (ok, its name for messages, e.g. "station 'x'")."""
    if not check_keys(report, path, item, keys, set(), kind):
        return False, ""
    ok = check_id(report, path, item, "id", kind)
    what = f"{kind} '{item.get('id')}'"
    if ok and item["id"] in seen:
        report.error(path, line_of(item, "id"), code, f"{what} is defined twice")
        ok = False
    return ok, what
