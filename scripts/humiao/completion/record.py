"""Parse and verify one completion record (format version 1, written by the My progress page).

`verify(data, name, catalog, now_ms)` returns either a `Reject` (the whole file is not used) or a
`Record`: the learner, what the record proves (completed modules, the annual assessment) and the
rejects of single attempts. Every reject names the field that failed (`learner.district`,
`attempts[2].answers.q-id`) and says why in one line; nothing here raises on bad input.

The checks, in order (the first failure decides a file reject):
  1. bytes: UTF-8 (a BOM is fine), not empty, not truncated, valid JSON, a JSON object
  2. format and format_version, then every field present, of the right type, no unknown field
  3. checksum: "sha256:" + sha256 of the canonical JSON of the record without "checksum"
  4. dates: no export date or lesson date in the future (24 h clock skew allowed)
  5. each attempt (a failure rejects that attempt only): known bank and version, mode, dates,
     asked questions and chosen options exist, then re-grading with quizzes.grade: a practice
     attempt whose claimed score differs is rejected; an assessment attempt that does not pass
     is listed as not passed (it still counts for item statistics).

The format itself (fields, types, patterns, lengths, enums) is record.schema.json: the constants
below are read from it at import (record_schema.py)."""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import re

from ..vocab import DISTRICT_NAMES, ROLES  # noqa: F401  (re-exported)
from . import record_schema as _S
from .attempts import _check_attempt, _pct
from .catalog import SEP, BankInfo, Catalog, ModuleInfo, load_catalog  # noqa: F401  (re-exported)
from .decoding import NOT_TEXT, TRUNCATED, decode, parse  # noqa: F401  (re-exported)
from .results import Attempt, Record, Reject  # noqa: F401  (re-exported)
from .results import Bad as _Bad
from .rules import beijing_year, first_per_bank, summarise, text_problem, year_bounds
from .times import beijing, ms_to_iso  # noqa: F401  (ms_to_iso re-exported)

# The format's fields, patterns and limits come from record.schema.json (record_schema.py); the
# checks below stay hand-written for speed and for their one-line reasons.
FORMAT = _S.TOP["format"]["const"]
FORMAT_VERSION = _S.TOP["format_version"]["const"]
SKEW_MS = 24 * 3600 * 1000            # a device clock may run up to a day ahead
MAX_BYTES = 20 * 1024 * 1024          # a real record is some tens of kB
TOP_KEYS = _S.keys(_S.SCHEMA)
LEARNER_KEYS = _S.keys(_S.TOP["learner"])
ATTEMPT_KEYS = _S.keys(_S.TOP["attempts"]["items"])
CLAIMED_KEYS = _S.keys(_S.DEFS["claimed"])
MODES = tuple(_S.resolve(_S.ATTEMPT["mode"])["enum"])
_KEYSETS = {k: frozenset(k) for k in (TOP_KEYS, LEARNER_KEYS, ATTEMPT_KEYS, CLAIMED_KEYS)}
_STR, _LIST = {str}, {list}
_ATTEMPT_SET, _CLAIMED_SET = _KEYSETS[ATTEMPT_KEYS], _KEYSETS[CLAIMED_KEYS]
_NO_BITS: dict = {}
ID_RE = re.compile(_S.pattern(_S.LEARNER["id"]))
_id_ok = ID_RE.fullmatch
CHECKSUM_RE = re.compile(_S.pattern(_S.TOP["checksum"]))
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
TEXT_LIMITS = {k: (_S.LEARNER[k]["minLength"], _S.LEARNER[k]["maxLength"]) for k in ("name", "organisation", "staff_id")}


# --- helpers --------------------------------------------------------------------------------

_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def canonical(obj) -> bytes:
    """The bytes the checksum is computed over: json.dumps(obj, sort_keys=True, ensure_ascii=False,
    separators=(",", ":")) in UTF-8 (the browser: recursively sorted keys + JSON.stringify)."""
    return _CANONICAL.encode(obj).encode("utf-8")


def checksum_of(record: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical({k: v for k, v in record.items() if k != "checksum"})).hexdigest()


