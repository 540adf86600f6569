"""`./portal export-completions RECORDS... --out DIR --key KEY [--year YEAR] [--roster CSV] [--merge CSV] [--settings YML]`

Exit status: 0 if at least one record was accepted (even with rejects), 1 if none was (or no
record file was found), 2 for usage errors (no RECORDS, a path that does not exist, an --out
folder holding other files, a trainer's file that cannot be read, a year out of range). Bad input
never gives a traceback: every problem is one line, and the outputs are written to a fresh folder
that replaces --out only when complete."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from . import export, outputs
from .catalog import KeyError_
from .record import load_catalog
from .rules import default_year
from .trainer_files import UsageError, merge_attendance, merge_skills, read_attendance, read_merge, read_settings, read_skills

FIRST_YEAR = 2000           # any plausible year of an old record; a future year is a typo


def _now_ms(now) -> int:
    now = now or dt.datetime.now(dt.timezone.utc)
    return int(now.timestamp() * 1000)


def main(args, out=None, err=None) -> int:
    err = err or sys.stderr
    try:
        return _main(args, out or sys.stdout, err)
    except UsageError as e:
        print(f"export-completions: {e}", file=err)
        return 2
    except (OSError, RuntimeError) as e:
        print(f"export-completions: {e}", file=err)
        return 2
    except Exception as e:      # a bug, not the trainer's doing: still one line, and --out untouched
        print(f"export-completions: internal error ({type(e).__name__}: {e}); --out was not changed. "
              "Please report this with the command you ran.", file=err)
        return 3


def _inputs(args):
    """Checks of the command line: (records, dest, now_ms, year), or UsageError."""
    records = [Path(p) for p in (args.records or [])]
    if not records:
        raise UsageError("name the record files (.json) or folders of them, e.g. "
                         "./portal export-completions records/ --out out/")
    missing = [p for p in records if not os.path.lexists(p)]
    if missing:
        raise UsageError("no such file or folder: " + ", ".join(export.shown_name(str(p)) for p in missing))
    dest = Path(args.out)
    problem = outputs.usable_out(dest)
    if problem:
        raise UsageError(problem)
    now_ms = _now_ms(getattr(args, "now", None))
    year = getattr(args, "year", None)
    this_year = default_year(now_ms)
    if year is None:
        year = this_year
    elif not FIRST_YEAR <= year <= this_year:
        raise UsageError(f"--year {year}: give a training year from {FIRST_YEAR} to {this_year}")
    return records, dest, now_ms, year


def _main(args, out, err) -> int:
    say = lambda *a: print(*a, file=out)
    records, dest, now_ms, year = _inputs(args)
    notes = []
    attendance = []
    if getattr(args, "roster", None) is not None:
        attendance, note = read_attendance(Path(args.roster))
        notes.append(note)
    mapping, merge_rejects = {}, []
    if getattr(args, "merge", None) is not None:
        mapping, merge_rejects, note = read_merge(Path(args.merge))
        notes.append(note)
    settings = read_settings(Path(args.settings)) if getattr(args, "settings", None) is not None else {}
    skill_rows = []
    if getattr(args, "skills", None) is not None:
        skill_rows, note = read_skills(Path(args.skills))
        notes.append(note)
    root = Path(getattr(args, "root", None) or Path(__file__).resolve().parents[3])
    try:
        cat = load_catalog(root, getattr(args, "key", None) or [])
    except KeyError_ as e:
        raise UsageError(str(e)) from None
    if cat.unkeyed:
        raise UsageError(f"the assessment bank {', '.join(cat.unkeyed)} is graded with its key file: add --key FILE "
                         "(the district's key, kept on the trainer's PC; this repository's demo key, which certifies "
                         f"nothing, is quizzes/keys/{cat.unkeyed[0]}.demo.yml)")
    if not cat.banks:
        raise UsageError(f"no quiz banks in {(root / 'quizzes').as_posix()}: nothing to grade against")
    if cat.problems:
        print(f"warning: the repository's content has {len(cat.problems)} problem(s); run ./portal validate "
              f"(first: {cat.problems[0]})", file=err)
    office = settings.get("office", {})
    dest.parent.mkdir(parents=True, exist_ok=True)
    ex = export.Exporter(cat, now_ms, year, mapping, office.get("zh", ""), work=dest.parent)
    others: list = []
    try:
        ex.reject(merge_rejects, "merge")
        export.verify_all(export.discover(records, dest, others), cat, root, now_ms, ex, getattr(args, "jobs", None))
        ex.reject(others, "other")
        if not ex.files:
            print("export-completions: no record files (*.json, or *.txt of record codes) in " + ", ".join(export.shown_name(str(p)) for p in records)
                  + (f" ({len(others)} other file(s) left out)" if others else ""), file=err)
            return 1
        _unused_merges(ex, mapping, args)
        if attendance:
            merge_attendance(ex, attendance, export.shown_name(str(args.roster)), year)
        if getattr(args, "skills", None) is not None:
            ex.stations = _stations(root)
            merge_skills(ex, skill_rows, export.shown_name(str(args.skills)), ex.stations, year)
        written = outputs.publish(ex, dest, settings)
    finally:
        ex.close()
    _report(say, ex, written, dest, len(others), year, settings, args)
    for note in filter(None, notes):
        say(f"note: {note}")
    for bank_id in cat.demo_keys:
        say(f"note: {bank_id} was graded with a demo key, whose answers are public: its results certify nothing")
    return 0 if ex.accepted else 1


def _stations(root: Path) -> list:
    from .. import skills
    from ..problems import Report
    report = Report(root)
    stations = skills.load(root, report)
    if not stations:
        raise UsageError(f"--skills: no usable skills stations in {(root / skills.SOURCE).as_posix()}"
                         + (f" ({report.errors[0]})" if report.errors else ""))
    return stations


def _unused_merges(ex, mapping: dict, args):
    from .results import Reject
    ex.reject([Reject(export.shown_name(str(args.merge)), "", "learner_id",
                      f"no accepted record has the learner id {lid}: this merge is not used")
               for lid in sorted(set(mapping) - ex.mapped)], "merge")


def _report(say, ex, written, dest: Path, others: int, year: int, settings: dict, args):
    n = ex.counts.get
    roster, merge = getattr(args, "roster", None) is not None, getattr(args, "merge", None) is not None
    say(f"files read: {ex.files}" + (f" ({others} other file(s) neither .json nor .txt left out: listed in rejects.csv)"
                                     if others else ""))
    say(f"records accepted: {ex.accepted} ({written.learners} learner(s), {written.certificates} certificate(s), "
        f"{written.statements} xAPI statement(s)) for the training year {year}")
    say(f"rejects: {n('file', 0)} file(s), {n('attempt', 0)} attempt(s)"
        + (f", {n('attendance', 0)} attendance row(s)" if roster else "")
        + (f", {n('merge', 0)} merge-file row(s)" if merge else "")
        + (f", {n('skills', 0)} skills row(s)" if getattr(args, "skills", None) is not None else "")
        + f": see {export.shown_name(str(dest / 'rejects.csv'))}")
    if ex.conflicts:
        say(f"identity conflicts: {ex.conflicts} learner id(s) used for two people; their records are not counted "
            "(see rejects.csv)")
    if ex.duplicates:
        say(f"likely duplicates: {len(ex.duplicates)} person(s) under several learner ids: check duplicates.csv and "
            "merge with --merge")
    if written.certificates and not settings.get("office"):
        say("note: certificates name no issuing office: add --settings with office (see the trainer's page)")
