"""Find record files, verify them (in worker processes when there are many), then group them per
learner and apply the rules of rules.py: identical copies, identity conflicts, order-independent
merging, likely duplicates.

Records stream through: a worker verifies a batch of files and returns, per record, only what
the outputs need (the learner, completed modules, the assessment result, rejects) plus integer
item counts. Only per-learner results stay in memory. A learner's records are re-read (keeping
their attempts) only when there are several of them. Nothing here depends on the order of the
inputs: the same files in any order give the same outputs."""
from __future__ import annotations

import gc
import hashlib
import importlib.util
import itertools
import multiprocessing
import os
from pathlib import Path

from . import codes
from .decoding import decode
from .items import ItemAcc
from .record import MAX_BYTES, Catalog, Record, Reject, load_catalog, verify
from .rules import (first_per_bank, identity, likely_duplicates, merge_attempts, serial, shown_record, summarise,
                    visible)
from .memstore import MemoryStore
from .store import Store as SqliteStore

# SQLite keeps memory flat at province scale; the desk's Python (Pyodide) has no sqlite3.
STORE = SqliteStore if importlib.util.find_spec("sqlite3") else MemoryStore
BATCH = 512                 # files per worker task: each task's item counts are merged here, at a cost
                            # that hardly grows with the batch (the same questions and choices recur)
PARALLEL_FROM = 1024        # fewer files are verified in this process (no pool start-up)
NOT_JSON = ("left out: neither a .json record nor a .txt file of record codes "
            "(rename it to .json or .txt if it is a completion record)")
NO_CODE = "no record code (HM1.…) and no record in this text file"
CODE_SEP = "\x00"          # the source of a text's n-th code: "<path>\x00<n>" (no path holds a NUL)


# --- inputs ---------------------------------------------------------------------------------

def shown_name(path: str) -> str:
    """The name of a file in outputs: its path with '/', and bytes of a name that is not UTF-8 (a
    GBK name from a Windows zip) as \\xNN, so every output stays valid UTF-8."""
    return visible(os.fsencode(path).decode("utf-8", "backslashreplace").replace(os.sep, "/"))


def discover(inputs: list[Path], out: Path, others: list):
    """Yield (path to open, name shown) of the files named on the command line (whatever their name,
    even a broken or looping link) and of the *.json files in named folders (recursively, in name
    order; hidden files and the output folder skipped), each once, as they are found: a province's
    folder is never listed in memory. Every other file found in a folder is appended to `others`
    as a Reject."""
    out_r = out.resolve()
    seen: set = set()          # 12-byte digests of the real paths already given
    for arg in inputs:
        if not arg.is_dir():
            try:
                key = str(arg.resolve())
            except (OSError, RuntimeError):      # a symbolic link loop: reported when read
                key = os.path.abspath(arg)
            yield from _once(seen, str(arg), key)
            continue
        root = arg.resolve()
        for folder, dirs, names in os.walk(arg):
            here = Path(folder)
            real = root / here.relative_to(arg)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (real / d) != out_r)
            for n in sorted(names):
                if n.startswith("."):
                    continue
                if n.lower().endswith((".json", ".txt")):
                    yield from _once(seen, str(here / n), str(real / n))
                else:
                    others.append(Reject(shown_name(str(here / n)), "", "", NOT_JSON))


def _once(seen: set, path: str, key: str):
    digest = hashlib.blake2b(os.fsencode(key), digest_size=12).digest()
    if digest not in seen:
        seen.add(digest)
        yield path, shown_name(path)


# --- per learner ------------------------------------------------------------------------------

class Learner:
    """One row of the roster: a learner id and what its records prove for the year."""
    __slots__ = ("id", "name", "role", "district", "organisation", "staff_id", "exported_ms", "files",
                 "last_ms", "completed", "passed", "best", "attendance", "hours", "skills", "_year", "_office", "_serial")

    def __init__(self, row: tuple, attendance, cat, year: int | None, office: str, skills: str = ""):
        (self.id, self.name, self.role, self.district, self.organisation, self.staff_id, self.exported_ms, self.files,
         self.last_ms, self.completed, self.passed, self.best) = row
        self.attendance = attendance    # [(module id, hours)] of matched in-person attendance
        self.skills = skills            # the skills-station column (skills.roster_result)
        self.hours = sum(cat.modules[m].hours for m in self.completed) if self.completed else 0.0
        self._year, self._office, self._serial = year, office, None

    @property
    def serial(self) -> str:
        """The certificate's serial (rules.serial), "" without a completed module. Computed when
        first asked for: the roster and the certificate need it, the summary and module sheets
        read the same rows without it."""
        if self._serial is None:
            self._serial = (serial(self._year or 0, self.id, self.completed, self.passed, self._office)
                            if self.completed else "")
        return self._serial

    @property
    def in_person_hours(self) -> float:
        return sum(h for _, h in self.attendance or [])

    @property
    def total_hours(self) -> float:
        """Online hours plus in-person hours of modules not also completed online."""
        return self.hours + sum(h for m, h in self.attendance or [] if m not in self.completed)