def _type(v) -> str:
    if v is None:
        return "null"
    if type(v) is float:
        return f"the decimal number {v!r}"
    return {bool: "true/false", int: "a number", str: "text", list: "a list", dict: "an object"}.get(type(v), type(v).__name__)


_fromiso = dt.datetime.fromisoformat


def _ms(value) -> int | None:
    """An ISO-8601 date and time with a time zone -> milliseconds since 1970 UTC, else None."""
    try:
        d = _fromiso(value)
    except (TypeError, ValueError):
        return None
    if d.tzinfo is None or "T" not in value:
        return None
    return round(d.timestamp() * 1000)


def _ts(value, path: str) -> int:
    """A timestamp field -> milliseconds since 1970 UTC, or a file reject saying what is wrong."""
    ms = _ms(value)
    if ms is not None:
        return ms
    if type(value) is not str:
        raise _Bad(path, f"must be a date and time like 2026-11-28T10:00:00.000Z, found {_type(value)}")
    try:
        if "T" not in value:
            raise ValueError
        _fromiso(value)
    except ValueError:
        raise _Bad(path, f"not an ISO-8601 date and time: {value[:40]!r}") from None
    raise _Bad(path, f"date and time without a time zone: {value[:40]!r}")


def _text(value, path: str, key: str) -> str:
    if type(value) is not str:
        raise _Bad(path, f"must be text, found {_type(value)}")
    lo, hi = TEXT_LIMITS[key]
    n = len(value.strip())
    if n < lo:
        raise _Bad(path, "is empty")
    if len(value) > hi:
        raise _Bad(path, f"is longer than {hi} characters")
    problem = text_problem(value)
    if problem:
        raise _Bad(path, problem)
    return value


def _keys(obj, path: str, keys: tuple, what: str):
    if type(obj) is dict and obj.keys() == _KEYSETS[keys]:
        return
    if type(obj) is not dict:
        raise _Bad(path, f"must be an object, found {_type(obj)}")
    for k in obj:
        if k not in keys:
            raise _Bad(f"{path}.{k}" if path else k, f"unknown field in {what} (format version 1 has: {', '.join(keys)})")
    for k in keys:
        if k not in obj:
            raise _Bad(f"{path}.{k}" if path else k, "required field is missing")


def _int(value, path: str, lo: int = 0) -> int:
    if type(value) is not int:
        found = repr(value) if type(value) is float else _type(value)
        raise _Bad(path, f"must be a whole number, found {found}")
    if value < lo:
        raise _Bad(path, f"must be at least {lo}, found {value}")
    return value


# --- the verifier ---------------------------------------------------------------------------

def verify(data: bytes, name: str, cat: Catalog, now_ms: int, items=None, keep=False, year=None, text=None):
    """Verify one record. With a training `year`, only what happened in that year (Beijing time)
    counts: other attempts are listed as rejects, and a record with nothing in the year is a file
    reject. `items` (an items.ItemAcc) receives the item sample (rules.first_per_bank) of an
    accepted record; keep=True returns the year's usable attempts and the lessons too. `text` is
    decode(data)'s text when the caller has it already (decoding 20 kB again costs time)."""
    if text is None:
        text, reason = decode(data)
        if text is None:
            return Reject(name, "", "", reason)
    obj, reason = parse(text)
    if reason:
        return Reject(name, "", "", reason)
    try:
        return _verify(obj, data, name, cat, now_ms, items, keep, year)
    except _Bad as e:
        return Reject(name, "", e.field, e.reason)


