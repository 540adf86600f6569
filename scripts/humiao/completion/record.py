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
     is listed as not passed (it still counts for item statistics)."""
from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .. import courses, quizzes
from ..directory import DISTRICTS
from ..problems import Report

FORMAT = "humiao-completion-record"
FORMAT_VERSION = 1
SKEW_MS = 24 * 3600 * 1000            # a device clock may run up to a day ahead
MAX_BYTES = 20 * 1024 * 1024          # a real record is some tens of kB
TOP_KEYS = ("format", "format_version", "site_version", "exported_at", "learner", "lessons", "attempts", "checksum")
LEARNER_KEYS = ("id", "name", "role", "district", "organisation", "staff_id")
ATTEMPT_KEYS = ("id", "bank", "bank_version", "mode", "started_at", "submitted_at", "asked", "answers", "claimed")
CLAIMED_KEYS = ("correct", "total", "passed")
MODES = ("practice", "assessment")
_KEYSETS = {k: frozenset(k) for k in (TOP_KEYS, LEARNER_KEYS, ATTEMPT_KEYS, CLAIMED_KEYS)}
_STR, _LIST = {str}, {list}
_ATTEMPT_SET, _CLAIMED_SET = _KEYSETS[ATTEMPT_KEYS], _KEYSETS[CLAIMED_KEYS]
_NO_BITS: dict = {}
ROLES = {
    "supervisor": ("儿童督导员", "Child welfare supervisor"),
    "director": ("儿童主任", "Child director"),
    "institution": ("机构工作人员", "Institution staff"),
    "teacher": ("教师", "Teacher"),
    "other": ("其他", "Other"),
}
DISTRICT_NAMES = {**DISTRICTS, "other": ("其他", "Other")}
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,63}")
_id_ok = ID_RE.fullmatch
CHECKSUM_RE = re.compile(r"sha256:[0-9a-f]{64}")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
TEXT_LIMITS = {"name": (1, 100), "organisation": (1, 200), "staff_id": (0, 64)}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MS = dt.timedelta(milliseconds=1)


# --- what the repository says: modules and quiz banks -------------------------------------

@dataclass(frozen=True)
class ModuleInfo:
    id: str
    title: dict            # {"zh": …, "en": …}
    hours: float
    lessons: tuple         # lesson ids in reading order
    bits: dict             # lesson id -> its bit in a "lessons read" mask
    full: int              # the mask with every lesson read


class _KeyedBank(quizzes.Bank):
    """The same bank for quizzes.grade; its answer key is built once, not on every call."""
    _key = None

    def key(self):
        if self._key is None:
            self._key = super().key()
        return self._key


class BankInfo:
    """A quiz bank as the verifier needs it: question and option ids, the key, the rules."""

    def __init__(self, bank: quizzes.Bank):
        self.bank = _KeyedBank(bank.id, bank.path, bank.data)
        self.id = bank.id
        self.version = bank.version
        self.module = bank.data.get("module")
        self.modes = frozenset(bank.modes)
        self.assessment = bank.is_assessment
        self.title = {lang: bank.data["title"][lang] for lang in ("zh", "en")}
        self.qids = tuple(q["id"] for q in bank.questions)
        self.qset = frozenset(self.qids)
        self.nq = len(self.qids)
        self.types = {q["id"]: q["type"] for q in bank.questions}
        self.options = {q["id"]: tuple(o["id"] for o in q["options"]) for q in bank.questions}
        self.optsets = {q: frozenset(o) for q, o in self.options.items()}
        self.key = self.bank.key()
        self.draw = bank.draw
        self.pass_mark = bank.pass_mark
        # every valid choice of a question as one string: "" (none), "a", and for multiple
        # questions every ordering of two or more options joined by SEP ("a\x1fc", "c\x1fa")
        self.choices = {q: frozenset(_choice_strings(o, self.types[q])) for q, o in self.options.items()}
        self.key_choices = {q: frozenset(SEP.join(p) for p in itertools.permutations(sorted(k))) for q, k in self.key.items()}


SEP = "\x1f"
_join = SEP.join


def _choice_strings(options: tuple, qtype: str):
    yield ""
    yield from options
    if qtype == "multiple":
        for r in range(2, len(options) + 1):
            for p in itertools.permutations(options, r):
                yield SEP.join(p)


@dataclass
class Catalog:
    modules: dict                      # module id -> ModuleInfo
    order: list                        # catalog order first, then the other modules by id
    banks: dict                        # bank id -> BankInfo
    annual: frozenset                  # ids of the annual assessment banks (module: curriculum)
    problems: list = field(default_factory=list)   # content errors, as `path:line: CODE message`


def load_catalog(root: Path) -> Catalog:
    """Modules and quiz banks of a repository (or a test fixture) root. Content errors do not
    stop the export; they are returned in `problems` for the command to mention."""
    report = Report(root)
    curriculum = courses.load(root, report)
    banks = quizzes.load_all(root, report, curriculum)
    problems = [str(p) for p in sorted(set(report.errors))]
    modules = {}
    for mid, m in curriculum.modules.items():
        hours = m.meta.get("hours")
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours < 0:
            hours = 0
        lessons = tuple(dict.fromkeys(m.lessons))
        title = {lang: m.title(lang) for lang in ("zh", "en")}
        modules[mid] = ModuleInfo(mid, title, float(hours), lessons, {lid: 1 << i for i, lid in enumerate(lessons)},
                                  (1 << len(lessons)) - 1)
    order = [mid for mid in curriculum.order if mid in modules]
    order += sorted(mid for mid in modules if mid not in order)
    infos = {}
    for bid, bank in sorted(banks.items()):
        try:
            infos[bid] = BankInfo(bank)
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            problems.append(f"{bank.path.name}: bank '{bid}' cannot be used for grading ({type(e).__name__}: {e})")
    annual = frozenset(b.id for b in infos.values() if b.assessment and b.module == quizzes.CURRICULUM)
    return Catalog(modules, order, infos, annual, problems)


# --- results ------------------------------------------------------------------------------

class Reject(NamedTuple):
    file: str
    attempt: str       # attempt id, or "" when the whole file is rejected
    field: str         # field path, or "" when the problem is the file as a whole
    reason: str


class Attempt(NamedTuple):
    id: str
    bank: str
    mode: str
    correct: int
    total: int
    passed: bool
    started_ms: int
    submitted_ms: int
    items: tuple       # (asked, choice string per asked question): what item statistics need


class Record(NamedTuple):
    file: str
    checksum: str
    learner: tuple           # id, name, role, district, organisation, staff_id
    exported_ms: int
    last_ms: int             # latest lesson read or attempt submitted (0 if none)
    completed: dict          # module id -> (correct, total, submitted_ms, completed_ms)
    passed: tuple | None     # best passing annual assessment: (correct, total, submitted_ms, bank id)
    best: tuple | None       # best annual assessment attempt, passed or not, same shape
    rejects: list            # Reject of single attempts (the record itself is used)
    attempts: list | None    # every usable Attempt (only with keep=True)
    lessons: dict | None     # module id -> (lessons read mask, latest read ms) (only with keep=True)


class _Bad(Exception):
    """A problem that rejects the whole file."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field, reason


