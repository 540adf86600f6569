"""Find record files, verify them (in worker processes when there are many), dedupe and merge
them per learner, merge in-person attendance, and write every output into the --out folder.

Records stream through: a worker verifies a batch of files and returns, per record, only what
the outputs need (the learner, completed modules, the assessment result, rejects) plus integer
item counts. Only per-learner results stay in memory. Outputs are sorted and carry no "now",
so the same inputs give byte-identical outputs."""
from __future__ import annotations

import csv
import datetime as dt
import gc
import multiprocessing
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import certificate, xapi
from .items import ItemAcc, choices_text, statistics
from .record import (DISTRICT_NAMES, ROLES, Catalog, Record, Reject, beijing, load_catalog, summarise,
                     verify_file)

BATCH = 128                 # files per worker task
PARALLEL_FROM = 1024        # fewer files are verified in this process (no pool start-up)
FORK_OUTPUTS_FROM = 5000    # from this many learners, a forked child writes roster.xlsx meanwhile


# --- inputs ---------------------------------------------------------------------------------

def discover(inputs: list[Path], out: Path) -> tuple[list[str], int]:
    """Files named on the command line, and *.json files found in named folders (recursively,
    sorted; hidden files and the output folder skipped), in command-line order, each once.
    Returns the files as the names shown in outputs (the path as given, with '/'), and how many
    non-.json files were left out."""
    out_r = out.resolve()
    seen, files, ignored = set(), [], 0
    for arg in inputs:
        if arg.is_dir():
            found = []
            root = arg.resolve()
            for folder, dirs, names in os.walk(arg):
                here = Path(folder)
                real = root / here.relative_to(arg)
                dirs[:] = [d for d in dirs if not d.startswith(".") and (real / d) != out_r]
                for n in names:
                    if n.startswith("."):
                        continue
                    if n.lower().endswith(".json"):
                        found.append((here / n, str(real / n)))
                    else:
                        ignored += 1
            found.sort(key=lambda f: f[0].as_posix())
        else:
            found = [(arg, str(arg.resolve()))]
        for p, key in found:
            if key not in seen:
                seen.add(key)
                files.append(p.as_posix())
    return files, ignored


# --- per learner ------------------------------------------------------------------------------

class Learner:
    __slots__ = ("id", "name", "role", "district", "organisation", "staff_id", "exported_ms", "files",
                 "last_ms", "completed", "passed", "best", "kept", "attendance")

    def __init__(self, rec: Record):
        self.id, self.name, self.role, self.district, self.organisation, self.staff_id = rec.learner
        self.exported_ms = rec.exported_ms
        self.files = [rec.file]
        self.last_ms = rec.last_ms
        self.completed = rec.completed
        self.passed = rec.passed
        self.best = rec.best
        self.kept = None          # the verified records with attempts, once the learner shows up twice
        self.attendance = None    # [(module id, hours)] of matched in-person attendance

    @property
    def hours(self) -> float:
        modules = _CAT.modules
        return sum(modules[m].hours for m in self.completed) if self.completed else 0.0

    @property
    def in_person_hours(self) -> float:
        return sum(h for _, h in self.attendance or [])

    @property
    def total_hours(self) -> float:
        """Online hours plus in-person hours of modules not also completed online."""
        return self.hours + sum(h for m, h in self.attendance or [] if m not in self.completed)


_CAT: Catalog = None   # the catalog of this run (Learner properties and worker processes use it)


def _fingerprint(a) -> tuple:
    asked, choices = a.items
    return (a.bank, a.mode, a.started_ms, a.submitted_ms, tuple(asked), choices)


