"""`./portal export-completions RECORDS... --out DIR [--roster CSV]`

Exit status: 0 if at least one record was accepted (even with rejects), 1 if none was (or no
record file was found), 2 for usage errors (no RECORDS, a path that does not exist, an
unreadable attendance file)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from . import export
from .record import load_catalog


def _now_ms(now) -> int:
    now = now or dt.datetime.now(dt.timezone.utc)
    return int(now.timestamp() * 1000)


def main(args, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    say = lambda *a: print(*a, file=out)
    fail = lambda *a: print("export-completions:", *a, file=err)
    records = [Path(p) for p in (args.records or [])]
    if not records:
        fail("name the record files (.json) or folders of them, e.g. ./portal export-completions records/ --out out/")
        return 2
    missing = [p for p in records if not p.exists()]
    if missing:
        fail("no such file or folder: " + ", ".join(p.as_posix() for p in missing))
        return 2
    dest = Path(args.out)
    if dest.exists() and not dest.is_dir():
        fail(f"--out {dest.as_posix()} is a file, not a folder")
        return 2
    roster = getattr(args, "roster", None)
    attendance, note = [], ""
    if roster is not None:
        try:
            attendance, note = export.read_attendance(Path(roster))
        except export.UsageError as e:
            fail(str(e))
            return 2
    root = Path(getattr(args, "quizzes", None) or Path(__file__).resolve().parents[3])
    cat = load_catalog(root)
    if not cat.banks:
        fail(f"no quiz banks in {(root / 'quizzes').as_posix()}: nothing to grade against")
        return 2
    if cat.problems:
        print(f"warning: the repository's content has {len(cat.problems)} problem(s); run ./portal validate "
              f"(first: {cat.problems[0]})", file=err)
    files, ignored = export.discover(records, dest)
    if not files:
        fail("no record files (*.json) in " + ", ".join(p.as_posix() for p in records)
             + (f" ({ignored} other file(s) left out)" if ignored else ""))
        return 1
    now_ms = _now_ms(getattr(args, "now", None))
    ex = export.Exporter(cat, now_ms)
    try:
        export.verify_all(files, cat, root, now_ms, ex, getattr(args, "jobs", None))
    except RuntimeError as e:
        fail(str(e))
        return 2
    if roster is not None:
        export.merge_attendance(ex, attendance, Path(roster).as_posix())
    try:
        written = export.write_outputs(ex, dest)
    except (OSError, RuntimeError) as e:
        fail(f"could not write the outputs into {dest.as_posix()}: {e}")
        return 2
    attempt_rejects = sum(1 for r in ex.rejects if r.attempt)
    row_rejects = sum(1 for r in ex.rejects if r.field.startswith("row "))
    say(f"files read: {ex.files}" + (f" ({ignored} file(s) not ending in .json left out)" if ignored else ""))
    say(f"records accepted: {ex.accepted} ({written.learners} learner(s), {written.certificates} certificate(s), "
        f"{written.statements} xAPI statement(s))")
    say(f"rejects: {ex.file_rejects} file(s), {attempt_rejects} attempt(s)"
        + (f", {row_rejects} attendance row(s)" if roster is not None else "")
        + f": see {(dest / 'rejects.csv').as_posix()}")
    if note:
        say(f"note: {note}")
    return 0 if ex.accepted else 1
