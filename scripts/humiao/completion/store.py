"""Where an export keeps its per-record and per-learner results: an SQLite file in a temporary
folder (the standard library's sqlite3), so the memory of a run stays flat whatever the number of
records. Rows are written in batches and read back in the order the outputs need.

  records   one row per accepted record: learner id (after the merge file), checksum, file, path, blob
  learners  one row per roster row, with the keys the roster is sorted and matched by
  rejects   every reject row"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

from .record import DISTRICT_NAMES, Reject
from .rules import norm, visible

FLUSH = 2000
_DISTRICT_INDEX = {k: i for i, k in enumerate(DISTRICT_NAMES)}
SCHEMA = """
CREATE TABLE records (lid TEXT, checksum TEXT, file TEXT, path BLOB, blob BLOB);
CREATE TABLE learners (lid TEXT PRIMARY KEY, dkey INT, org TEXT, name TEXT, nname TEXT, district TEXT, norg TEXT,
                       nfiles INT, blob BLOB, attendance TEXT);
CREATE TABLE rejects (file TEXT, attempt TEXT, field TEXT, reason TEXT);
"""


def connect(path: Path):
    import sqlite3      # here, not at the top: memstore.py imports this module where there is no sqlite3
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-8000")           # 8 MB of page cache, whatever the size of the run
    db.execute("PRAGMA temp_store=FILE")
    return db


class Store:
    def __init__(self, folder: Path | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix=".humiao-export-", dir=folder))
        self.path = self.folder / "export.sqlite"
        self.db = connect(self.path)
        self.db.executescript(SCHEMA)
        self._records, self._rejects, self._learners = [], [], []

    def close(self):
        self.db.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- writing, batched ---

    def add_record(self, lid: str, rec, path: str):
        self._records.append((lid, rec.checksum, rec.file, os.fsencode(path), pickle.dumps(rec, pickle.HIGHEST_PROTOCOL)))
        if len(self._records) >= FLUSH:
            self.flush()

    def add_rejects(self, rejects):
        self._rejects.extend(rejects)
        if len(self._rejects) >= FLUSH:
            self.flush()

    def add_learner(self, learner: tuple):
        """learner: (id, name, role, district, organisation, staff_id, exported_ms, files, last_ms, completed, passed, best)."""
        lid, name, _, district, org = learner[:5]
        self._learners.append((lid, _DISTRICT_INDEX[district], org, name, norm(name), district, norm(org), len(learner[7]),
                               pickle.dumps(learner, pickle.HIGHEST_PROTOCOL)))
        if len(self._learners) >= FLUSH:
            self.flush()

    def flush(self):
        with self.db:
            self.db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)", self._records)
            self.db.executemany("INSERT INTO rejects VALUES (?, ?, ?, ?)", self._rejects)
            self.db.executemany("INSERT INTO learners VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)", self._learners)
        self._records, self._rejects, self._learners = [], [], []

    def index(self):
        self.flush()
        self.db.execute("CREATE INDEX IF NOT EXISTS records_lid ON records (lid)")
        self.db.execute("CREATE INDEX IF NOT EXISTS records_checksum ON records (checksum)")

    # --- reading ---

    def duplicate_checksums(self) -> list:
        return [c for (c,) in self.db.execute("SELECT checksum FROM records GROUP BY checksum HAVING COUNT(*) > 1")]

    def copies(self, checksum: str) -> list:
        """[(rowid, file, path)] of the records with this content."""
        rows = self.db.execute("SELECT rowid, file, path FROM records WHERE checksum = ?", (checksum,)).fetchall()
        return [(rowid, file, os.fsdecode(path)) for rowid, file, path in rows]

    def drop_record(self, rowid: int):
        self.db.execute("DELETE FROM records WHERE rowid = ?", (rowid,))

    def rename_record(self, rowid: int, file: str):
        self.db.execute("UPDATE records SET file = ? WHERE rowid = ?", (file, rowid))

    def shared_ids(self) -> list:
        return [lid for (lid,) in self.db.execute("SELECT lid FROM records GROUP BY lid HAVING COUNT(*) > 1 ORDER BY lid")]

    def records_of(self, lid: str) -> list:
        """[(record, path)] of one learner id, each record named by its row's file."""
        rows = self.db.execute("SELECT file, path, blob FROM records WHERE lid = ? ORDER BY file", (lid,)).fetchall()
        return [(_named(pickle.loads(blob), file), os.fsdecode(path)) for file, path, blob in rows]

    def single_records(self):
        """(learner id, record) of every learner id with one record, in batches (flat memory)."""
        cur = self.db.execute("SELECT lid, file, blob FROM records WHERE lid IN "
                              "(SELECT lid FROM records GROUP BY lid HAVING COUNT(*) = 1) ORDER BY lid")
        while True:
            rows = cur.fetchmany(FLUSH)
            if not rows:
                return
            for lid, file, blob in rows:
                yield lid, _named(pickle.loads(blob), file)

    def learner_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM learners").fetchone()[0]

    def accepted(self) -> int:
        return self.db.execute("SELECT COALESCE(SUM(nfiles), 0) FROM learners").fetchone()[0]

    def likely_duplicate_people(self):
        """(id, name, district, organisation, exported ms) of learners sharing name, district and organisation."""
        rows = self.db.execute(
            "SELECT blob FROM learners WHERE (nname, district, norg) IN "
            "(SELECT nname, district, norg FROM learners GROUP BY nname, district, norg HAVING COUNT(*) > 1)").fetchall()
        for (blob,) in rows:
            learner = pickle.loads(blob)
            yield (learner[0], learner[1], learner[3], learner[4], learner[6])

    def matching(self, nname: str, district: str, norg: str) -> list:
        return [pickle.loads(b) for (b,) in self.db.execute(
            "SELECT blob FROM learners WHERE nname = ? AND district = ? AND norg = ? ORDER BY lid", (nname, district, norg))]

    def add_attendance(self, lid: str, module: str, hours: float):
        (cur,) = self.db.execute("SELECT attendance FROM learners WHERE lid = ?", (lid,)).fetchone()
        items = json.loads(cur) if cur else []
        items.append([module, hours])
        self.db.execute("UPDATE learners SET attendance = ? WHERE lid = ?", (json.dumps(items), lid))

    def files_of(self, lid: str) -> list:
        (blob,) = self.db.execute("SELECT blob FROM learners WHERE lid = ?", (lid,)).fetchone()
        return pickle.loads(blob)[7]

    def rejects(self):
        """Every reject row, sorted (file, attempt, field, reason): the same whatever the input order."""
        self.flush()
        db = connect(self.path)
        try:
            rows = db.execute("SELECT file, attempt, field, reason FROM rejects ORDER BY file, attempt, field, reason")
            for file, attempt, field, reason in rows:      # text from the records: shown on one line
                yield file, attempt, visible(field), visible(reason)
        finally:
            db.close()

    def learners(self):
        """Every learner row as stored, in roster order (district, organisation, name, id). A new
        connection each time, so a forked writer can read at the same time."""
        db = connect(self.path)
        try:
            cur = db.execute("SELECT blob, attendance FROM learners ORDER BY dkey, org, name, lid")
            while True:
                rows = cur.fetchmany(FLUSH)
                if not rows:
                    return
                for blob, attendance in rows:
                    yield pickle.loads(blob), (json.loads(attendance) if attendance else None)
        finally:
            db.close()


def _named(rec, file: str):
    """A record under the file name of its row (the kept copy of identical files may be another)."""
    if rec.file == file:
        return rec
    return rec._replace(file=file, rejects=[r._replace(file=file) for r in rec.rejects])


def as_reject(row) -> Reject:
    return Reject(*row)