def _verify(obj, data: bytes, name: str, cat: Catalog, now_ms: int, items, keep, year):
    claimed_sum = _check_header(obj)
    exported_ms = _ts(obj["exported_at"], "exported_at")
    learner = obj["learner"]
    _check_learner(learner)
    start, end = year_bounds(year) if year is not None else (-1 << 62, 1 << 62)
    lstate, last_ms, latest, read_in_year = _read_lessons(obj["lessons"], cat.modules, start, end, exported_ms)
    parsed = _parse_attempts(obj["attempts"])
    # 3. checksum
    if not _checksum_ok(obj, data, claimed_sum):
        raise _Bad("checksum", "does not match the content: the file was edited or damaged after it was exported")
    # 4. record-level dates
    limit = now_ms + SKEW_MS
    if latest[0] > limit:
        raise _Bad(latest[1], f"in the future ({obj['exported_at'] if latest[1] == 'exported_at' else latest[2]}): "
                              "check the device's clock")
    # 5. attempts, one by one, and 6. the training year
    rejects, usable = _use_attempts(parsed, name, cat, limit, start, end, year, learner["role"])
    if not usable and not read_in_year:
        # Say why the year's attempts did not count, not only that nothing did.
        in_year = [r for r in rejects if "outside the training year" not in r.reason]
        if in_year:
            raise _Bad(in_year[0].field, f"{in_year[0].reason} (nothing else in this record counts for {year})")
        raise _Bad("", _nothing_in_year(year, obj))
    last_ms = max([last_ms] + [a.submitted_ms for a in usable])
    if items is not None:
        for att in first_per_bank(usable):
            items.add(att.bank, att.correct, att.total, *att.items)
    completed, passed, best = summarise(lstate, usable, cat)
    learner_t = tuple(learner[k] for k in LEARNER_KEYS)
    if not keep:
        usable = None
        lstate = None
    return Record(name, claimed_sum, learner_t, exported_ms, last_ms, completed, passed, best, rejects, usable, lstate)


def _check_header(obj) -> str:
    """1–2. A record of a format version this command reads, with exactly its fields; the checksum's syntax."""
    if type(obj) is not dict:
        raise _Bad("", f"not a Humiao completion record (the file holds {_type(obj)}, not an object)")
    if "format" not in obj:
        raise _Bad("format", "required field is missing: not a Humiao completion record?")
    if obj["format"] != FORMAT:
        raise _Bad("format", f"not a Humiao completion record (format is {str(obj['format'])[:60]!r})")
    if "format_version" not in obj:
        raise _Bad("format_version", "required field is missing")
    fv = obj["format_version"]
    if type(fv) is not int:
        raise _Bad("format_version", f"must be a whole number, found {_type(fv)}")
    if fv != FORMAT_VERSION:
        raise _Bad("format_version", f"format_version {fv} is not supported (this command reads version {FORMAT_VERSION}): "
                                     "update the portal and run it again")
    _keys(obj, "", TOP_KEYS, "a record")
    claimed_sum = obj["checksum"]
    if type(claimed_sum) is not str or not CHECKSUM_RE.fullmatch(claimed_sum):
        raise _Bad("checksum", "must be 'sha256:' followed by 64 lower-case hex digits")
    sv = obj["site_version"]
    if type(sv) is not str or not 1 <= len(sv) <= 64 or CONTROL_RE.search(sv):
        raise _Bad("site_version", "must be a short text (the site's version)")
    return claimed_sum


def _check_learner(learner):
    _keys(learner, "learner", LEARNER_KEYS, "learner")
    lid = learner["id"]
    if type(lid) is not str or not ID_RE.fullmatch(lid):
        raise _Bad("learner.id", "must be the browser's learner id (8–64 letters, digits, '-' or '_')")
    for key in ("name", "organisation", "staff_id"):
        _text(learner[key], f"learner.{key}", key)
    if learner["role"] not in ROLES:
        raise _Bad("learner.role", f"unknown role {str(learner['role'])[:40]!r} (known: {', '.join(ROLES)})")
    if learner["district"] not in DISTRICT_NAMES:
        raise _Bad("learner.district", f"unknown district {str(learner['district'])[:40]!r} (known: {', '.join(DISTRICT_NAMES)})")


