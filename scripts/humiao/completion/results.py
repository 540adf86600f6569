"""What verifying a record gives: a Record, the Attempts it proves, or Rejects with a reason."""
from __future__ import annotations

from typing import NamedTuple


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


class Bad(Exception):
    """A problem that rejects the whole file."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field, reason
