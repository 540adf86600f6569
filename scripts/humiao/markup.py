"""Small helpers every page renderer uses: the language's file suffix, picking a language's text,
front matter, `tel:` links."""
from __future__ import annotations

import json
from html import escape


def lang_suffix(lang: str) -> str:
    """The source-file suffix of a language: x.md (zh) or x.en.md."""
    return ".md" if lang == "zh" else f".{lang}.md"


def lang_text(lang, zh, en):
    """The text for `lang` of a zh/en pair written in the code: `zh` in Chinese, else `en`."""
    return zh if lang == "zh" else en


def fmt_hours(h) -> str:
    return f"{h:g}"


def front_matter(**meta) -> str:
    lines = ["---"]
    for k, v in meta.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    return "\n".join(lines + ["---", ""])


def tel_href(phone: str) -> str:
    """The `tel:` URL of a phone number as the directory writes it (022-12345678 -> tel:02212345678)."""
    return "tel:" + phone.replace("-", "")


def tel_link(phone: str) -> str:
    """The one place that writes `tel:` markup: a tappable number, shown as written."""
    return f'<a class="hm-tel" href="{escape(tel_href(phone))}">{escape(phone)}</a>'