def _read_lessons(lessons, modules: dict, start: int, end: int, exported_ms: int):
    """{module id: (mask of lessons read by the end of the year, latest of them)}, the latest
    reading in the year, the latest date of the record ((ms, field, text): export or a lesson, for
    the future check), and whether a lesson was read in the year."""
    if type(lessons) is not dict:
        raise _Bad("lessons", f"must be an object {{module id: {{lesson id: read time}}}}, found {_type(lessons)}")
    lstate, last_ms, latest, read_in_year = {}, 0, (exported_ms, "exported_at", ""), False
    for mid, read in lessons.items():
        if type(read) is not dict:
            raise _Bad(f"lessons.{mid}", f"must be an object {{lesson id: read time}}, found {_type(read)}")
        info = modules.get(mid)
        bits = info.bits if info is not None else _NO_BITS      # lessons of unknown modules do not count
        mask = mlast = 0
        for les, ts in read.items():
            ms = _ms(ts)
            if ms is None:
                _ts(ts, f"lessons.{mid}.{les}")                  # raises, saying what is wrong
            if ms > latest[0]:
                latest = (ms, f"lessons.{mid}.{les}", ts)
            if ms >= end:                 # read after the training year: not yet
                continue
            if ms >= start:
                read_in_year = True
                last_ms = max(last_ms, ms)
            bit = bits.get(les)
            if bit:
                mask |= bit
                mlast = max(mlast, ms)
        if mask:
            lstate[mid] = (mask, mlast)
    return lstate, last_ms, latest, read_in_year


def _parse_attempts(attempts) -> list:
    """2. Every attempt's fields: [(index, attempt, started ms, submitted ms)], or a file reject."""
    if type(attempts) is not list:
        raise _Bad("attempts", f"must be a list, found {_type(attempts)}")
    parsed = []
    for i, a in enumerate(attempts):
        # the common case in one expression; anything else is explained field by field
        if type(a) is dict and a.keys() == _ATTEMPT_SET:
            aid, bv, mode, claimed = a["id"], a["bank_version"], a["mode"], a["claimed"]
            started, submitted = _ms(a["started_at"]), _ms(a["submitted_at"])
            asked, answers = a["asked"], a["answers"]
            if (type(aid) is str and _id_ok(aid) and type(a["bank"]) is str and a["bank"]
                    and type(bv) is int and bv >= 1 and started is not None and submitted is not None
                    and type(asked) is list and set(map(type, asked)) <= _STR
                    and type(answers) is dict and set(map(type, answers.values())) <= _LIST
                    and (claimed is None if mode == "assessment" else
                         mode == "practice" and type(claimed) is dict and claimed.keys() == _CLAIMED_SET
                         and type(claimed["correct"]) is int and claimed["correct"] >= 0
                         and type(claimed["total"]) is int and claimed["total"] >= 0
                         and type(claimed["passed"]) is bool)):
                parsed.append((i, a, started, submitted))
                continue
        _explain_attempt_fields(a, f"attempts[{i}]")
    return parsed


def _use_attempts(parsed, name: str, cat: Catalog, limit: int, start: int, end: int, year, role: str):
    """5–6. (rejects, usable attempts of the year): each attempt checked and re-graded; an assessment
    attempt's questions must fit its blueprint for the learner's role."""
    rejects, usable, seen = [], [], {}
    for i, a, started, submitted in parsed:
        aid = a["id"]
        if aid in seen:
            rejects.append(Reject(name, aid, f"attempts[{i}].id", f"attempt id used twice in this record (also attempts[{seen[aid]}])"))
            continue
        seen[aid] = i
        att = _check_attempt(a, i, cat, started, submitted, limit)
        if type(att) is Attempt and att.mode == "assessment":
            off = cat.banks[att.bank].blueprint_problem(att.items[0], role)
            att = (f"attempts[{i}].asked", f"{off}: not drawn by the assessment's blueprint") if off else att
        if type(att) is not Attempt:
            rejects.append(Reject(name, aid, att[0], att[1]))
        elif not start <= att.submitted_ms < end:
            rejects.append(Reject(name, aid, f"attempts[{i}]", f"submitted {beijing(att.submitted_ms)} (Beijing time), "
                                                               f"outside the training year {year}: not counted"))
        else:
            if not att.passed and att.mode == "assessment":
                bank = cat.banks[att.bank]
                rejects.append(Reject(name, aid, f"attempts[{i}]", f"assessment not passed: {att.correct}/{att.total} "
                                                                   f"({_pct(att.correct, att.total)}), pass mark {bank.pass_mark * 100:g}%"))
            usable.append(att)
    return rejects, usable


