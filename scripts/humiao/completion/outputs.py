"""Write every output of an export into a fresh folder and move it into place only when complete.

roster.csv, roster.xlsx, summary.csv, items.csv, rejects.csv, duplicates.csv, xapi/*.ndjson and
certificates/*.html. Every text cell of every CSV goes through rules.safe_cell (no formulas);
roster.xlsx writes text as text (never formulas, URLs or numbers) in constant-memory mode. An
earlier export in --out is replaced as a whole, never mixed with the new one."""
from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import certificate, xapi
from .items import ItemAcc, choices_text, statistics
from .record import DISTRICT_NAMES, ROLES, Catalog, beijing
from .rules import safe_cell
from .times import beijing_day

FORK_OUTPUTS_FROM = 5000    # from this many learners, a forked child writes roster.xlsx meanwhile
OUTPUT_NAMES = frozenset({"roster.csv", "roster.xlsx", "summary.csv", "items.csv", "rejects.csv", "duplicates.csv",
                          "xapi", "xapi.json", "certificates"})


class When(int):
    """A time (ms since 1970 UTC) in an output: Beijing time text in CSV, a date-time cell in xlsx."""
    __slots__ = ()
    text = staticmethod(beijing)
    excel_format = "yyyy-mm-dd hh:mm"


class Day(When):
    """The same, shown as a date."""
    __slots__ = ()
    text = staticmethod(beijing_day)
    excel_format = "yyyy-mm-dd"


def _excel_serial(ms: int) -> float:
    """Days since 1899-12-30 (Excel's day 0) in Beijing time."""
    return (ms + 8 * 3600 * 1000) / 86_400_000 + 25569


def _cell(v) -> str:
    if type(v) is str:
        return safe_cell(v)
    if v is None:
        return ""
    if isinstance(v, When):
        return v.text(v)
    if type(v) is float:
        return f"{v:g}"
    return str(v)


def write_csv(path: Path, header: list, rows):
    # The BOM makes Excel and WPS read UTF-8; backslashreplace: a byte that is not text never stops the run.
    with open(path, "w", encoding="utf-8-sig", newline="", errors="backslashreplace") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(map(_cells, rows))


def _cells(row) -> list:
    return [_cell(v) for v in row]


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
                 _h("年度考核得分%", "assessment_score"), _h("技能考核", "skills_station"),
                 _h("最近学习（北京时间）", "last_activity"),
                 _h("培训年度", "training_year"), _h("证书编号", "certificate_serial"), _h("来源文件", "source_files")]
REJECTS_HEADER = [_h("文件", "file"), _h("答题记录", "attempt"), _h("字段", "field"), _h("原因", "reason")]
DUPLICATES_HEADER = [_h("组", "group"), _h("学员编号", "learner_id"), _h("合并到", "merge_into"), _h("姓名", "name"),
                     _h("所在区", "district"), _h("单位", "organisation"), _h("最近导出（北京时间）", "exported"),
                     _h("来源文件", "source_files")]


def _score(t) -> float | None:
    return round(t[0] / t[1] * 100, 1) if t and t[1] else None


def roster_row(learner, cat: Catalog, year) -> list:
    mods = [m for m in cat.order if m in learner.completed]
    shown = learner.passed or learner.best
    return [learner.id, learner.name, ROLES[learner.role][0], DISTRICT_NAMES[learner.district][0],
            learner.organisation, learner.staff_id, len(mods), "; ".join(mods),
            learner.hours, learner.in_person_hours, learner.total_hours, "yes" if learner.passed else "no",
            _score(shown), learner.skills, When(learner.last_ms) if learner.last_ms else "",
            year if year is not None else "", learner.serial, "; ".join(learner.files)]


def roster_rows(learners, cat: Catalog, year):
    for learner in learners:
        yield roster_row(learner, cat, year)


def module_columns(cat: Catalog) -> list[str]:
    """Modules that can be completed: those with a practice bank of their own."""
    return [m for m in cat.order if m in cat.banks and cat.banks[m].module == m and "practice" in cat.banks[m].modes]


def module_rows(learners: list, cat: Catalog):
    cols = module_columns(cat)
    for learner in learners:
        done = learner.completed
        yield [learner.id, learner.name] + [Day(done[m][3]) if m in done else "" for m in cols]


def summary_rows(learners, cat: Catalog) -> tuple[list, list, int]:
    """summary.csv's header and rows, and the newest export of all (roster.xlsx's fixed date)."""
    cols = module_columns(cat)
    header = [_h("分组", "group"), _h("代码", "key"), _h("名称", "name"), _h("学员数", "learners")]
    header += [_h(f"完成 {m}", f"completed_{m}") for m in cols]
    header += [_h("线上学时", "hours_earned"), _h("线下学时", "in_person_hours"), _h("年度考核通过", "assessment_passed")]
    groups = [("all", "all", "全部 All")]
    groups += [("district", k, f"{zh} {en}") for k, (zh, en) in DISTRICT_NAMES.items()]
    groups += [("role", k, f"{zh} {en}") for k, (zh, en) in ROLES.items()]
    acc = {(g, k): [0] + [0] * len(cols) + [0.0, 0.0, 0] for g, k, _ in groups}
    newest = 0
    for learner in learners:
        newest = max(newest, learner.exported_ms)
        for g in (("all", "all"), ("district", learner.district), ("role", learner.role)):
            a = acc[g]
            a[0] += 1
            for i, m in enumerate(cols, 1):
                if m in learner.completed:
                    a[i] += 1
            a[-3] += learner.hours
            a[-2] += learner.in_person_hours
            a[-1] += 1 if learner.passed else 0
    return header, [[g, k, label] + acc[(g, k)] for g, k, label in groups], newest


