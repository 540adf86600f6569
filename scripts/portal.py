"""Humiao's command line. Run it through ./portal, which sets up the venv first.

  ./portal serve                      build and serve at http://127.0.0.1:8000, rebuilding on edits
  ./portal test [PYTEST ARGS]         every test, browser tests included
  ./portal validate                   check every content file; path:line: CODE message
  ./portal build [--offline]          build site/ (or the offline package into dist/)
  ./portal offline                    build the offline zip: dist/humiao-offline.zip
  ./portal export-completions RECORDS... --out DIR [--roster CSV]
                                      verify learners' completion records, write rosters
  ./portal answer-key BANK            print a bank's answer key (for the annual assessment)
  ./portal bench [--quick]            page weight, speed and build-scale benchmark
  ./portal bench-completions [-n N]   the trainer command's speed against a bare baseline
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def cmd_validate(args) -> int:
    """Check courses, quizzes, the directory, the referral guide and page pairs."""
    from humiao.validate import run
    return run(ROOT, strict_warnings=args.strict, out=sys.stdout)


def mkdocs(*extra, env=None) -> int:
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.call([sys.executable, "-m", "mkdocs", *extra], cwd=ROOT, env=e)


def cmd_serve(args) -> int:
    """Build and serve the site with live rebuilds on every edit."""
    return mkdocs("serve", "--strict", "--dev-addr", args.addr)


def cmd_build(args) -> int:
    """Build the site into site/ (or, with --offline, the file:// package into dist/offline/)."""
    if args.offline:
        return build_offline(zip_it=False)
    env = {"SITE_URL": args.site_url} if args.site_url else None
    return mkdocs("build", "--strict", "--site-dir", str(args.site_dir), env=env)


def build_offline(zip_it=True) -> int:
    out = ROOT / "dist" / "offline"
    code = mkdocs("build", "--strict", "--site-dir", str(out), env={"OFFLINE": "true"})
    if code == 0 and zip_it:
        archive = shutil.make_archive(str(ROOT / "dist" / "humiao-offline"), "zip", out.parent, "offline")
        print(f"offline package: {archive} (unzip, then open offline/index.html)")
    return code


def cmd_offline(args) -> int:
    """Build the offline package dist/humiao-offline.zip (opens from file://, search included)."""
    return build_offline(zip_it=True)


def cmd_test(args) -> int:
    """Run every test: validator, strict builds, link check, parity, browser journeys."""
    import pytest
    paths = [a for a in args.pytest_args if not a.startswith("-") and Path(a.split("::")[0]).exists()]
    return pytest.main(["-q", "-p", "no:cacheprovider", *([] if paths else [str(ROOT / "tests")]), *args.pytest_args])


def cmd_export(args) -> int:
    """Verify completion records and write roster, summaries, item statistics, xAPI, certificates."""
    from humiao.completion.cli import main
    return main(args)


def cmd_answer_key(args) -> int:
    """Print the answer key of one bank (the annual assessment's key is never on the site)."""
    from humiao.content import load
    content, report = load(ROOT)
    bank = content.banks.get(args.bank)
    if bank is None:
        print(f"no bank '{args.bank}' (known: {', '.join(sorted(content.banks))})", file=sys.stderr)
        return 2
    for n, q in enumerate(bank.questions, 1):
        key = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        texts = {o["id"]: o["text"][args.lang] for o in q["options"]}
        print(f"{n}. [{q['id']}] {q['prompt'][args.lang]}\n   → " + " | ".join(f"{k}: {texts.get(k, '?')}" for k in key))
    return 0


def cmd_bench(args) -> int:
    """Page weight, speed and build scale against bare Material (see docs/about/benchmarks)."""
    from humiao.bench import main
    return main(args)


def cmd_bench_completions(args) -> int:
    """Time export-completions on N synthetic records beside a bare json+csv baseline."""
    from humiao.completion.bench import main
    return main(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="./portal", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("validate", help=cmd_validate.__doc__)
    s.add_argument("--strict", action="store_true", help="warnings fail too")
    s.set_defaults(func=cmd_validate)
    s = sub.add_parser("serve", help=cmd_serve.__doc__)
    s.add_argument("--addr", default="127.0.0.1:8000")
    s.set_defaults(func=cmd_serve)
    s = sub.add_parser("build", help=cmd_build.__doc__)
    s.add_argument("--offline", action="store_true")
    s.add_argument("--site-dir", default=ROOT / "site", type=Path)
    s.add_argument("--site-url", help="the address the site will be served at, e.g. https://example.org/portal/"
                   " (needed only for the 404 page under a sub-path)")
    s.set_defaults(func=cmd_build)
    sub.add_parser("offline", help=cmd_offline.__doc__).set_defaults(func=cmd_offline)
    s = sub.add_parser("test", help=cmd_test.__doc__)
    s.add_argument("pytest_args", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_test)
    s = sub.add_parser("export-completions", help=cmd_export.__doc__)
    s.add_argument("records", nargs="*", type=Path, help="record files (.json) and folders of them")
    s.add_argument("--out", required=True, type=Path, help="output folder (created; existing outputs are replaced)")
    s.add_argument("--roster", type=Path, help="optional CSV of in-person attendance to merge")
    s.add_argument("--quizzes", type=Path, default=ROOT, help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_export)
    s = sub.add_parser("answer-key", help=cmd_answer_key.__doc__)
    s.add_argument("bank")
    s.add_argument("--lang", default="zh", choices=["zh", "en"])
    s.set_defaults(func=cmd_answer_key)
    s = sub.add_parser("bench", help=cmd_bench.__doc__)
    s.add_argument("--quick", action="store_true", help="smaller scale runs")
    s.add_argument("--write", action="store_true", help="write the figures into docs/about/benchmarks.md")
    s.add_argument("--scales", help="module-count multiples to build, e.g. 1,10,50 (default; --quick: 1,2,5)")
    s.set_defaults(func=cmd_bench)
    s = sub.add_parser("bench-completions", help=cmd_bench_completions.__doc__)
    s.add_argument("-n", type=int, default=100_000)
    s.set_defaults(func=cmd_bench_completions)
    return p


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"]:   # everything after `test` goes to pytest as it is, e.g. ./portal test -k search
        args = argparse.Namespace(func=cmd_test, pytest_args=[a for a in argv[1:2] if a != "--"] + argv[2:])
        return args.func(args) or 0
    args = parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
