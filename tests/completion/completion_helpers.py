"""Helpers for the completion-export tests: the fixture site and records, and a runner for
`export-completions` with a fixed "now" (imported by name: completion_helpers)."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

SITE = HERE / "fixtures" / "site"
VALID = HERE / "fixtures" / "records" / "valid"
BAD = HERE / "fixtures" / "records" / "bad"
NOW = dt.datetime(2025, 12, 1, tzinfo=dt.timezone.utc)


def _load_make_fixtures():
    spec = importlib.util.spec_from_file_location("completion_make_fixtures", HERE / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


MF = _load_make_fixtures()


class Run:
    def __init__(self, code, out_dir, stdout, stderr):
        self.code, self.out, self.stdout, self.stderr = code, out_dir, stdout, stderr

    def csv(self, name):
        raw = (self.out / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no UTF-8 BOM"
        rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
        return rows[0], rows[1:]

    def rejects(self):
        return self.csv("rejects.csv")[1]

    def roster(self):
        header, rows = self.csv("roster.csv")
        keys = [h.split(" ")[-1] for h in header]
        return {r[0]: dict(zip(keys, r)) for r in rows}


def demo_key(site: Path = SITE) -> Path:
    """The fixture site's annual key (a demo key, as the repository's own)."""
    return site / "quizzes" / "keys" / "annual-assessment.demo.yml"


def export(records, out: Path, roster=None, site=SITE, now=NOW, jobs=None, year=None, merge=None, settings=None,
           key="demo", skills=None) -> Run:
    """The command in-process; key="demo" gives the site's demo key file, None gives none."""
    from humiao.completion import cli
    keys = [demo_key(site)] if key == "demo" else ([Path(key)] if key else [])
    args = argparse.Namespace(records=[Path(r) for r in records], out=Path(out), roster=roster, root=site,
                              now=now, jobs=jobs, year=year, merge=merge, settings=settings, key=keys, skills=skills)
    o, e = io.StringIO(), io.StringIO()
    code = cli.main(args, out=o, err=e)
    return Run(code, Path(out), o.getvalue(), e.getvalue())


def run_in_chromium(page, script: str, function: str, data):
    """The page's own functions (`script`, cut from docs/assets/*.js) run in Debian chromium on an
    empty page: returns `function`(data), e.g. function="d => d.map(isRight)". No node needed."""
    import json
    page.set_content("<!doctype html><meta charset='utf-8'><title>page functions</title>")
    page.add_script_tag(content=script)
    assert not getattr(page, "js_errors", []), page.js_errors
    return page.evaluate(f"json => ({function})(JSON.parse(json))", json.dumps(data, ensure_ascii=False))
