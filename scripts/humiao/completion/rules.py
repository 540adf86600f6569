"""The rules of the trainer's export as small pure functions over plain data: no files, no
printing. The browser's trainer's desk (issue #18) must give the same answers, so each rule here
is written to be ported line by line.

  training year      year_bounds, beijing_year, default_year
  text fields        text_problem (direction and line controls, surrogates)
  completion         summarise (per training year), first_per_bank (item statistics sample)
  several records    merge_attempts (order-independent), identity, shown_record
  spreadsheets       safe_cell (formula prefixes)
  certificates       serial"""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

BEIJING_MS = 8 * 3600 * 1000            # UTC+8, no daylight saving
DAY_MS = 86_400_000


# --- the training year ---------------------------------------------------------------------

def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def year_bounds(year: int) -> tuple[int, int]:
    """[start, end) of a training year in ms since 1970 UTC: 1 January 00:00 Beijing time to the next."""
    return (_days_from_civil(year, 1, 1) * DAY_MS - BEIJING_MS,
            _days_from_civil(year + 1, 1, 1) * DAY_MS - BEIJING_MS)


def beijing_year(ms: int) -> int:
    """The calendar year in Beijing of a time (ms since 1970 UTC)."""
    days = (ms + BEIJING_MS) // DAY_MS
    y = 1970 + days // 366
    while _days_from_civil(y + 1, 1, 1) <= days:
        y += 1
    return y


def default_year(now_ms: int) -> int:
    """--year by default: the current year in Beijing time."""
    return beijing_year(now_ms)


# --- text fields -----------------------------------------------------------------------------

_BAD_CATEGORIES = {"Cc": "a control character", "Cf": "an invisible formatting character",
                   "Zl": "a line separator", "Zp": "a paragraph separator", "Cs": "an unpaired surrogate"}


def text_problem(value: str) -> str:
    """"" if a name or organisation is plain text, else why not. Rejects line breaks and tabs,
    C1 controls (U+0085), line/paragraph separators (U+2028/9), direction controls (U+202E,
    U+2066…) and other invisible format characters, and unpaired surrogates."""
    if value.isprintable():              # the common case: one C call
        return ""
    for ch in value:
        what = _BAD_CATEGORIES.get(unicodedata.category(ch))
        if what:
            name = unicodedata.name(ch, "") if what != "an unpaired surrogate" else ""
            return f"contains {what} U+{ord(ch):04X}{f' ({name})' if name else ''}: retype it on the My progress page"
    return ""


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")


def visible(s: str) -> str:
    """Text from a file or a file name, safe to show on one line: control, line-break, direction
    and invisible characters (and unpaired surrogates) written as \\xNN or \\uNNNN."""
    if s.isprintable():
        return s
    return _INVISIBLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", s)


# --- spreadsheets ------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(s: str) -> str:
    """A text cell that Excel, WPS or LibreOffice would run as a formula gets a leading apostrophe
    (OWASP's CSV-injection rule, full-width variants included). Leading spaces do not hide it."""
    return "'" + s if s.lstrip(" ")[:1] in FORMULA_START else s


# --- completion --------------------------------------------------------------------------------

def summarise(lessons: dict, attempts: list, cat, year_end: int | None = None):
    """What usable attempts (of the training year) and lessons read prove, for that year.

    A module is completed when every lesson of it was read (by the end of the year: progress.js
    keeps the first reading, so lessons read in an earlier year count) and a practice attempt of
    its own bank passed in the year. The best passing attempt gives the score (highest, then
    earliest submitted). The completion date is the later of the first pass of the year and the
    last lesson read. `lessons` is {module id: (mask of lessons read, latest read ms)}, already
    limited to the year's end. Returns (completed, passed, best): completed is {module id:
    (correct, total, submitted ms, completed ms)}, passed and best are (correct, total, submitted
    ms, bank id) of the annual assessment or None."""
    best, first_pass = {}, {}
    annual_pass = annual_best = None
    for a in attempts:
        key = (a.correct / a.total if a.total else 0.0, -a.submitted_ms, a.id)
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


def first_per_bank(attempts) -> list:
    """The sample of item statistics: each learner's first usable attempt of each bank in the
    year (earliest submitted, then id), so a learner who retakes a quiz ten times counts once, and
    before the practice feedback taught the answers."""
    first = {}
    for a in attempts:
        cur = first.get(a.bank)
        if cur is None or (a.submitted_ms, a.id) < (cur.submitted_ms, cur.id):
            first[a.bank] = a
    return [first[b] for b in sorted(first)]


