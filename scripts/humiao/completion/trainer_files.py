"""The trainer's own files: the in-person attendance CSV (--roster), the merge file that joins a
learner's ids (--merge) and the settings file with the issuing office (--settings).

A file that cannot be used at all is a UsageError (exit 2, one line); a row that cannot be used is
a reject row (`row 5.module`) in rejects.csv."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .record import DISTRICT_NAMES, ID_RE, Reject
from .rules import norm, resolve_merges, text_problem


class UsageError(Exception):
    pass


def _read_text(path: Path, what: str) -> tuple[str, str]:
    """A trainer's CSV or YAML file -> (text, note): UTF-8 (BOM or not), or GBK from Excel with a note."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read the {what} {path.as_posix()}: {e.strerror or e}") from None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        try:
            return (data.decode("gb18030"),
                    f"{path.as_posix()} is not UTF-8: read as GBK (GB18030), the encoding of Excel on Chinese Windows")
        except UnicodeDecodeError:
            raise UsageError(f"{path.as_posix()}: not UTF-8 or GBK text: save it as CSV UTF-8") from None


def _table(path: Path, what: str, columns: dict, optional: dict) -> tuple[list, str]:
    """A CSV with named columns (Chinese or English header) -> [(line, {column: value})], note."""
    text, note = _read_text(path, what)
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise UsageError(f"{path.as_posix()}: empty {what}") from None
    names = {}
    for i, h in enumerate(header):
        h = norm(h)
        for col, aliases in {**columns, **optional}.items():
            if h in aliases and col not in names:
                names[col] = i
    missing = [c for c in columns if c not in names]
    if missing:
        raise UsageError(f"{path.as_posix()}: the {what} needs the columns {', '.join(columns)}; missing: {', '.join(missing)}")
    rows = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, {c: (row[i].strip() if i < len(row) else "") for c, i in names.items()}))
    return rows, note


# --- in-person attendance ------------------------------------------------------------------------

ATTENDANCE_COLUMNS = {
    "name": ("name", "姓名"), "district": ("district", "所在区", "区"),
    "organisation": ("organisation", "organization", "单位"), "module": ("module", "模块"),
    "date": ("date", "日期"), "hours": ("hours", "学时"),
}
ATTENDANCE_OPTIONAL = {"staff_id": ("staff_id", "工号")}


def read_attendance(path: Path) -> tuple[list[tuple[int, dict]], str]:
    """The attendance CSV -> [(line number, {column: value})] and a note about its encoding."""
    return _table(path, "attendance file", ATTENDANCE_COLUMNS, ATTENDANCE_OPTIONAL)


_DISTRICT_LOOKUP = {}
for _k, (_zh, _en) in DISTRICT_NAMES.items():
    for _alias in (_k, _zh, _en, f"{_en} district", _zh.removesuffix("区") if _k != "binhai" else "滨海"):
        _DISTRICT_LOOKUP[norm(_alias)] = _k


def _attendance_problem(r: dict, modules, year: int | None):
    """(column, reason) of a row that cannot be used, else None; the row's district and hours."""
    district = _DISTRICT_LOOKUP.get(norm(r["district"]))
    try:
        hours = float(r["hours"])
    except ValueError:
        hours = None
    if not r["name"]:
        return ("name", "the name is empty"), district, hours
    if district is None:
        return ("district", f"unknown district {r['district']!r}"), district, hours
    if r["module"] not in modules:
        return ("module", f"unknown module {r['module']!r}"), district, hours
    if hours is None or not 0 < hours <= 24:
        return ("hours", f"hours must be a number above 0 and at most 24, found {r['hours']!r}"), district, hours
    try:
        day = dt.date.fromisoformat(r["date"])
    except ValueError:
        return ("date", f"the date must be written 2026-11-28, found {r['date']!r}"), district, hours
    if year is not None and day.year != year:
        return ("date", f"{r['date']} is outside the training year {year}: not counted"), district, hours
    return None, district, hours


def merge_attendance(ex, rows, name: str, year: int | None = None):
    """Add matched rows' in-person hours to the learners of `ex` (an export.Exporter)."""
    seen = {}
    for line, r in rows:
        problem, district, hours = _attendance_problem(r, ex.cat.modules, year)
        if problem is None:
            found = [_Found(row) for row in ex.store.matching(norm(r["name"]), district, norm(r["organisation"]))]
            if r.get("staff_id"):
                found = [learner for learner in found if norm(learner.staff_id) == norm(r["staff_id"])]
            if not found:
                problem = ("name", "no learner with this name, district and organisation"
                           + (" and staff id" if r.get("staff_id") else "") + " in the accepted records")
            elif len(found) > 1:
                problem = ("name", f"matches {len(found)} learners ({', '.join(sorted(learner.id for learner in found))}): add a staff_id column")
            elif (found[0].id, r["module"], r["date"]) in seen:
                problem = ("date", f"the same learner, module and date as row {seen[(found[0].id, r['module'], r['date'])]}")
            else:
                seen[(found[0].id, r["module"], r["date"])] = line
                ex.store.add_attendance(found[0].id, r["module"], hours)
        if problem:
            ex.reject([Reject(name, "", f"row {line}.{problem[0]}", problem[1])], "attendance")


class _Found:
    """A stored learner row, by name (store.add_learner's tuple)."""
    __slots__ = ("id", "staff_id")

    def __init__(self, row: tuple):
        self.id, self.staff_id = row[0], row[5]


