"""Record codes: a completion record as one line of text, for hand-in where a file cannot go
(WeChat's own browser blocks downloads; a chat or an SMS carries text).

    HM1.<payload>.<check>

- `HM1` names the format and its version; a later format takes a new prefix.
- payload: base64url (no padding) of the record's canonical JSON (record.canonical, checksum
  included), zlib-compressed. A browser without CompressionStream writes it uncompressed; the
  payload's first byte tells which ("{" is plain JSON, 0x78 is a zlib header).
- check: the first 8 hex digits of SHA-256 of the payload text, so a code cut off or changed in a
  chat is named as such before anything else is tried.

The page's script (docs/assets/progress.js) writes and reads the same codes; the shared vectors
in tests/vectors/record-codes.json hold both sides to this text."""
from __future__ import annotations

import base64
import binascii
import hashlib
import re
import zlib

from .record import MAX_BYTES, canonical

PREFIX = "HM1"
# A code in any text: a pasted chat, a .txt file, a message with the learner's own words around it.
# A chat app may wrap a long line; a code never holds white space, so a break ends it (and its check fails).
CODE_RE = re.compile(r"HM1\.([A-Za-z0-9_-]*)(?:\.([0-9a-fA-F]{0,8}))?")
CUT = "record code incomplete or changed: copy the whole code again (it starts with HM1. and ends with a dot and 8 letters or digits)"


def _check(payload: str) -> str:
    return hashlib.sha256(payload.encode("ascii")).hexdigest()[:8]


def encode(record: dict, compress: bool = True) -> str:
    """The code of a record (dict with its checksum)."""
    data = canonical(record)
    if compress:
        data = zlib.compress(data, 9)
    payload = base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
    return f"{PREFIX}.{payload}.{_check(payload)}"


def find(text: str) -> list[str]:
    """Every code in a text, in order (a code written twice counts twice: the export names duplicates)."""
    return [m.group(0) for m in CODE_RE.finditer(text)]


def decode(code: str) -> tuple[bytes | None, str]:
    """A code -> (the record's JSON bytes, "") or (None, reason)."""
    m = CODE_RE.fullmatch(code.strip())
    if not m or not m.group(2) or len(m.group(2)) != 8 or _check(m.group(1)) != m.group(2).lower():
        return None, CUT
    payload = m.group(1)
    try:
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        return None, CUT
    if data[:1] == b"{":
        return data, ""
    try:
        inflate = zlib.decompressobj()
        out = inflate.decompress(data, MAX_BYTES + 1)
    except zlib.error:
        return None, "record code is not a Humiao record (its content cannot be unpacked)"
    if len(out) > MAX_BYTES or inflate.unconsumed_tail:
        return None, "record code unpacks to more than a record can hold"
    if not inflate.eof:
        return None, CUT
    return out, ""


def looks_like_codes(text: str) -> bool:
    """Whether a text is a hand-in of codes rather than a JSON record."""
    return not text.lstrip("\ufeff \t\r\n").startswith(("{", "[")) and "HM1." in text