def _nothing_in_year(year: int, obj: dict) -> str:
    dates = [ms for read in obj["lessons"].values() for ms in map(_ms, read.values())]
    dates += [_ms(a["submitted_at"]) for a in obj["attempts"] if type(a) is dict]
    years = sorted({beijing_year(ms) for ms in dates if ms is not None})
    if not years:
        return f"no lesson read and no attempt in it: nothing to count for {year}"
    return (f"nothing in the training year {year} (its lessons and attempts are from {', '.join(map(str, years))}): "
            f"not counted; run with --year {years[-1]} to count them")


def _explain_attempt_fields(a, p: str):
    """Raise the file reject for the first field of an attempt that is not as format version 1 says."""
    _keys(a, p, ATTEMPT_KEYS, "an attempt")
    if type(a["id"]) is not str or not ID_RE.fullmatch(a["id"]):
        raise _Bad(f"{p}.id", "must be the browser's attempt id (8–64 letters, digits, '-' or '_')")
    if type(a["bank"]) is not str or not a["bank"]:
        raise _Bad(f"{p}.bank", f"must be a bank id, found {_type(a['bank'])}")
    _int(a["bank_version"], f"{p}.bank_version", 1)
    if a["mode"] not in MODES:
        raise _Bad(f"{p}.mode", f"must be practice or assessment, found {str(a['mode'])[:40]!r}")
    _ts(a["started_at"], f"{p}.started_at")
    _ts(a["submitted_at"], f"{p}.submitted_at")
    asked = a["asked"]
    if type(asked) is not list or not set(map(type, asked)) <= _STR:
        raise _Bad(f"{p}.asked", "must be a list of question ids")
    answers = a["answers"]
    if type(answers) is not dict:
        raise _Bad(f"{p}.answers", f"must be an object {{question id: [option ids]}}, found {_type(answers)}")
    if not set(map(type, answers.values())) <= _LIST:
        q = next(q for q, v in answers.items() if type(v) is not list)
        raise _Bad(f"{p}.answers.{q}", f"must be a list of option ids, found {_type(answers[q])}")
    claimed = a["claimed"]
    if a["mode"] == "practice":
        _keys(claimed, f"{p}.claimed", CLAIMED_KEYS, "a claimed score")
        _int(claimed["correct"], f"{p}.claimed.correct")
        _int(claimed["total"], f"{p}.claimed.total")
        if type(claimed["passed"]) is not bool:
            raise _Bad(f"{p}.claimed.passed", f"must be true or false, found {_type(claimed['passed'])}")
    elif claimed is not None:
        raise _Bad(f"{p}.claimed", "must be null for an assessment attempt (the browser has no key to score it)")
    raise _Bad(p, "is not a valid attempt")     # not reached: the fast check and these checks agree


def _checksum_ok(obj: dict, data: bytes, claimed: str) -> bool:
    # Fast path for a file that is already canonical (the browser's download, a record code, a
    # tool's output): taking the checksum member out of its own bytes gives exactly the text hashed.
    body = data.strip()
    if body.startswith(codecs.BOM_UTF8):
        body = body[3:].strip()
    member = b',"checksum":"' + claimed.encode("ascii") + b'"'
    if body.count(member) == 1 and "sha256:" + hashlib.sha256(body.replace(member, b"", 1)).hexdigest() == claimed:
        return True
    # Any other layout (earlier browsers downloaded JSON.stringify(record, null, 1)): serialise canonically.
    rest = {k: v for k, v in obj.items() if k != "checksum"}
    try:
        return "sha256:" + hashlib.sha256(canonical(rest)).hexdigest() == claimed
    except UnicodeEncodeError:      # an unpaired surrogate (\ud800) cannot be UTF-8
        return False