# --- helpers --------------------------------------------------------------------------------

_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False)


def canonical(obj) -> bytes:
    """The bytes the checksum is computed over: json.dumps(obj, sort_keys=True, ensure_ascii=False,
    separators=(",", ":")) in UTF-8 (the browser: recursively sorted keys + JSON.stringify)."""
    return _CANONICAL.encode(obj).encode("utf-8")


def checksum_of(record: dict) -> str:
    return "sha256:" + hashlib.sha256(canonical({k: v for k, v in record.items() if k != "checksum"})).hexdigest()


_DAYS: dict = {}


def _day(days: int) -> str:
    """Days since 1970-01-01 -> "2026-11-28" (memoised: outputs format the same days again and again)."""
    s = _DAYS.get(days)
    if s is None:
        s = _DAYS[days] = (dt.date(1970, 1, 1) + dt.timedelta(days=days)).isoformat()
    return s


def ms_to_iso(ms: int) -> str:
    """2026-11-28T10:00:00.000Z: the browser's own format, always UTC, millisecond precision."""
    days, rest = divmod(ms, 86_400_000)
    sec, milli = divmod(rest, 1000)
    return f"{_day(days)}T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}.{milli:03d}Z"


def beijing(ms: int) -> str:
    """2026-11-28 18:00: Beijing time (UTC+8, no daylight saving), for people to read."""
    days, rest = divmod(ms + 8 * 3600 * 1000, 86_400_000)
    minutes = rest // 60_000
    return f"{_day(days)} {minutes // 60:02d}:{minutes % 60:02d}"