def learner_row(lid: str, shown: Record, files: list, last_ms: int, completed: dict, passed, best) -> tuple:
    """What the store keeps of a roster row (Learner rebuilds it)."""
    _, name, role, district, org, staff_id = shown.learner
    return (lid, name, role, district, org, staff_id, shown.exported_ms, files, last_ms, completed, passed, best)


class Exporter:
    def __init__(self, cat: Catalog, now_ms: int, year: int | None = None, mapping: dict | None = None,
                 office: str = "", work: Path | None = None):
        self.cat, self.now_ms, self.year, self.office = cat, now_ms, year, office
        self.mapping = mapping or {}
        self.mapped: set = set()     # learner ids of the merge file that some record has
        self.store = STORE(work)
        self.items = ItemAcc()
        self.duplicates: list = []   # groups of likely duplicates (rules.likely_duplicates)
        self.files = self.conflicts = self.accepted = self.learner_count = 0
        self.counts = {"file": 0, "attempt": 0}
        self.skills: dict = {}       # learner id -> {station id: result}: the trainer's sheet, a few rows
        self.stations: list = []     # data/skills-station.yml, when --skills is given

    def close(self):
        self.store.close()

    def reject(self, rejects, kind: str | None = None):
        """Add reject rows; kind counts them ("file", "attempt", or the trainer file's kind)."""
        rejects = list(rejects)
        for r in rejects:
            k = kind or ("attempt" if r.attempt else "file")
            self.counts[k] = self.counts.get(k, 0) + 1
        self.store.add_rejects(rejects)

    def learners(self):
        """Every roster row as a Learner, in roster order."""
        from .. import skills
        for row, attendance in self.store.learners():
            shown = skills.roster_result(self.stations, self.skills.get(row[0], {})) if self.stations else ""
            yield Learner(row, attendance, self.cat, self.year, self.office, shown)

    def add(self, res, path: str = ""):
        self.files += 1
        if isinstance(res, Reject):
            self.reject([res])
            return
        lid = self.mapping.get(res.learner[0], res.learner[0])
        if lid != res.learner[0]:
            self.mapped.add(res.learner[0])
        self.store.add_record(lid, res, path or res.file)

    def _reverify(self, name: str, path: str) -> Record:
        """Verify a file again, keeping its attempts (only for several records of one learner: rare)."""
        rec = verify_one(path, name, self.cat, self.now_ms, keep=True, year=self.year)
        if not isinstance(rec, Record):
            raise RuntimeError(f"{name} changed while the export was running ({rec.reason}): run it again")
        return rec

    def _count(self, attempts: list, sign: int):
        """Count (sign=1) or take back (-1) one learner's sample of item statistics: a worker
        counted every accepted record's; a duplicate, a conflict or a merge changes that."""
        for a in first_per_bank(attempts):
            self.items.add(a.bank, a.correct, a.total, *a.items, sign=sign)

    def finish(self):
        """Apply the rules that need every record: which copy of identical files is used, identity
        conflicts, merging, likely duplicates. Call once, after the last add()."""
        store = self.store
        store.index()
        for checksum in store.duplicate_checksums():
            copies = store.copies(checksum)
            kept = min(f for _, f, _ in copies)
            for rowid, f, path in copies[1:]:
                self.reject([Reject(f, "", "checksum", f"duplicate of {kept}")] if f != kept else [])
                self._count(self._reverify(f, path).attempts, -1)
                store.drop_record(rowid)
            if copies[0][1] != kept:
                self.reject([Reject(copies[0][1], "", "checksum", f"duplicate of {kept}")])
                store.rename_record(copies[0][0], kept)
        for lid in store.shared_ids():
            recs = store.records_of(lid)
            if len({identity(r.learner[1], r.learner[3]) for r, _ in recs}) > 1:
                self._conflict(lid, recs)
            else:
                store.add_learner(self._merge(lid, recs))
        for lid, r in store.single_records():
            store.add_learner(learner_row(lid, r, [r.file], r.last_ms, r.completed, r.passed, r.best))
            self.reject(r.rejects)
        store.flush()
        self.accepted, self.learner_count = store.accepted(), store.learner_count()
        self.duplicates = likely_duplicates(store.likely_duplicate_people())

    def _conflict(self, lid: str, recs: list):
        """One learner id, two people: none of the records counts until the trainer decides."""
        self.conflicts += 1
        for r, path in recs:
            me = identity(r.learner[1], r.learner[3])
            others = sorted({f"{o.learner[1]} ({o.learner[3]}) in {o.file}" for o, _ in recs
                             if identity(o.learner[1], o.learner[3]) != me})
            self.reject([Reject(r.file, "", "learner.id",
                                f"identity conflict: learner id {lid} is also used for {'; '.join(others)}: "
                                "none of these records is counted; remove the one that is not this learner's "
                                "and run again")])
            self._count(self._reverify(r.file, path).attempts, -1)

    def _merge(self, lid: str, recs: list) -> tuple:
        """Several records of one learner (or ids joined by the merge file), in any order."""
        kept = [self._reverify(r.file, path) for r, path in recs]
        for k in kept:
            self._count(k.attempts, -1)
        use, problems = merge_attempts([(k.file, k.attempts) for k in kept])
        self._count(use, 1)
        lessons: dict = {}
        for k in kept:
            self.reject(k.rejects)
            for mid, (mask, last) in k.lessons.items():
                m0, l0 = lessons.get(mid, (0, 0))
                lessons[mid] = (m0 | mask, max(l0, last))
        self.reject(Reject(f, aid, "id", why) for f, aid, why in problems)
        completed, passed, best = summarise(lessons, use, self.cat)
        last = max(k.last_ms for k in kept)
        return learner_row(lid, shown_record([r for r, _ in recs]), [k.file for k in kept], last, completed, passed, best)


