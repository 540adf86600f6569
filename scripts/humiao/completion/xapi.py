"""xAPI statements for a learning record store: one `completed` statement per completed module
and one `passed` statement per learner who passed the annual assessment.

The statements follow xAPI 1.0.3 (and use cmi5's verb IRIs for completed/passed; they are not a
cmi5 session: no registration, no launch). Per xAPI 1.0.3 Data 2.4.10, a provider that sets
`version` sets it to "1.0.0", the data model every 1.0.x shares.

Statement ids are uuid5 of the statement's own text (everything but the id): an export run twice
gives the same ids, so an LRS recognises statements it already holds, and a statement whose
content changed (a better score, a new year's completion, a corrected name) gets a new id, so the
LRS never answers 409 Conflict. They are written as NDJSON, one statement per line, in chunks of
CHUNK statements (xapi/statements-0001.ndjson, …), each small enough to post as one batch. The
JSON Schema they are checked against ships beside this file."""
from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

from .record import ms_to_iso

HOME = "https://humiao.invalid"
LEARNERS = f"{HOME}/learners"
VERSION = "1.0.0"
SCHEMA = Path(__file__).with_name("xapi-statement.schema.json")
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{HOME}/xapi/statements")
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
VERBS = {COMPLETED: {"zh-CN": "完成", "en": "completed"}, PASSED: {"zh-CN": "通过", "en": "passed"}}
COURSE = "http://adlnet.gov/expapi/activities/course"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
PLATFORM = "护苗学堂 Humiao"


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


_VARIANT = "89ab89ab89ab89ab"


CHUNK = 1000          # statements per NDJSON file (LRSs commonly take batches of a few thousand)
_NS = NAMESPACE.bytes


def _uuid5_text(sha1) -> str:
    """str(uuid.uuid5(NAMESPACE, name)) from sha1(NAMESPACE.bytes + name) (RFC 4122: version 5,
    variant 10), without building UUID objects."""
    h = sha1.hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[int(h[16], 16)]}{h[17:20]}-{h[20:32]}"


def module_object(mod) -> dict:
    return {"objectType": "Activity", "id": f"{HOME}/courses/{mod.id}",
            "definition": {"name": {"zh-CN": mod.title["zh"], "en": mod.title["en"]}, "type": COURSE}}


def bank_object(bank) -> dict:
    return {"objectType": "Activity", "id": f"{HOME}/quizzes/{bank.id}",
            "definition": {"name": {"zh-CN": bank.title["zh"], "en": bank.title["en"]}, "type": ASSESSMENT}}


class Writer:
    """Streams statements into NDJSON chunks, one statement per line. The parts that repeat
    (verbs, objects, scores) are serialised and encoded once; a statement is assembled from them
    as UTF-8 bytes, hashed for its id from a copy of the learner's hash of the part before them."""

    def __init__(self, cat):
        self.cat = cat
        verbs = {v: _dump({"id": v, "display": d}) for v, d in VERBS.items()}
        self.parts = {}       # (kind, id, verb) -> ',"verb":…,"object":…' (UTF-8)
        objects = [(("m", mid), module_object(mod)) for mid, mod in cat.modules.items()]
        objects += [(("b", bid), bank_object(bank)) for bid, bank in cat.banks.items()]
        for key, obj in objects:
            for verb, vjson in verbs.items():
                self.parts[key + (verb,)] = f',"verb":{vjson},"object":{_dump(obj)},"result":'.encode("utf-8")
        self.results = {}     # (correct, total) -> the result object's text (UTF-8)
        self.tail = f',"context":{_dump({"platform": PLATFORM})},"timestamp":"'.encode("utf-8")
        self.end = f'","version":"{VERSION}"}}'.encode("utf-8")
        self.count = 0

    def _result(self, c: int, t: int) -> bytes:
        r = self.results.get((c, t))
        if r is None:
            r = self.results[(c, t)] = _dump({"score": {"scaled": round(c / t, 4) if t else 0.0, "raw": c, "min": 0, "max": t},
                                              "success": True, "completion": True}).encode("utf-8")
        return r

    def statement(self, actor: bytes, hashed, obj: tuple, verb: str, c: int, t: int, ms: int) -> bytes:
        """One line: {"id":…,"actor":…,"verb":…,"object":…,"result":…,"context":…,"timestamp":…,"version":…};
        `hashed` is sha1(namespace + '"actor":' + actor), the id's hash of the line's first part."""
        rest = b"".join((self.parts[obj + (verb,)], self._result(c, t), self.tail, ms_to_iso(ms).encode("ascii"), self.end))
        sha1 = hashed.copy()
        sha1.update(rest)
        return b"".join((b'{"id":"', _uuid5_text(sha1).encode("ascii"), b'","actor":', actor, rest))

    def learner(self, learner) -> list[bytes]:
        actor = _dump({"objectType": "Agent", "name": learner.name, "account": {"homePage": LEARNERS, "name": learner.id}})
        actor = actor.encode("utf-8")
        hashed = hashlib.sha1(_NS + b'"actor":' + actor)
        out = []
        for mid in self.cat.order:
            done = learner.completed.get(mid)
            if done:
                c, t, _, completed_ms = done
                out.append(self.statement(actor, hashed, ("m", mid), COMPLETED, c, t, completed_ms))
        if learner.passed:
            c, t, ms, bank = learner.passed
            out.append(self.statement(actor, hashed, ("b", bank), PASSED, c, t, ms))
        return out

    def write(self, folder: Path, learners) -> int:
        """Every statement into folder/statements-0001.ndjson, … (CHUNK lines each); the count."""
        folder.mkdir()
        chunk, n = [], 0
        for learner in learners:
            chunk += self.learner(learner)
            while len(chunk) >= CHUNK:
                n += 1
                _write_chunk(folder, n, chunk[:CHUNK])
                del chunk[:CHUNK]
            self.count = n * CHUNK + len(chunk)
        if chunk:
            _write_chunk(folder, n + 1, chunk)
        return self.count


def _write_chunk(folder: Path, n: int, lines: list):
    with open(folder / f"statements-{n:04d}.ndjson", "wb") as f:
        f.write(b"\n".join(lines) + b"\n")


def read_statements(folder: Path) -> list[dict]:
    """Every statement of an export's xapi/ folder, in order (for tests and for checking)."""
    return [json.loads(line) for p in sorted(folder.glob("statements-*.ndjson"))
            for line in p.read_text(encoding="utf-8").splitlines()]
