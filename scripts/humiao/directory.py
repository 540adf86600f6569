"""The resource directory (data/directory.yml): hotlines and the "5+X" service network."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import phones as phone_rule, yaml_source
from .field_checks import check_id, check_keys, check_text
from .problems import Report
from .vocab import AREAS, CITY_WIDE, DISTRICTS, LANGS  # noqa: F401  (AREAS, DISTRICTS re-exported)
from .yaml_source import line_of

TYPES = {
    "emergency": ("紧急求助", "Emergency"),
    "hotline": ("心理与咨询热线", "Hotlines"),
    "welfare-institution": ("儿童福利机构", "Child welfare institutions"),
    "minors-rescue-protection": ("未成年人救助保护机构", "Minors' rescue and protection institutions"),
    "minors-protection-station": ("未成年人保护工作站", "Minors' protection workstations"),
    "school-psychology": ("学校心理中心", "School psychology centres"),
    "youth-palace": ("少年宫", "Youth palaces"),
    "hospital": ("医院与精神卫生服务", "Hospitals and mental-health services"),
    "family-education-centre": ("家庭教育指导服务中心", "Family education guidance centres"),
    "childrens-home": ("儿童之家", "Children's centres"),
    "other": ("其他", "Other"),
}
AUDIENCE = {"children": ("儿童", "Children"), "families": ("家长和照料人", "Parents and caregivers"),
            "workers": ("儿童工作者", "Child workers")}
# What a line is verified to be for. `crisis`: a line whose crisis role is sourced (12356, the
# Tianjin psychological assistance line); `support`: a line to talk to or ask, whose crisis role or
# hours are not verified, so it is never offered as the place to call in a crisis; 12345 is one,
# and is never presented as where a mandatory report goes (that is the police).
TOPICS = {"emergency", "crisis", "family", "protection", "referral", "support"}
# Help blocks: <!-- help -->, <!-- help: family -->, <!-- help: protection -->. Each leads with the
# one or two lines to call first for the page's situation (the strip numbers on that topic), then
# folds every line on its `more` topics, with what they offer and their hours.
HELP_FIRST = {
    "emergency": ("有生命危险、受了重伤", "A life in danger or a serious injury"),
    "crisis": ("孩子说想死，或者心里扛不住了", "A child says they want to die, or cannot cope"),
    "protection": ("孩子受到伤害或正处在危险中：报警", "A child harmed or in danger: call the police"),
}
HELP_VARIANTS = {
    "": {"first": ["emergency", "crisis"], "more": ["crisis", "support"]},
    "crisis": {"first": ["emergency", "crisis"], "more": ["crisis", "support"]},
    "family": {"first": ["emergency", "crisis"], "more": ["crisis", "family", "support"]},
    "protection": {"first": ["protection", "emergency", "crisis"], "more": ["protection", "crisis"]},
}
ENTRY_KEYS = {"id", "name", "type", "area", "hours", "offers", "audience", "topics", "source", "verified_on"}
ENTRY_OPTIONAL = {"phones", "strip", "address", "how_to_reach"}
STALE_AFTER_DAYS = 365


def load(root: Path, report: Report, today: dt.date | None = None) -> list[dict]:
    path = root / "data" / "directory.yml"
    try:
        data = yaml_source.load(path)
    except yaml_source.YamlError as e:
        report.error(path, e.line, "Y001", e.message)
        return []
    if not check_keys(report, path, data, {"entries"}, set(), "directory"):
        return []
    entries = data.get("entries") or []
    today = today or build_date()
    seen: dict[str, int] = {}
    good = []
    for e in entries:
        if _check_entry(path, e, report, seen, today):
            good.append(e)
    return good


def _check_entry(path, e, report: Report, seen, today) -> bool:
    if not check_keys(report, path, e, ENTRY_KEYS, ENTRY_OPTIONAL, "directory entry"):
        # An entry without a source is an error, whatever else it has.
        return False
    ok = check_id(report, path, e, "id", "directory entry")
    if ok and e["id"] in seen:
        report.error(path, line_of(e, "id"), "D001", f"entry id '{e['id']}' is used twice (also line {seen[e['id']]})")
        ok = False
    seen[e.get("id")] = line_of(e, "id")
    what = f"entry '{e.get('id')}'"
    for key in ("name", "hours", "offers") + tuple(k for k in ("address", "how_to_reach") if k in e):
        ok &= check_text(report, path, e, key, what)
    if e.get("type") not in TYPES:
        report.error(path, line_of(e, "type"), "D002", f"type of {what} must be one of: {', '.join(TYPES)}")
        ok = False
    if e.get("area") not in AREAS:
        report.error(path, line_of(e, "area"), "D003", f"area of {what} must be {', '.join(CITY_WIDE)} or a district: {', '.join(DISTRICTS)}")
        ok = False
    phones = e.get("phones", [])
    if not isinstance(phones, list) or any(not isinstance(p, str) for p in phones):
        report.error(path, line_of(e, "phones"), "D004", f"phones of {what} must be a list of quoted strings")
        ok = False
    else:
        for i, p in enumerate(phones):
            if not phone_rule.is_number(p):
                report.error(path, line_of(phones, i), "D005", f"phone {p!r} of {what} is not {phone_rule.NUMBER_SHAPES}")
                ok = False
    if not phones and "how_to_reach" not in e:
        report.error(path, line_of(e), "D006", f"{what} has no phone: say how to reach it in how_to_reach")
        ok = False
    for key, allowed, code in (("audience", AUDIENCE, "D007"), ("topics", TOPICS, "D008")):
        values = e.get(key)
        if not isinstance(values, list) or not values or any(v not in allowed for v in values):
            report.error(path, line_of(e, key), code, f"{key} of {what} must list some of: {', '.join(allowed)}")
            ok = False
    if "strip" in e and not isinstance(e["strip"], bool):
        report.error(path, line_of(e, "strip"), "D009", f"strip of {what} must be true or false")
    source = e.get("source")
    if not source or (isinstance(source, str) and not source.strip()):
        report.error(path, line_of(e, "source"), "D010", f"{what} has no source: an entry that cannot be sourced is left out")
        ok = False
    else:   # {zh, en}: the English reader gets the citation in English (the documents keep their numbers)
        ok &= check_text(report, path, e, "source", what)
    verified = e.get("verified_on")
    try:
        day = dt.date.fromisoformat(str(verified))
    except ValueError:
        report.error(path, line_of(e, "verified_on"), "D011", f"verified_on of {what} must be a date YYYY-MM-DD, found {verified!r}")
        return False
    if day > today:
        report.error(path, line_of(e, "verified_on"), "D012", f"verified_on of {what} is in the future")
        ok = False
    elif (today - day).days > STALE_AFTER_DAYS:
        report.warning(path, line_of(e, "verified_on"), "D013",
                       f"{what} was last verified {day.isoformat()}, more than 12 months ago: re-check it")
    return ok


def for_topics(entries: list[dict], topics: list[str]) -> list[dict]:
    """Entries on any of the topics, in the order of the topics, then of the file."""
    out = []
    for t in topics:
        out += [e for e in entries if t in e["topics"] and e.get("phones") and e not in out]
    return out


def age_days(entry: dict, today: dt.date | None = None) -> int:
    return ((today or build_date()) - dt.date.fromisoformat(str(entry["verified_on"]))).days


def build_date() -> dt.date:
    """The date the site is built on: SOURCE_DATE_EPOCH when set (reproducible builds, as MkDocs's
    sitemap takes it; the tests pin it, so builds on either side of midnight agree), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return dt.date.today()
    if not epoch.isdigit():       # a set-up mistake: one line, whichever command met it first
        raise SystemExit(f"SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, found {epoch!r}")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()