# --- one input: a JSON record, or a text of record codes -----------------------------------------

def _read(path: str, name: str) -> tuple[bytes | None, Reject | None]:
    try:
        with open(path, "rb") as f:     # one open and one fstat per file: this runs for every record
            size = os.fstat(f.fileno()).st_size
            if size > MAX_BYTES:
                return None, Reject(name, "", "", f"too large for a completion record ({size // (1024 * 1024)} MB)")
            return f.read(), None
    except OSError as e:
        return None, Reject(name, "", "", f"cannot be read: {e.strerror or e}")


def verify_source(path: str, name: str, cat: Catalog, now_ms: int, items=None, keep=False, year=None) -> list:
    """[(result, source)] of one input file: one for a JSON record, one per code for a text of codes
    (a pasted chat, a .txt file), the n-th named "<name>#n"."""
    data, bad = _read(path, name)
    if bad:
        return [(bad, path)]
    text, _ = decode(data)
    if text is not None and codes.looks_like_codes(text):
        found = codes.find(text)
        return [(_verify_code(c, f"{name}#{i}", cat, now_ms, items, keep, year), f"{path}{CODE_SEP}{i}")
                for i, c in enumerate(found, 1)]
    if text is not None and name.lower().endswith(".txt") and not text.lstrip("\ufeff \t\r\n").startswith("{"):
        return [(Reject(name, "", "", NO_CODE), path)]
    return [(verify(data, name, cat, now_ms, items, keep, year, text), path)]


def _verify_code(code: str, name: str, cat, now_ms, items, keep, year):
    data, reason = codes.decode(code)
    if data is None:
        return Reject(name, "", "", reason)
    return verify(data, name, cat, now_ms, items, keep, year)


def verify_one(source: str, name: str, cat: Catalog, now_ms: int, keep=False, year=None):
    """The result of one source again (a file, or one code of a text file)."""
    path, _, n = source.partition(CODE_SEP)
    results = verify_source(path, name, cat, now_ms, None, keep, year)
    if n:
        results = results[int(n) - 1:int(n)]
    return results[0][0] if results else Reject(name, "", "", NO_CODE)


# --- verification, serial or in a pool -----------------------------------------------------------

_WORKER: dict = {}


def _init_worker(root: str, now_ms: int, year):
    if "cat" not in _WORKER:          # a forked worker inherits the parent's catalog
        _WORKER.update(cat=load_catalog(Path(root)), now=now_ms, year=year)


def _verify_batch(batch):
    cat, now, year = _WORKER["cat"], _WORKER["now"], _WORKER["year"]
    acc = ItemAcc()
    return [res for path, name in batch for res in verify_source(path, name, cat, now, acc, year=year)], acc


def _batches(files):
    batch = []
    for f in files:
        batch.append(f)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def verify_all(files, cat: Catalog, root: Path, now_ms: int, ex: Exporter, jobs: int | None = None):
    """Verify every (path, name) of files (any iterable: it is read as it goes) into ex, then
    ex.finish(). Few files are verified here; many, by a pool of worker processes."""
    files = iter(files)
    first = list(itertools.islice(files, PARALLEL_FROM))
    jobs = jobs or os.cpu_count() or 1
    # Records make no reference cycles; the collector would only rescan the growing per-learner
    # results again and again. (Forked workers inherit this.)
    gc_was_on = gc.isenabled()
    gc.disable()
    if len(first) < PARALLEL_FROM or jobs < 2:
        _WORKER.update(cat=cat, now=now_ms, year=ex.year)
        results = map(_verify_batch, _batches(itertools.chain(first, files)))
        pool = None
    else:
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods:
            _WORKER.update(cat=cat, now=now_ms, year=ex.year)
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(str(root), now_ms, ex.year))
        results = pool.imap(_verify_batch, _batches(itertools.chain(first, files)))
    try:
        for recs, acc in results:
            ex.items.merge(acc)
            for r, path in recs:
                ex.add(r, path)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        _WORKER.clear()
        if gc_was_on:
            gc.enable()
    ex.finish()
