"""Small helpers every page renderer uses: the language's file suffix, picking a language's text,
front matter."""
from __future__ import annotations

import json


def sfx(lang: str) -> str:
    """The source-file suffix of a language: x.md (zh) or x.en.md."""
    return ".md" if lang == "zh" else f".{lang}.md"


def L(lang, zh, en):
    return zh if lang == "zh" else en


def fmt_hours(h) -> str:
    return f"{h:g}"


def front_matter(**meta) -> str:
    lines = ["---"]
    for k, v in meta.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    return "\n".join(lines + ["---", ""])