def open_data(entries: list[dict]) -> dict:
    """The machine-readable directory published at directory/directory.json."""
    def plain(v):
        return {k: plain(x) for k, x in v.items()} if isinstance(v, dict) else [plain(x) for x in v] if isinstance(v, list) else v
    return {"schema": "directory.schema.json", "version": 1, "entries": [plain(e) for e in entries]}


JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Humiao resource directory",
    "type": "object",
    "required": ["version", "entries"],
    "properties": {
        "schema": {"type": "string"},
        "version": {"const": 1},
        "entries": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": sorted(ENTRY_KEYS),
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "name": {"$ref": "#/$defs/text"}, "hours": {"$ref": "#/$defs/text"},
                "offers": {"$ref": "#/$defs/text"}, "address": {"$ref": "#/$defs/text"},
                "how_to_reach": {"$ref": "#/$defs/text"},
                "type": {"enum": sorted(TYPES)}, "area": {"enum": sorted(AREAS)},
                "phones": {"type": "array", "items": {"type": "string", "pattern": phone_rule.NUMBER_RE.pattern}},
                "audience": {"type": "array", "items": {"enum": sorted(AUDIENCE)}},
                "topics": {"type": "array", "items": {"enum": sorted(TOPICS)}},
                "strip": {"type": "boolean"},
                "source": {"$ref": "#/$defs/text"},
                "verified_on": {"type": "string", "format": "date"},
            }}},
    },
    "$defs": {"text": {"type": "object", "additionalProperties": False, "required": list(LANGS),
                       "properties": {lang: {"type": "string"} for lang in LANGS}}},
}