# --- several records of one learner ---------------------------------------------------------------

def fingerprint(a) -> tuple:
    asked, choices = a.items
    return (a.bank, a.mode, a.started_ms, a.submitted_ms, tuple(asked), choices)


def merge_attempts(copies) -> tuple[list, list]:
    """copies: [(file, usable attempts)] of one learner's records. Returns (attempts to use,
    [(file, attempt id, reason)]). The same attempt id in several files counts once when every
    usable copy has the same content; usable copies that differ are all left out (the browser
    never changes a submitted attempt). The result does not depend on the order of the files."""
    by_id: dict = {}
    for file, attempts in copies:
        for a in attempts:
            by_id.setdefault(a.id, []).append((file, a))
    use, problems = [], []
    for aid in sorted(by_id):
        found = by_id[aid]
        prints = {fingerprint(a) for _, a in found}
        if len(prints) == 1:
            use.append(min(found, key=lambda fa: fa[0])[1])
            continue
        files = sorted({f for f, _ in found})
        for f in files:
            others = ", ".join(o for o in files if o != f) or f
            problems.append((f, aid, f"the same attempt id has different content in {others}: none of the copies is used"))
    return use, problems


def identity(name: str, district: str) -> tuple:
    """Who a record says its learner is: name (NFKC, case and spaces folded) and district. Two
    records under one learner id with different identities are a conflict, never merged."""
    return (norm(name), district)


def norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).casefold().split())


def shown_record(records):
    """Of one learner's records, the one whose name, role, district, organisation and staff id are
    shown: the latest export, and of equal exports the greatest checksum (never input order)."""
    return max(records, key=lambda r: (r.exported_ms, r.checksum))


def likely_duplicates(people) -> list[list]:
    """people: (learner id, name, district, organisation, exported ms) of the roster. The same
    person on two devices (or after clearing the browser) has two learner ids: ids with the same
    name, district and organisation (folded as `norm`) are listed together, newest export first,
    for the trainer to merge. Returns the groups, each a list of those tuples, in a fixed order."""
    by_person: dict = {}
    for p in people:
        by_person.setdefault((norm(p[1]), p[2], norm(p[3])), []).append(p)
    groups = [sorted(g, key=lambda p: (-p[4], p[0])) for g in by_person.values() if len(g) > 1]
    return sorted(groups, key=lambda g: (g[0][2], norm(g[0][3]), norm(g[0][1]), g[0][0]))


def resolve_merges(pairs) -> tuple[dict, list]:
    """pairs: (row, learner id, merge into) from the trainer's merge file. Returns ({learner id:
    final id}, [(row, problem)]). Chains (a into b, b into c) end at the last id; a row that merges
    an id into two different ids, or a cycle, is a problem and is not used."""
    into, rows, problems = {}, {}, []
    for row, src, dst in pairs:
        if src == dst:
            continue
        if src in into and into[src] != dst:
            problems.append((row, f"learner id {src} is already merged into {into[src]}"))
            continue
        into[src], rows[src] = dst, row
    final = {}
    for src in sorted(into):
        seen, cur = {src}, into[src]
        while cur in into and cur not in seen:
            seen.add(cur)
            cur = into[cur]
        if cur in seen:
            problems.append((rows[src], f"learner id {src} is merged in a circle ({' → '.join(sorted(seen))})"))
            continue
        final[src] = cur
    return final, problems


# --- certificates --------------------------------------------------------------------------------

def serial(year: int, learner_id: str, completed: dict, passed, office: str) -> str:
    """A certificate's serial, e.g. HM2026-7KQ3M9XA2C: the year and ten base-32 characters of a
    SHA-256 of what the certificate says (learner, modules with scores and dates, assessment,
    office). The same facts give the same serial on every run; changed facts give a new one. The
    roster carries it, so a reader can check a certificate against the roster."""
    facts = [str(year), learner_id, office]
    facts += [f"{m}:{c}/{t}:{done}" for m, (c, t, _, done) in sorted(completed.items())]
    facts.append("" if not passed else f"{passed[3]}:{passed[0]}/{passed[1]}:{passed[2]}")
    digest = hashlib.sha256("\n".join(facts).encode("utf-8")).digest()
    # Base32 turns each 5 bytes into 8 characters: the first ten characters of the digest's
    # encoding are those of its first ten bytes (the standard library encodes in Python, slowly).
    return f"HM{year}-" + base64.b32encode(digest[:10]).decode("ascii")[:10]
