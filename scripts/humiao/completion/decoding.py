"""Bytes to text to JSON, with a reason a person can act on when that fails: encodings (UTF-16,
GBK, binary data), truncation, invalid JSON, NaN, numbers too long, unpaired surrogates."""
from __future__ import annotations

import codecs
import json


NOT_TEXT = "not a text file (binary data): not a completion record"


def _looks_like_json(data: bytes, encoding: str) -> bool:
    """Whether the bytes read as text in this encoding and that text starts like a JSON object."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few bad bytes (a damaged copy), not text in another encoding: GBK read as
    UTF-8 gives hardly any valid multi-byte character."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return sum(1 for ch in text if ch > "\x7f") - bad > 4 * bad


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes -> (text, "") or (None, reason). A reason guesses an encoding only when the bytes
    really read as JSON text in it; anything else is called binary data."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\x00" in data[:4096] or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _looks_like_json(data, "utf-16"):
            return None, "not UTF-8 (looks like UTF-16 from Windows): save as UTF-8"
        return None, NOT_TEXT
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.end >= len(data):
            return None, TRUNCATED
        if _mostly_utf8(data):
            return None, f"damaged: byte {e.start} is not valid UTF-8 (copy or send the file again)"
        if _looks_like_json(data, "gb18030"):
            return None, "not UTF-8 (looks like GBK from Windows): save as UTF-8"
        if data.lstrip()[:1] in (b"{", b"["):
            return None, "not UTF-8 text: save the file as UTF-8"
        return None, NOT_TEXT
    if not text or text.isspace():      # what `not text.strip()` says, without copying the text
        return None, "empty file"
    return text, ""


TRUNCATED = "truncated: the file ends in the middle of the record (copy or send the file again)"


class _NotJson(ValueError):
    pass


def _no_constant(name: str):
    raise _NotJson(f"{name} is not a JSON value (a record holds whole numbers only)")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def parse(text: str):
    """Text -> (object, "") or (None, reason)."""
    try:
        obj = _DECODER.decode(text)
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            return None, TRUNCATED
        return None, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
    except _NotJson as e:
        return None, f"not valid JSON: {e}"
    except ValueError:          # Python's limit on digits of an integer (4300)
        return None, "not valid JSON for a record: a number with thousands of digits"
    if "\\u" in text:          # only an escape can make an unpaired surrogate (\\ud800)
        where = _surrogate_path(obj)
        if where:
            return None, f"not valid Unicode text: an unpaired surrogate (\\ud800-\\udfff) in {where}"
    return obj, ""


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _shown(s: str) -> str:
    return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _surrogate_path(obj, path: str = "") -> str:
    """The first field path (a key or a value) holding an unpaired surrogate, "" if none."""
    if type(obj) is str:
        return (path or "the value") if _has_surrogate(obj) else ""
    if type(obj) is dict:
        for k, v in obj.items():
            here = f"{path}.{_shown(k)}" if path else _shown(k)
            if _has_surrogate(k):
                return here
            found = _surrogate_path(v, here)
            if found:
                return found
    elif type(obj) is list:
        for i, v in enumerate(obj):
            found = _surrogate_path(v, f"{path}[{i}]")
            if found:
                return found
    return ""