class Exporter:
    def __init__(self, cat: Catalog, now_ms: int):
        global _CAT
        _CAT = cat
        self.cat, self.now_ms = cat, now_ms
        self.items = ItemAcc()
        self.learners: dict = {}
        self.checksums: dict = {}
        self.rejects: list = []
        self.files = self.accepted = self.file_rejects = 0

    def _reverify(self, name: str) -> Record:
        """Verify a file again, keeping its attempts (only for duplicates: rare)."""
        rec = verify_file(Path(name), name, self.cat, self.now_ms, None, keep=True)
        if not isinstance(rec, Record):
            raise RuntimeError(f"{name} changed while the export was running ({rec.reason}): run it again")
        return rec

    def add(self, res):
        self.files += 1
        if isinstance(res, Reject):
            self.rejects.append(res)
            self.file_rejects += 1
            return
        other = self.checksums.get(res.checksum)
        if other is not None:
            self.rejects.append(Reject(res.file, "", "checksum", f"duplicate of {other}"))
            self.file_rejects += 1
            for a in self._reverify(res.file).attempts:       # the worker counted its attempts: take them back
                self.items.add(a.bank, a.correct, a.total, *a.items, sign=-1)
            return
        self.checksums[res.checksum] = res.file
        self.accepted += 1
        learner = self.learners.get(res.learner[0])
        if learner is None:
            self.learners[res.learner[0]] = Learner(res)
            self.rejects.extend(res.rejects)
        else:
            self._merge(learner, res)

    def _merge(self, L: Learner, rec: Record):
        """The same learner in another file: attempts with an id already seen count once (the
        first file's copy), lessons read add up, the newest export gives name and organisation."""
        if L.kept is None:
            L.kept = [self._reverify(f) for f in L.files]
        new = self._reverify(rec.file)
        seen = {}
        for k in L.kept:
            for a in k.attempts:
                seen.setdefault(a.id, (_fingerprint(a), k.file))
            for r in k.rejects:
                seen.setdefault(r.attempt, (None, k.file))
        fresh = []
        for a in new.attempts:
            first = seen.get(a.id)
            if first is None:
                fresh.append(a)
                continue
            self.items.add(a.bank, a.correct, a.total, *a.items, sign=-1)   # counted once already
            if first[0] is None:
                self.rejects.append(Reject(rec.file, a.id, "id", f"the same attempt id is in {first[1]}, where it was rejected: not used"))
            elif first[0] != _fingerprint(a):
                self.rejects.append(Reject(rec.file, a.id, "id", f"the same attempt id is in {first[1]} with different content: "
                                                                  "only the first is used"))
        self.rejects.extend(r for r in new.rejects if r.attempt not in seen)
        L.kept.append(new._replace(attempts=fresh))
        lessons = {}
        for k in L.kept:
            for mid, (mask, last) in k.lessons.items():
                m0, l0 = lessons.get(mid, (0, 0))
                lessons[mid] = (m0 | mask, max(l0, last))
        L.completed, L.passed, L.best = summarise(lessons, [a for k in L.kept for a in k.attempts], self.cat)
        if new.exported_ms > L.exported_ms:
            _, L.name, L.role, L.district, L.organisation, L.staff_id = new.learner
            L.exported_ms = new.exported_ms
        L.files.append(rec.file)
        L.last_ms = max(L.last_ms, new.last_ms)


# --- verification, serial or in a pool -----------------------------------------------------------

_WORKER: dict = {}


def _init_worker(root: str, now_ms: int):
    global _CAT
    if "cat" not in _WORKER:          # a forked worker inherits the parent's catalog
        _WORKER["cat"] = load_catalog(Path(root))
        _WORKER["now"] = now_ms
    _CAT = _WORKER["cat"]


def _verify_batch(batch):
    cat, now = _WORKER["cat"], _WORKER["now"]
    acc = ItemAcc()
    return [verify_file(Path(name), name, cat, now, acc) for name in batch], acc


def verify_all(files, cat: Catalog, root: Path, now_ms: int, ex: Exporter, jobs: int | None = None):
    batches = [files[i:i + BATCH] for i in range(0, len(files), BATCH)]
    jobs = jobs or os.cpu_count() or 1
    # Records make no reference cycles; the collector would only rescan the growing per-learner
    # results again and again. (Forked workers inherit this.)
    gc_was_on = gc.isenabled()
    gc.disable()
    if len(files) < PARALLEL_FROM or jobs < 2:
        _WORKER.update(cat=cat, now=now_ms)
        results = map(_verify_batch, batches)
        pool = None
    else:
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            _WORKER.update(cat=cat, now=now_ms)
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(str(root), now_ms))
        results = pool.imap(_verify_batch, batches)
    try:
        for recs, acc in results:
            ex.items.merge(acc)
            for r in recs:
                ex.add(r)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _WORKER.clear()
        if gc_was_on:
            gc.enable()


# --- in-person attendance ------------------------------------------------------------------------

ATTENDANCE_COLUMNS = {
    "name": ("name", "姓名"), "district": ("district", "所在区", "区"),
    "organisation": ("organisation", "organization", "单位"), "module": ("module", "模块"),
    "date": ("date", "日期"), "hours": ("hours", "学时"),
}
ATTENDANCE_OPTIONAL = {"staff_id": ("staff_id", "工号")}


class UsageError(Exception):
    pass


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).casefold().split())