# --- the skills station ---------------------------------------------------------------------------

SKILLS_COLUMNS = {
    "name": ("name", "姓名"), "district": ("district", "所在区", "区"),
    "organisation": ("organisation", "organization", "单位"), "station": ("station", "考站", "站"),
    "result": ("result", "结果"), "date": ("date", "日期"),
}


def read_skills(path: Path) -> tuple[list[tuple[int, dict]], str]:
    """The skills-station CSV (one row per learner and station) -> rows and an encoding note."""
    return _table(path, "skills file", SKILLS_COLUMNS, ATTENDANCE_OPTIONAL)


def merge_skills(ex, rows, name: str, stations: list[dict], year: int | None = None):
    """Record each matched row's station result on its learner (ex.skills: {learner id: {station: result}});
    the later row of the same learner and station wins, as a retake does."""
    from .. import skills
    known = {s["id"]: s for s in stations}
    latest = {}
    for line, r in rows:
        district = _DISTRICT_LOOKUP.get(norm(r["district"]))
        result = skills.result_id(r["result"])
        problem = None
        if not r["name"]:
            problem = ("name", "the name is empty")
        elif district is None:
            problem = ("district", f"unknown district {r['district']!r}")
        elif r["station"] not in known:
            problem = ("station", f"unknown station {r['station']!r} (known: {', '.join(known)})")
        elif result is None:
            problem = ("result", f"result must be 通过 / pass or 需要再练 / needs practice, found {r['result']!r}")
        else:
            try:
                day = dt.date.fromisoformat(r["date"])
            except ValueError:
                day, problem = None, ("date", f"the date must be written 2026-11-28, found {r['date']!r}")
            if day and year is not None and day.year != year:
                problem = ("date", f"{r['date']} is outside the training year {year}: not counted")
        if problem is None:
            found = [_Found(row) for row in ex.store.matching(norm(r["name"]), district, norm(r["organisation"]))]
            if r.get("staff_id"):
                found = [learner for learner in found if norm(learner.staff_id) == norm(r["staff_id"])]
            if len(found) != 1:
                problem = ("name", "no learner with this name, district and organisation in the accepted records" if not found
                           else f"matches {len(found)} learners ({', '.join(sorted(learner.id for learner in found))}): add a staff_id column")
            else:
                key = (found[0].id, r["station"])
                if key not in latest or latest[key][0] <= r["date"]:
                    latest[key] = (r["date"], result)
        if problem:
            ex.reject([Reject(name, "", f"row {line}.{problem[0]}", problem[1])], "skills")
    for (lid, station), (_, result) in latest.items():
        ex.skills.setdefault(lid, {})[station] = result


# --- the merge file ------------------------------------------------------------------------------

MERGE_COLUMNS = {"learner_id": ("learner_id", "学员编号", "学员编号 learner_id"),
                 "merge_into": ("merge_into", "合并到", "合并到 merge_into")}


def read_merge(path: Path) -> tuple[dict, list, str]:
    """The merge file -> ({learner id: id it counts as}, [Reject of unusable rows], note). Its
    columns are learner_id and merge_into (duplicates.csv has them, with the suggestion filled in;
    other columns are ignored, so duplicates.csv itself, with wrong rows deleted, is a merge file)."""
    rows, note = _table(path, "merge file", MERGE_COLUMNS, {})
    name = path.as_posix()
    pairs, rejects = [], []
    for line, r in rows:
        bad = next((c for c in ("learner_id", "merge_into") if not ID_RE.fullmatch(r[c])), None)
        if bad:
            rejects.append(Reject(name, "", f"row {line}.{bad}", f"not a learner id: {r[bad][:70]!r}"))
        else:
            pairs.append((line, r["learner_id"], r["merge_into"]))
    mapping, problems = resolve_merges(pairs)
    rejects += [Reject(name, "", f"row {line}.merge_into", why) for line, why in problems]
    return mapping, rejects, note


# --- the settings file ---------------------------------------------------------------------------

SETTINGS_KEYS = {"office"}


def read_settings(path: Path) -> dict:
    """The trainer's settings (YAML): {"office": {"zh": ..., "en": ...}}, the issuing office printed
    on certificates. `office` may also be one text (used in both languages)."""
    import yaml
    text, _ = _read_text(path, "settings file")
    where = path.as_posix()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise UsageError(f"{where}" + (f":{mark.line + 1}" if mark else "") + ": not valid YAML") from None
    if not isinstance(data, dict):
        raise UsageError(f"{where}: must be a mapping with the key office (e.g. office: {{zh: 天津市河西区民政局, en: …}})")
    unknown = sorted(set(map(str, data)) - SETTINGS_KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(SETTINGS_KEYS))})")
    office = data.get("office")
    if isinstance(office, str):
        office = {"zh": office, "en": office}
    if not isinstance(office, dict) or set(office) - {"zh", "en"} or not isinstance(office.get("zh"), str):
        raise UsageError(f"{where}: office must be a text or {{zh: …, en: …}}")
    office = {"zh": office["zh"].strip(), "en": str(office.get("en") or office["zh"]).strip()}
    for lang, value in office.items():
        problem = text_problem(value) if value else "is empty"
        if problem or len(value) > 200:
            raise UsageError(f"{where}: office.{lang} {problem or 'is longer than 200 characters'}")
    return {"office": office}
