"""The export's store kept in memory, for where the standard library has no sqlite3: the trainer's
desk, which runs this package in the browser (Pyodide ships sqlite3 only as a separate download).
Same methods and the same orders as store.Store (SQLite sorts text by UTF-8 bytes, which is
code-point order, as Python sorts str); tests/completion/test_desk_store.py holds the two to it.
A desk run holds a district's records, not a province's, so memory is no concern here."""
from __future__ import annotations

import json

from .rules import norm, visible
from .store import _DISTRICT_INDEX, _named


class MemoryStore:
    def __init__(self, folder=None):
        self._records: dict[int, list] = {}         # rowid -> [lid, checksum, file, path, record]
        self._next = 1
        self._learners: dict[str, list] = {}        # lid -> [sort key, learner, attendance]
        self._rejects: list = []

    def close(self):
        pass

    def add_record(self, lid: str, rec, path: str):
        self._records[self._next] = [lid, rec.checksum, rec.file, path, rec]
        self._next += 1

    def add_rejects(self, rejects):
        self._rejects.extend(tuple(r) for r in rejects)

    def add_learner(self, learner: tuple):
        lid, name, _, district, org = learner[:5]
        self._learners[lid] = [(_DISTRICT_INDEX[district], org, name, lid), learner, None]

    def flush(self):
        pass

    def index(self):
        pass

    def _by(self, pick) -> dict:
        groups: dict = {}
        for rowid, row in sorted(self._records.items()):
            groups.setdefault(pick(row), []).append((rowid, row))
        return groups

    def duplicate_checksums(self) -> list:
        return [c for c, rows in self._by(lambda r: r[1]).items() if len(rows) > 1]

    def copies(self, checksum: str) -> list:
        return [(rowid, row[2], row[3]) for rowid, row in sorted(self._records.items()) if row[1] == checksum]

    def drop_record(self, rowid: int):
        del self._records[rowid]

    def rename_record(self, rowid: int, file: str):
        self._records[rowid][2] = file

    def shared_ids(self) -> list:
        return sorted(lid for lid, rows in self._by(lambda r: r[0]).items() if len(rows) > 1)

    def records_of(self, lid: str) -> list:
        rows = sorted((row for row in self._records.values() if row[0] == lid), key=lambda row: row[2])
        return [(_named(row[4], row[2]), row[3]) for row in rows]

    def single_records(self):
        singles = [rows[0][1] for rows in self._by(lambda r: r[0]).values() if len(rows) == 1]
        for row in sorted(singles, key=lambda row: row[0]):
            yield row[0], _named(row[4], row[2])

    def learner_count(self) -> int:
        return len(self._learners)

    def accepted(self) -> int:
        return sum(len(learner[7]) for _, learner, _ in self._learners.values())

    def _person(self, learner) -> tuple:
        return norm(learner[1]), learner[3], norm(learner[4])

    def likely_duplicate_people(self):
        groups: dict = {}
        for _, learner, _ in self._learners.values():
            groups.setdefault(self._person(learner), []).append(learner)
        for people in groups.values():
            if len(people) > 1:
                for learner in people:
                    yield (learner[0], learner[1], learner[3], learner[4], learner[6])

    def matching(self, nname: str, district: str, norg: str) -> list:
        return [learner for _, learner, _ in sorted(self._learners.values(), key=lambda e: e[1][0])
                if self._person(learner) == (nname, district, norg)]

    def add_attendance(self, lid: str, module: str, hours: float):
        entry = self._learners[lid]
        items = json.loads(entry[2]) if entry[2] else []
        items.append([module, hours])
        entry[2] = json.dumps(items)

    def files_of(self, lid: str) -> list:
        return self._learners[lid][1][7]

    def rejects(self):
        for file, attempt, field, reason in sorted(self._rejects):
            yield file, attempt, visible(field), visible(reason)

    def learners(self):
        for _, learner, attendance in sorted(self._learners.values(), key=lambda e: e[0]):
            yield learner, (json.loads(attendance) if attendance else None)