def read_attendance(path: Path) -> tuple[list[tuple[int, dict]], str]:
    """The attendance CSV -> [(line number, {column: value})] and a note about its encoding."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UsageError(f"cannot read the attendance file {path}: {e.strerror or e}") from None
    note = ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
            note = f"{path.as_posix()} is not UTF-8: read as GBK (GB18030), the encoding of Excel on Chinese Windows"
        except UnicodeDecodeError:
            raise UsageError(f"{path}: not UTF-8 or GBK text: save it as CSV UTF-8") from None
    reader = csv.reader(text.splitlines())
    try:
        header = next(reader)
    except StopIteration:
        raise UsageError(f"{path}: empty attendance file") from None
    names = {}
    for i, h in enumerate(header):
        h = _norm(h)
        for col, aliases in {**ATTENDANCE_COLUMNS, **ATTENDANCE_OPTIONAL}.items():
            if h in aliases and col not in names:
                names[col] = i
    missing = [c for c in ATTENDANCE_COLUMNS if c not in names]
    if missing:
        raise UsageError(f"{path}: the attendance file needs the columns {', '.join(ATTENDANCE_COLUMNS)}; "
                         f"missing: {', '.join(missing)}")
    rows = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        rows.append((reader.line_num, {c: (row[i].strip() if i < len(row) else "") for c, i in names.items()}))
    return rows, note


_DISTRICT_LOOKUP = {}
for _k, (_zh, _en) in DISTRICT_NAMES.items():
    for _alias in (_k, _zh, _en, f"{_en} district", _zh.removesuffix("区") if _k != "binhai" else "滨海"):
        _DISTRICT_LOOKUP[_norm(_alias)] = _k


def merge_attendance(ex: Exporter, rows, name: str):
    index: dict = {}
    for L in ex.learners.values():
        index.setdefault((_norm(L.name), L.district, _norm(L.organisation)), []).append(L)
    seen = {}
    for line, r in rows:
        where = f"row {line}"
        problem = None
        district = _DISTRICT_LOOKUP.get(_norm(r["district"]))
        try:
            hours = float(r["hours"])
        except ValueError:
            hours = None
        if not r["name"]:
            problem = ("name", "the name is empty")
        elif district is None:
            problem = ("district", f"unknown district {r['district']!r}")
        elif r["module"] not in ex.cat.modules:
            problem = ("module", f"unknown module {r['module']!r}")
        elif hours is None or not 0 < hours <= 24:
            problem = ("hours", f"hours must be a number above 0 and at most 24, found {r['hours']!r}")
        else:
            try:
                dt.date.fromisoformat(r["date"])
            except ValueError:
                problem = ("date", f"the date must be written 2026-11-28, found {r['date']!r}")
        if problem is None:
            found = index.get((_norm(r["name"]), district, _norm(r["organisation"])), [])
            if r.get("staff_id"):
                found = [L for L in found if _norm(L.staff_id) == _norm(r["staff_id"])]
            if not found:
                problem = ("name", "no learner with this name, district and organisation"
                           + (" and staff id" if r.get("staff_id") else "") + " in the accepted records")
            elif len(found) > 1:
                problem = ("name", f"matches {len(found)} learners ({', '.join(sorted(L.id for L in found))}): add a staff_id column")
            else:
                key = (found[0].id, r["module"], r["date"])
                if key in seen:
                    problem = ("date", f"the same learner, module and date as row {seen[key]}")
                else:
                    seen[key] = line
                    L = found[0]
                    L.attendance = (L.attendance or []) + [(r["module"], hours)]
        if problem:
            ex.rejects.append(Reject(name, "", f"{where}.{problem[0]}", problem[1]))


# --- outputs -------------------------------------------------------------------------------------

class When(int):
    """A time (ms since 1970 UTC) in an output: Beijing time text in CSV, a date-time cell in xlsx."""
    __slots__ = ()
    text = staticmethod(beijing)
    excel_format = "yyyy-mm-dd hh:mm"


class Day(When):
    """The same, shown as a date."""
    __slots__ = ()
    text = staticmethod(lambda ms: beijing(ms)[:10])
    excel_format = "yyyy-mm-dd"


def _excel_serial(ms: int) -> float:
    """Days since 1899-12-30 (Excel's day 0) in Beijing time."""
    return (ms + 8 * 3600 * 1000) / 86_400_000 + 25569


def _num(v) -> str:
    if isinstance(v, When):
        return v.text(v)
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _safe(s: str) -> str:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def write_csv(path: Path, header: list, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:   # the BOM makes Excel and WPS read UTF-8
        w = csv.writer(f)
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else (_num(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                        for v in row])


def write_xlsx(path: Path, sheets: list, created: dt.datetime):
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": "护苗学堂 学习记录汇总 Humiao completions", "created": created})
    bold = wb.add_format({"bold": True, "bg_color": "#E0F2F1", "text_wrap": True, "valign": "top"})
    formats = {cls: wb.add_format({"num_format": cls.excel_format}) for cls in (When, Day)}
    for title, header, rows, widths in sheets:
        ws = wb.add_worksheet(title)
        for col, w in enumerate(widths):
            ws.set_column(col, col, w)
        ws.freeze_panes(1, 0)
        for col, h in enumerate(header):
            ws.write_string(0, col, h, bold)
        r = 0
        text, number = ws.write_string, ws.write_number
        for r, row in enumerate(rows, start=1):
            for col, v in enumerate(row):
                t = type(v)
                if t is str:
                    if v:
                        text(r, col, v)
                elif t is int or t is float:
                    number(r, col, v)
                elif t is When or t is Day:
                    number(r, col, _excel_serial(v), formats[t])
        if r:
            ws.autofilter(0, 0, r, len(header) - 1)
    wb.close()


def _h(zh: str, en: str) -> str:
    return f"{zh} {en}"


ROSTER_HEADER = [_h("学员编号", "learner_id"), _h("姓名", "name"), _h("岗位", "role"), _h("所在区", "district"),
                 _h("单位", "organisation"), _h("工号", "staff_id"), _h("完成模块数", "modules_completed"),
                 _h("完成模块", "module_ids"), _h("线上学时", "hours_earned"), _h("线下学时", "in_person_hours"),
                 _h("合计学时", "total_hours"), _h("年度考核通过", "assessment_passed"),
                 _h("年度考核得分%", "assessment_score"), _h("最近学习（北京时间）", "last_activity"),
                 _h("来源文件", "source_files")]
REJECTS_HEADER = [_h("文件", "file"), _h("答题记录", "attempt"), _h("字段", "field"), _h("原因", "reason")]


def _score(t) -> float | None:
    return round(t[0] / t[1] * 100, 1) if t and t[1] else None


def roster_rows(learners: list, cat: Catalog, safe=True):
    f = _safe if safe else (lambda s: s)
    for L in learners:
        mods = [m for m in cat.order if m in L.completed]
        shown = L.passed or L.best
        yield [L.id, f(L.name), ROLES[L.role][0], DISTRICT_NAMES[L.district][0], f(L.organisation), f(L.staff_id),
               len(mods), "; ".join(mods), L.hours, L.in_person_hours, L.total_hours,
               "yes" if L.passed else "no", _score(shown), When(L.last_ms) if L.last_ms else "", "; ".join(L.files)]


def module_columns(cat: Catalog) -> list[str]:
    """Modules that can be completed: those with a practice bank of their own."""
    return [m for m in cat.order if m in cat.banks and cat.banks[m].module == m and "practice" in cat.banks[m].modes]


def module_rows(learners: list, cat: Catalog):
    cols = module_columns(cat)
    for L in learners:
        done = L.completed
        yield [L.id, L.name] + [Day(done[m][3]) if m in done else "" for m in cols]


def summary_rows(learners: list, cat: Catalog) -> tuple[list, list]:
    cols = module_columns(cat)
    header = [_h("分组", "group"), _h("代码", "key"), _h("名称", "name"), _h("学员数", "learners")]
    header += [_h(f"完成 {m}", f"completed_{m}") for m in cols]
    header += [_h("线上学时", "hours_earned"), _h("线下学时", "in_person_hours"), _h("年度考核通过", "assessment_passed")]
    groups = [("all", "all", "全部 All")]
    groups += [("district", k, f"{zh} {en}") for k, (zh, en) in DISTRICT_NAMES.items()]
    groups += [("role", k, f"{zh} {en}") for k, (zh, en) in ROLES.items()]
    acc = {(g, k): [0] + [0] * len(cols) + [0.0, 0.0, 0] for g, k, _ in groups}
    for L in learners:
        for g in (("all", "all"), ("district", L.district), ("role", L.role)):
            a = acc[g]
            a[0] += 1
            for i, m in enumerate(cols, 1):
                if m in L.completed:
                    a[i] += 1
            a[-3] += L.hours
            a[-2] += L.in_person_hours
            a[-1] += 1 if L.passed else 0
    return header, [[g, k, label] + acc[(g, k)] for g, k, label in groups]


ITEMS_HEADER = [_h("题库", "bank"), _h("版本", "bank_version"), _h("题目", "question"), _h("题型", "type"),
                _h("答案", "key"), _h("作答次数", "attempts"), _h("答对次数", "correct"), _h("答对比例", "share_correct"),
                _h("区分度", "discrimination"), _h("区分度（其余题）", "discrimination_rest"), _h("选项分布", "choices")]


def item_rows(acc: ItemAcc, cat: Catalog):
    r3 = lambda x: None if x is None else round(x, 3)
    for s in statistics(acc, cat):
        yield [s["bank"], s["version"], s["question"], s["type"], " ".join(s["key"]), s["attempts"], s["correct"],
               r3(s["share"]), r3(s["pbis"]), r3(s["pbis_rest"]), choices_text(s)]


@dataclass
class Written:
    learners: int = 0
    statements: int = 0
    certificates: int = 0
    files: list = field(default_factory=list)


def _sort_key(L: Learner):
    return (list(DISTRICT_NAMES).index(L.district), L.organisation, L.name, L.id)


def write_outputs(ex: Exporter, out: Path) -> Written:
    cat = ex.cat
    out.mkdir(parents=True, exist_ok=True)
    learners = sorted(ex.learners.values(), key=_sort_key)
    w = Written(learners=len(learners))
    # A fixed "created" date keeps roster.xlsx byte-identical between runs: the newest export.
    newest = max((L.exported_ms for L in learners), default=0)
    created = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=newest)   # naive UTC, as XlsxWriter wants
    roster = list(roster_rows(learners, cat, safe=False))
    s_header, summary = summary_rows(learners, cat)
    items = list(item_rows(ex.items, cat))
    cols = module_columns(cat)
    m_header = [_h("学员编号", "learner_id"), _h("姓名", "name")] + [f"{cat.modules[m].title['zh']} {m}" for m in cols]
    sheets = [("学员 roster", ROSTER_HEADER, roster, [38, 12, 12, 10, 24, 10, 8, 40, 8, 8, 8, 8, 8, 17, 40]),
              ("模块完成 modules", m_header, module_rows(learners, cat), [38, 12] + [14] * len(cols)),
              ("汇总 summary", s_header, summary, [10, 12, 28, 8] + [10] * (len(cols) + 3)),
              ("题目 items", ITEMS_HEADER, items, [18, 6, 28, 9, 8, 8, 8, 8, 8, 8, 60])]
    # Big runs: roster.xlsx (the longest single job) is written by a forked child meanwhile.
    fork = len(learners) >= FORK_OUTPUTS_FROM and "fork" in multiprocessing.get_all_start_methods()
    children = [_run(fork, "roster.xlsx", write_xlsx, out / "roster.xlsx", sheets, created)]
    write_csv(out / "roster.csv", ROSTER_HEADER,
              ([_safe(v) if i in (1, 4, 5) else v for i, v in enumerate(row)] for row in roster))
    write_csv(out / "summary.csv", s_header, summary)
    write_csv(out / "items.csv", ITEMS_HEADER, items)
    write_csv(out / "rejects.csv", REJECTS_HEADER, ([r.file, r.attempt, r.field, r.reason] for r in ex.rejects))
    w.statements = xapi.Writer(cat).write(out / "xapi.json", learners)
    write_certificates(out / "certificates", learners, cat)
    w.certificates = sum(1 for L in learners if L.completed)
    failed = [name for name, p in children if p is not None and (p.join() or p.exitcode != 0)]
    if failed:
        raise RuntimeError(f"{' and '.join(failed)} could not be written (see the message above)")
    w.files = ["roster.csv", "roster.xlsx", "summary.csv", "items.csv", "xapi.json", "rejects.csv", "certificates/"]
    return w


def write_certificates(folder: Path, learners: list, cat: Catalog):
    """One certificate per learner with a completed module; other .html files there are removed
    (a learner of an earlier run may be gone)."""
    folder.mkdir(exist_ok=True)
    names = {f"{L.id}.html" for L in learners if L.completed}
    for old in folder.glob("*.html"):
        if old.name not in names:
            old.unlink()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    base = str(folder)
    template = certificate.Template(cat)
    for L in learners:
        if L.completed:
            fd = os.open(os.path.join(base, f"{L.id}.html"), flags, 0o644)
            try:
                os.write(fd, template.render(L).encode("utf-8"))
            finally:
                os.close(fd)


def _run(fork: bool, name: str, fn, *args):
    """fn(*args) in a forked child (returned, to join) or right here (None)."""
    if not fork:
        fn(*args)
        return name, None
    p = multiprocessing.get_context("fork").Process(target=_child, args=(name, fn, args))
    p.start()
    return name, p


def _child(name, fn, args):
    try:
        fn(*args)
    except Exception as e:            # one line for the trainer, not a traceback
        print(f"{name}: {type(e).__name__}: {e}", file=sys.stderr)
        os._exit(1)