def _type(v) -> str:
    if v is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}.get(type(v), type(v).__name__)


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
    if CONTROL_RE.search(value):
        raise _Bad(path, "contains a control character (line break or tab)")
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
        raise _Bad(path, f"must be a whole number, found {_type(value)}")
    if value < lo:
        raise _Bad(path, f"must be at least {lo}, found {value}")
    return value


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes -> (text, "") or (None, reason)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        return None, "not UTF-8 (looks like UTF-16 from Windows): save as UTF-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.end >= len(data):
            return None, TRUNCATED
        try:
            data.decode("gbk")
            return None, "not UTF-8 (looks like GBK from Windows): save as UTF-8"
        except UnicodeDecodeError:
            return None, "not UTF-8 text: save the file as UTF-8"
    if not text.strip():
        return None, "empty file"
    return text, ""


TRUNCATED = "truncated: the file ends in the middle of the record (copy or send the file again)"


def parse(text: str):
    """Text -> (object, "") or (None, reason)."""
    try:
        return json.loads(text), ""
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):
            return None, TRUNCATED
        return None, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
    except ValueError as e:
        return None, f"not valid JSON: {e}"


# --- the verifier ---------------------------------------------------------------------------

def verify_file(path: Path, name: str, cat: Catalog, now_ms: int, items=None, keep=False):
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Reject(name, "", "", f"too large for a completion record ({size // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except OSError as e:
        return Reject(name, "", "", f"cannot be read: {e.strerror or e}")
    return verify(data, name, cat, now_ms, items, keep)


def verify(data: bytes, name: str, cat: Catalog, now_ms: int, items=None, keep=False):
    """Verify one record. `items` (an items.ItemAcc) receives the item data of every usable
    attempt of an accepted record; keep=True returns the attempts and lessons too."""
    text, reason = decode(data)
    if text is None:
        return Reject(name, "", "", reason)
    obj, reason = parse(text)
    if reason:
        return Reject(name, "", "", reason)
    try:
        return _verify(obj, data, name, cat, now_ms, items, keep)
    except _Bad as e:
        return Reject(name, "", e.field, e.reason)


def _verify(obj, data: bytes, name: str, cat: Catalog, now_ms: int, items, keep):
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

    # 2. every field, its type and syntax
    claimed_sum = obj["checksum"]
    if type(claimed_sum) is not str or not CHECKSUM_RE.fullmatch(claimed_sum):
        raise _Bad("checksum", "must be 'sha256:' followed by 64 lower-case hex digits")
    sv = obj["site_version"]
    if type(sv) is not str or not 1 <= len(sv) <= 64 or CONTROL_RE.search(sv):
        raise _Bad("site_version", "must be a short text (the site's version)")
    exported_ms = _ts(obj["exported_at"], "exported_at")
    latest = exported_ms        # the latest record-level date (export or a lesson)

    learner = obj["learner"]
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

    lessons = obj["lessons"]
    if type(lessons) is not dict:
        raise _Bad("lessons", f"must be an object {{module id: {{lesson id: read time}}}}, found {_type(lessons)}")
    lstate = {}
    last_ms = 0
    latest_lesson = None
    modules = cat.modules
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
            if ms > latest:
                latest, latest_lesson = ms, (mid, les, ts)
            bit = bits.get(les)
            if bit:
                mask |= bit
                if ms > mlast:
                    mlast = ms
        if mask:
            lstate[mid] = (mask, mlast)
            if mlast > last_ms:
                last_ms = mlast

    attempts = obj["attempts"]
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

    # 3. checksum
    if not _checksum_ok(obj, data, claimed_sum):
        raise _Bad("checksum", "does not match the content: the file was edited or damaged after it was exported")

    # 4. record-level dates
    limit = now_ms + SKEW_MS
    if latest > limit:
        path, text = ("exported_at", obj["exported_at"]) if latest_lesson is None else \
            (f"lessons.{latest_lesson[0]}.{latest_lesson[1]}", latest_lesson[2])
        raise _Bad(path, f"in the future ({text}): check the device's clock")

    # 5. attempts, one by one
    rejects, usable, seen = [], [], {}
    for i, a, started, submitted in parsed:
        aid = a["id"]
        if aid in seen:
            rejects.append(Reject(name, aid, f"attempts[{i}].id", f"attempt id used twice in this record (also attempts[{seen[aid]}])"))
            continue
        seen[aid] = i
        att = _check_attempt(a, i, cat, started, submitted, limit)
        if type(att) is not Attempt:
            rejects.append(Reject(name, aid, att[0], att[1]))
            continue
        if not att.passed and att.mode == "assessment":
            bank = cat.banks[att.bank]
            rejects.append(Reject(name, aid, f"attempts[{i}]", f"assessment not passed: {att.correct}/{att.total} "
                                                               f"({_pct(att.correct, att.total)}), pass mark {bank.pass_mark * 100:g}%"))
        usable.append(att)
        if att.submitted_ms > last_ms:
            last_ms = att.submitted_ms

    if items is not None:
        for att in usable:
            items.add(att.bank, att.correct, att.total, *att.items)
    completed, passed, best = summarise(lstate, usable, cat)
    learner_t = tuple(learner[k] for k in LEARNER_KEYS)
    if not keep:
        usable = None
        lstate = None
    return Record(name, claimed_sum, learner_t, exported_ms, last_ms, completed, passed, best, rejects, usable, lstate)


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


def _pct(c: int, t: int) -> str:
    return f"{c / t * 100:.0f}%" if t else "0%"


def _checksum_ok(obj: dict, data: bytes, claimed: str) -> bool:
    # Fast path for a file that is already canonical (compact, sorted keys, e.g. written by a
    # tool): taking the checksum member out of its own bytes gives exactly the text hashed.
    body = data.strip()
    if body.startswith(codecs.BOM_UTF8):
        body = body[3:].strip()
    member = b',"checksum":"' + claimed.encode("ascii") + b'"'
    if body.count(member) == 1 and "sha256:" + hashlib.sha256(body.replace(member, b"", 1)).hexdigest() == claimed:
        return True
    # Any other layout (the browser's download is JSON.stringify(record, null, 1)): serialise canonically.
    rest = {k: v for k, v in obj.items() if k != "checksum"}
    try:
        return "sha256:" + hashlib.sha256(canonical(rest)).hexdigest() == claimed
    except UnicodeEncodeError:      # an unpaired surrogate (\ud800) cannot be UTF-8
        return False


_in = frozenset.__contains__


def _separators_ok(choices: tuple, answers: dict) -> bool:
    """An option id with SEP in it would pass as several options: the separators in the choice
    strings must be exactly those the joining put there."""
    seps = "".join(choices).count(SEP)     # none at all: one option or none per question, nothing smuggled
    return seps == 0 or seps == sum(map(len, answers.values())) - len(choices) + choices.count("")


def _check_attempt(a: dict, i: int, cat: Catalog, started: int, submitted: int, limit: int):
    """One attempt -> an Attempt, or (field, reason) if the attempt cannot be used. The common
    case is checked in a few expressions; anything else goes to _explain_attempt, which checks
    step by step and says what is wrong."""
    bank = cat.banks.get(a["bank"])
    mode = a["mode"]
    if bank is not None and a["bank_version"] == bank.version and mode in bank.modes and started <= submitted <= limit:
        asked, answers = a["asked"], a["answers"]
        n = len(asked)
        aset = set(asked)
        if ((n == bank.nq and aset == bank.qset) if mode == "practice" else
                (n == bank.draw and len(aset) == n and aset <= bank.qset)) and answers.keys() <= aset:
            try:
                choices = tuple(map(_join, map(answers.__getitem__, asked)))
            except (KeyError, TypeError):
                choices = None
            if (choices is not None and all(map(_in, map(bank.choices.__getitem__, asked), choices))
                    and _separators_ok(choices, answers)):
                result = quizzes.grade(bank.bank, answers, asked)
                correct, total, passed = len(result["correct"]), result["total"], result["passed"]
                cl = a["claimed"]
                if mode == "assessment" or (cl["correct"] == correct and cl["total"] == total and cl["passed"] == passed):
                    return Attempt(a["id"], bank.id, mode, correct, total, passed, started, submitted, (asked, choices))
    return _explain_attempt(a, f"attempts[{i}]", cat, started, submitted, limit)


def _explain_attempt(a: dict, p: str, cat: Catalog, started: int, submitted: int, limit: int):
    bank = cat.banks.get(a["bank"])
    if bank is None:
        return (p + ".bank", f"unknown quiz bank '{a['bank'][:60]}'")
    v = a["bank_version"]
    if v != bank.version:
        if v < bank.version:
            return (p + ".bank_version", f"bank '{bank.id}' is now version {bank.version}; version {v} is no longer "
                                         "in the repository, so this attempt cannot be re-graded (the learner takes the quiz again)")
        return (p + ".bank_version", f"version {v} of bank '{bank.id}' is newer than the repository's version "
                                     f"{bank.version}: update the portal and run it again")
    mode = a["mode"]
    if mode not in bank.modes:
        return (p + ".mode", f"bank '{bank.id}' has no {mode} mode (it has: {', '.join(sorted(bank.modes))})")
    if started > limit:
        return (p + ".started_at", f"in the future ({a['started_at']}): check the device's clock")
    if submitted > limit:
        return (p + ".submitted_at", f"in the future ({a['submitted_at']}): check the device's clock")
    if submitted < started:
        return (p + ".submitted_at", f"before started_at ({a['submitted_at']} < {a['started_at']})")
    asked = a["asked"]
    aset = set(asked)
    if len(aset) != len(asked):
        twice = next(q for i, q in enumerate(asked) if q in asked[:i])
        return (p + ".asked", f"lists question '{twice[:60]}' twice")
    if not aset <= bank.qset:
        unknown = next(q for q in asked if q not in bank.qset)
        return (p + ".asked", f"unknown question '{unknown[:60]}' in bank '{bank.id}' version {bank.version}")
    if mode == "practice" and len(aset) != len(bank.qset):
        return (p + ".asked", f"a practice attempt asks every question of the bank: "
                              f"{len(bank.qset) - len(aset)} of {len(bank.qset)} are missing")
    if mode == "assessment" and len(aset) != bank.draw:
        return (p + ".asked", f"an assessment attempt draws exactly {bank.draw} questions; this one lists {len(aset)}")
    answers = a["answers"]
    if not answers.keys() <= aset:
        q = next(q for q in answers if q not in aset)
        return (f"{p}.answers.{q[:60]}", "an answer to a question that was not asked")
    # The choice of each asked question as one string ("a", "a\x1fc" for a and c, "" for none):
    # checked against every valid choice of the question and counted for item statistics
    # without building a tuple per answer.
    try:
        choices = tuple(map(_join, map(answers.__getitem__, asked)))
    except KeyError:                      # an asked question without an entry counts as not answered
        choices = None
    except TypeError:                     # an option id that is not text
        choices = None
    if choices is None:
        for q, chosen in answers.items():
            if not set(map(type, chosen)) <= _STR:
                raise _Bad(f"{p}.answers.{q}", "must be a list of option ids (text)")
        choices = tuple(_join(answers.get(q, ())) for q in asked)
    ok = all(map(frozenset.__contains__, map(bank.choices.__getitem__, asked), choices)) and _separators_ok(choices, answers)
    if not ok:
        for q in asked:
            problem = _check_choice(bank, q, answers.get(q, []), f"{p}.answers.{q}")
            if problem:
                return problem
        return (p + ".answers", "an option id is not valid")
    result = quizzes.grade(bank.bank, answers, asked)
    correct, total, passed = len(result["correct"]), result["total"], result["passed"]
    if mode == "practice":
        cl = a["claimed"]
        if (cl["correct"], cl["total"], cl["passed"]) != (correct, total, passed):
            said = lambda ok: "passed" if ok else "not passed"
            return (p + ".claimed", f"claims {cl['correct']}/{cl['total']} {said(cl['passed'])}, but the answers re-grade "
                                    f"to {correct}/{total} ({_pct(correct, total)}) {said(passed)}: the claimed score was altered")
    return Attempt(a["id"], bank.id, mode, correct, total, passed, started, submitted, (asked, choices))


def _check_choice(bank: BankInfo, q: str, chosen: list, path: str):
    if not all(type(o) is str for o in chosen):
        raise _Bad(path, "must be a list of option ids (text)")
    if len(set(chosen)) != len(chosen):
        twice = next(o for i, o in enumerate(chosen) if o in chosen[:i])
        return (path, f"option '{twice[:40]}' is chosen twice")
    for o in chosen:
        if o not in bank.optsets[q]:
            return (path, f"unknown option '{o[:40]}' for question '{q}' (options: {', '.join(bank.options[q])})")
    if bank.types[q] != "multiple" and len(chosen) > 1:
        return (path, f"question '{q}' takes one answer; {len(chosen)} are chosen")
    return None


def summarise(lessons: dict, attempts: list, cat: Catalog):
    """What a set of usable attempts and lessons read prove. A module is completed when every
    lesson of it is read and a practice attempt of its own bank passed; the best passing attempt
    gives the score (highest, then earliest submitted). It was completed when both first held: the
    later of its first pass and its last lesson read (progress.js dates it the same way)."""
    best, first_pass = {}, {}
    annual_pass = annual_best = None
    for a in attempts:
        key = (a.correct / a.total if a.total else 0.0, -a.submitted_ms)
        if a.mode == "practice":
            if not a.passed:
                continue
            bank = cat.banks[a.bank]
            if bank.module != bank.id or bank.id not in cat.modules:
                continue
            cur = best.get(bank.id)
            if cur is None or key > cur[0]:
                best[bank.id] = (key, a)
            first_pass[bank.id] = min(first_pass.get(bank.id, a.submitted_ms), a.submitted_ms)
        elif a.bank in cat.annual:
            t = (a.correct, a.total, a.submitted_ms, a.bank)
            if annual_best is None or key > annual_best[0]:
                annual_best = (key, t)
            if a.passed and (annual_pass is None or key > annual_pass[0]):
                annual_pass = (key, t)
    completed = {}
    for mid, (_, a) in best.items():
        mask, last = lessons.get(mid, (0, 0))
        if mask == cat.modules[mid].full:
            completed[mid] = (a.correct, a.total, a.submitted_ms, max(first_pass[mid], last))
    return completed, annual_pass and annual_pass[1], annual_best and annual_best[1]
