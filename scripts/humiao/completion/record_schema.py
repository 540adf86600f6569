"""The completion record format (version 1) as one JSON Schema, record.schema.json beside this file.

The schema is the one source of the record's fields: record.py takes its key tuples, patterns and
text limits from it at import, the record-format pages' field table is rendered from it
(`<!-- record-schema -->`, build.expand_shortcodes), and the tests validate records with it.
Descriptions: `description` is English, `x-description-zh` is Chinese (an annotation
validators ignore). The enums (role, district, mode) are vocab.py's keys, checked by
tests/completion/test_record_schema.py."""
from __future__ import annotations

import json
from pathlib import Path

from ..vocab import ROLES, label

PATH = Path(__file__).with_name("record.schema.json")
SCHEMA: dict = json.loads(PATH.read_text(encoding="utf-8"))
DEFS: dict = SCHEMA["$defs"]


def resolve(node: dict) -> dict:
    """A property's schema with a local `$ref` (#/$defs/name) merged under its own keywords."""
    ref = node.get("$ref")
    if not ref:
        return node
    return {**resolve(DEFS[ref.rsplit("/", 1)[1]]), **{k: v for k, v in node.items() if k != "$ref"}}


def props(node: dict) -> dict:
    return resolve(node)["properties"]


def keys(node: dict) -> tuple:
    return tuple(props(node))


def pattern(node: dict) -> str:
    """A schema pattern (anchored ^…$) without its anchors, for re.fullmatch."""
    return resolve(node)["pattern"].removeprefix("^").removesuffix("$")


TOP = props(SCHEMA)
LEARNER = props(TOP["learner"])
ATTEMPT = props(TOP["attempts"]["items"])
CLAIMED = props(DEFS["claimed"])


# --- the docs table --------------------------------------------------------------------------

_HEAD = {"zh": ("| 字段 | 含义与要求 |", "|---|---|"), "en": ("| field | meaning and rules |", "|---|---|")}


def _meaning(node: dict, name: str, lang: str) -> str:
    node = resolve(node)
    text = node["x-description-zh"] if lang == "zh" else node["description"]
    if "enum" in node:
        if name == "role":       # with the role's name, from vocab.ROLES
            sep = "、" if lang == "zh" else ", "
            vals = sep.join(f"`{v}`（{label(ROLES, v, lang)}）" if lang == "zh" else f"`{v}` ({label(ROLES, v, lang)})"
                            for v in node["enum"])
        else:
            vals = (" " if name == "district" else (" 或 " if lang == "zh" else " or ")).join(f"`{v}`" for v in node["enum"])
        text = f"{text}{'' if lang == 'zh' else ' '}{vals}"
    return text


def table(lang: str) -> str:
    """The field table of the record-format page in `lang`: one row per field of the record, of
    `learner` and of an attempt (the nested `claimed` is described in its row)."""
    rows = list(_HEAD[lang])
    for name, node in TOP.items():
        sub = resolve(node)
        if name == "learner":
            rows += [f"| `learner.{k}` | {_meaning(v, k, lang)} |" for k, v in props(sub).items()]
        elif name == "attempts":
            rows += [f"| `attempts[].{k}` | {_meaning(v, k, lang)} |" for k, v in props(sub["items"]).items()]
        else:
            rows.append(f"| `{name}` | {_meaning(node, name, lang)} |")
    return "\n".join(rows)