ITEMS_HEADER = [_h("题库", "bank"), _h("版本", "bank_version"), _h("题目", "question"), _h("题型", "type"),
                _h("答案", "key"), _h("作答次数", "attempts"), _h("答对次数", "correct"), _h("答对比例", "share_correct"),
                _h("区分度", "discrimination"), _h("区分度（其余题）", "discrimination_rest"), _h("选项分布", "choices")]


def item_rows(acc: ItemAcc, cat: Catalog):
    r3 = lambda x: None if x is None else round(x, 3)
    for s in statistics(acc, cat):
        yield [s["bank"], s["version"], s["question"], s["type"], " ".join(s["key"]), s["attempts"], s["correct"],
               r3(s["share"]), r3(s["pbis"]), r3(s["pbis_rest"]), choices_text(s)]


def duplicate_rows(groups: list, files_of):
    """duplicates.csv: each group of likely duplicates, the newest export first; merge_into
    suggests that one (its own row says itself and is ignored by --merge)."""
    for n, g in enumerate(groups, 1):
        into = g[0][0]
        for lid, name, district, org, exported in g:
            yield [n, lid, into, name, DISTRICT_NAMES[district][0], org, When(exported), "; ".join(files_of(lid))]


@dataclass
class Written:
    learners: int = 0
    statements: int = 0
    certificates: int = 0
    files: list = field(default_factory=list)


def usable_out(dest: Path) -> str:
    """"" if --out may be (re)written: missing, empty, or holding only an earlier export's outputs."""
    if not dest.exists():
        return ""
    if not dest.is_dir():
        return f"--out {dest.as_posix()} is a file, not a folder"
    others = sorted(p.name for p in dest.iterdir() if p.name not in OUTPUT_NAMES)
    if others:
        return (f"--out {dest.as_posix()} holds other files ({', '.join(others[:3])}{', …' if len(others) > 3 else ''}): "
                "name a new or empty folder, or an earlier export's folder")
    return ""


def publish(ex, dest: Path, settings: dict | None = None) -> Written:
    """Write everything into a hidden folder beside dest, then put it in dest's place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        written = write_outputs(ex, tmp, settings or {})
        if dest.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
            os.rename(dest, old / "out")
            os.rename(tmp, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return written


def write_outputs(ex, out: Path, settings: dict) -> Written:
    """Every output into `out`. ex.learners() gives the roster rows in order, afresh on each call
    (from the store, so memory stays flat); roster.csv, xapi/ and certificates/ are written in
    one pass over them, roster.xlsx by a forked child meanwhile on big runs."""
    cat = ex.cat
    ex.store.flush()             # nothing is written to the store from here on: a forked writer reads it
    w = Written(learners=ex.learner_count)
    s_header, summary, newest = summary_rows(ex.learners(), cat)
    # A fixed "created" date keeps roster.xlsx byte-identical between runs: the newest export.
    created = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=newest)   # naive UTC, as XlsxWriter wants
    items = list(item_rows(ex.items, cat))
    cols = module_columns(cat)
    m_header = [_h("学员编号", "learner_id"), _h("姓名", "name")] + [f"{cat.modules[m].title['zh']} {m}" for m in cols]
    sheets = [("学员 roster", ROSTER_HEADER, roster_rows(ex.learners(), cat, ex.year),
               [38, 12, 12, 10, 24, 10, 8, 40, 8, 8, 8, 8, 8, 17, 8, 18, 40]),
              ("模块完成 modules", m_header, module_rows(ex.learners(), cat), [38, 12] + [14] * len(cols)),
              ("汇总 summary", s_header, summary, [10, 12, 28, 8] + [10] * (len(cols) + 3)),
              ("题目 items", ITEMS_HEADER, items, [18, 6, 28, 9, 8, 8, 8, 8, 8, 8, 60])]
    fork = ex.learner_count >= FORK_OUTPUTS_FROM and "fork" in multiprocessing.get_all_start_methods()
    children = [_run(fork, "roster.xlsx", write_xlsx, out / "roster.xlsx", sheets, created)]
    write_csv(out / "summary.csv", s_header, summary)
    write_csv(out / "items.csv", ITEMS_HEADER, items)
    write_csv(out / "rejects.csv", REJECTS_HEADER, ex.store.rejects())
    write_csv(out / "duplicates.csv", DUPLICATES_HEADER, duplicate_rows(ex.duplicates, ex.store.files_of))
    template = certificate.Template(cat, ex.year, settings.get("office"), ex.now_ms)
    with (open(out / "roster.csv", "w", encoding="utf-8-sig", newline="", errors="backslashreplace") as f,
          certificate.Folder(out / "certificates", template, threaded=fork) as certs):
        roster = csv.writer(f)
        roster.writerow(ROSTER_HEADER)

        def each(learner):
            roster.writerow(_cells(roster_row(learner, cat, ex.year)))
            certs.write(learner)
        w.statements = xapi.Writer(cat).write(out / "xapi", _tap(ex.learners(), each))
    w.certificates = certs.count
    failed = [name for name, p in children if p is not None and (p.join() or p.exitcode != 0)]
    if failed:
        raise RuntimeError(f"{' and '.join(failed)} could not be written (see the message above)")
    w.files = ["roster.csv", "roster.xlsx", "summary.csv", "items.csv", "rejects.csv", "duplicates.csv", "xapi/", "certificates/"]
    return w


def _tap(learners, fn):
    """The learners, calling fn on each as it goes by (several outputs in one pass)."""
    for learner in learners:
        fn(learner)
        yield learner


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
