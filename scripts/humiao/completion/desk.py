"""The trainer's desk: `export-completions` itself, called in the browser (Pyodide) by
docs/assets/desk.js on the files the trainer dropped or pasted, written into Pyodide's memory
file system. Nothing here is a second version of a rule: it is the command's own main()."""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import zipfile
from pathlib import Path

from . import cli
from .options import add_arguments


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):           # one line for the page, not an exit
        raise _Usage(message)


TABLES = ("roster.csv", "rejects.csv")       # shown on the page as well as offered for download


def run(argv: list, root: str, cwd: str) -> str:
    """JSON {code, stdout, stderr, files, tables, zip} of one export run with the command's arguments:
    files are the outputs' paths under --out, tables the rows of TABLES, zip one file of them all.
    Run in cwd with the records named by their file names, so outputs name them as the trainer does."""
    os.chdir(cwd)
    parser = _Parser(prog="export-completions", add_help=False)
    add_arguments(parser, Path(root))
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(parser.parse_args([str(a) for a in argv]), out, err)
    except _Usage as e:
        code = 2
        print(f"export-completions: {e}", file=err)
    dest = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    def shown(text: str) -> str:     # the trainer's file names, not where the desk put them
        for folder in ([dest] if dest else []) + [Path(cwd).parent / "trainer"]:
            text = text.replace(f"{folder}/", "")
        return text
    result = {"code": code, "stdout": shown(out.getvalue()), "stderr": shown(err.getvalue()), "files": [], "tables": {}, "zip": ""}
    if dest and dest.is_dir():
        files = sorted(p for p in dest.rglob("*") if p.is_file())
        result["files"] = [p.relative_to(dest).as_posix() for p in files]
        for name in TABLES:
            if (dest / name).exists():
                with (dest / name).open(encoding="utf-8-sig", newline="") as f:
                    result["tables"][name] = list(csv.reader(f))
        result["zip"] = str(dest) + ".zip"
        with zipfile.ZipFile(result["zip"], "w", zipfile.ZIP_DEFLATED) as z:
            for p in files:
                z.write(p, p.relative_to(dest).as_posix())
    return json.dumps(result, ensure_ascii=False)
