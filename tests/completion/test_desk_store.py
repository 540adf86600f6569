"""The export keeps its results in SQLite, or in memory where Python has no sqlite3 (the trainer's
desk in the browser). Both give the same outputs, byte for byte, on a corpus that exercises every
store method: identical copies, one learner on two devices, an identity conflict, likely
duplicates, attendance, rejects."""
from __future__ import annotations

import shutil

from completion_helpers import BAD, MF, VALID, export

from humiao.completion import export as export_mod
from humiao.completion.memstore import MemoryStore


def _corpus(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(VALID, folder)
    shutil.copytree(BAD, folder / "bad")
    shutil.copy(VALID / "chen.json", folder / "chen-copy.json")
    (folder / "wang-again.json").write_bytes(MF.pretty(MF.wang_fang()))
    return folder


def _outputs(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_memory_store_gives_the_same_outputs_as_sqlite(tmp_path, monkeypatch):
    folder = _corpus(tmp_path)
    a = export([folder], tmp_path / "sqlite")
    monkeypatch.setattr(export_mod, "STORE", MemoryStore)
    b = export([folder], tmp_path / "memory")
    assert a.code == b.code == 0, a.stdout + a.stderr
    assert a.stdout.replace("sqlite", "memory") == b.stdout
    oa, ob = _outputs(tmp_path / "sqlite"), _outputs(tmp_path / "memory")
    assert sorted(oa) == sorted(ob)
    for name in oa:
        if name.endswith(".xlsx"):
            continue            # zip timestamps; its cells come from the same rows as roster.csv
        assert oa[name] == ob[name], name
