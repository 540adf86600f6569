"""Humiao's command line. Run it through ./portal, which sets up the venv first.

  ./portal serve [--addr HOST:PORT]   build and serve at http://127.0.0.1:8000 (or --addr), rebuilding on edits
  ./portal test [PYTEST ARGS]         every test, browser tests included
  ./portal validate                   check every content file; path:line: CODE message
  ./portal validate --codes           the problem codes, each with its severity and rule
  ./portal build [--offline]          build site/ (or the offline package into dist/)
  ./portal offline                    build the offline zip: dist/humiao-offline.zip
  ./portal export-completions RECORDS... --out DIR --key KEY [--year Y] [--roster CSV] [--merge CSV] [--settings YML]
                                      verify learners' completion records, write rosters
  ./portal answer-key BANK [--key KEY]  print a bank's answer key (the annual assessment's from its key file)
  ./portal bench [--quick]            page weight, speed and build-scale benchmark
  ./portal bench-completions [-n N]   the trainer command's speed against a bare baseline
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def cmd_validate(args) -> int:
    """Check courses, quizzes, the directory, the referral guide and page pairs."""
    if args.codes:
        from humiao.problem_codes import table
        print(table())
        return 0
    from humiao.validate import run
    return run(ROOT, strict_warnings=args.strict, out=sys.stdout)


def _die_with_parent():
    """In the child, before exec: on Linux, ask the kernel to end the child when this process
    dies, even by SIGKILL, so stopping ./portal never leaves a mkdocs server behind."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def mkdocs(*extra, env=None) -> int:
    """Run mkdocs as a child that stops when this process is stopped (Ctrl-C, kill, SIGHUP)."""
    e = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    child = subprocess.Popen([sys.executable, "-m", "mkdocs", *extra], cwd=ROOT, env=e,
                             preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)

    def stop(signum, frame):
        if child.poll() is None:
            child.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        return child.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def port_problem(addr: str) -> str | None:
    """Why HOST:PORT cannot be served, in one line, or None when it can."""
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit():
        return f"--addr must be HOST:PORT, e.g. 127.0.0.1:8000 (got {addr!r})"
    try:
        with socket.socket(socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as the server does: TIME_WAIT is no obstacle
            s.bind((host.strip("[]"), int(port)))
    except OSError as e:
        if e.errno in (98, 48, 10048):   # EADDRINUSE on Linux, macOS, Windows
            return (f"port {port} on {host} is already in use (another ./portal serve?). "
                    f"Stop it, or pick another port: ./portal serve --addr {host}:{int(port) + 1}")
        return f"cannot serve on {addr}: {e.strerror or e}"
    return None


def cmd_serve(args) -> int:
    """Build and serve the site with live rebuilds on every edit (--addr HOST:PORT, default 127.0.0.1:8000)."""
    problem = port_problem(args.addr)
    if problem:
        print(f"portal serve: {problem}", file=sys.stderr)
        return 2
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
    """Run every test: validator, strict builds, link check, parity, browser journeys.
    Prints one line per test file as it starts (what is running and how long the last took), then
    the usual dots; -q or -v after `test` are passed to pytest as they are."""
    import pytest
    paths = [a for a in args.pytest_args if not a.startswith("-") and Path(a.split("::")[0]).exists()]
    return pytest.main(["-q", "-p", "no:cacheprovider", *([] if paths else [str(ROOT / "tests")]), *args.pytest_args],
                       plugins=[PhaseReport()])


class PhaseReport:
    """A pytest plugin: which file is running, so a nine-minute run never looks stuck. Writes
    nothing more than one line per file; the slow parts (site builds, the link check, the browser)
    each live in their own files."""

    def __init__(self):
        import time
        self.time = time.monotonic
        self.current = None
        self.started = 0.0
        self.counts = {}

    def pytest_collection_finish(self, session):
        for item in session.items:
            self.counts[item.location[0]] = self.counts.get(item.location[0], 0) + 1
        self.files = len(self.counts)

    def pytest_runtest_logstart(self, nodeid, location):
        path = location[0]
        if path == self.current:
            return
        tr = self.reporter
        if tr is None:
            return
        now = self.time()
        done = f" (previous file {now - self.started:.0f} s)" if self.current else ""
        self.current, self.started = path, now
        n = list(self.counts).index(path) + 1 if path in self.counts else 0
        if getattr(tr._tw, "width_of_current_line", 0):   # after -q's dots
            tr.write("\n")
        tr.write_line(f"[{n}/{self.files}] {path}: {self.counts.get(path, 0)} tests{done}", bold=True)

    @property
    def reporter(self):
        config = getattr(self, "config", None)
        return config.pluginmanager.get_plugin("terminalreporter") if config else None

    def pytest_configure(self, config):
        self.config = config


def cmd_export(args) -> int:
    """Verify completion records and write roster, summaries, item statistics, xAPI, certificates."""
    from humiao.completion.cli import main
    return main(args)


def cmd_answer_key(args) -> int:
    """Print the answer key of one bank; an assessment bank's key comes from its key file (--key)."""
    from humiao import assessment_key
    from humiao.content import load
    from humiao.problems import Report
    content, report = load(ROOT)
    bank = content.banks.get(args.bank)
    if bank is None:
        print(f"answer-key: no bank '{args.bank}' (known: {', '.join(sorted(content.banks))})", file=sys.stderr)
        return 2
    if bank.is_assessment:
        if args.key is None:
            print(f"answer-key: {bank.id} is an assessment bank: its key is the trainer's, give it with --key FILE "
                  f"(this repository's demo key, which certifies nothing: {assessment_key.DEMO_FOLDER / (bank.id + '.demo.yml')})",
                  file=sys.stderr)
            return 2
        problems = Report(args.key.parent)
        key = assessment_key.load(args.key, bank, problems)
        if key is None:
            print(f"answer-key: {problems.errors[0]}", file=sys.stderr)
            return 2
        bank = assessment_key.keyed(bank, key)
    for n, q in enumerate(bank.questions, 1):
        key = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        texts = {o["id"]: o["text"][args.lang] for o in q["options"]}
        print(f"{n}. [{q['id']}] {q['prompt'][args.lang]}\n   → " + " | ".join(f"{k}: {texts.get(k, '?')}" for k in key))
    return 0


def cmd_bench(args) -> int:
    """Page weight, speed and build scale against bare Material (see docs/about/benchmarks)."""
    from bench.site import main
    return main(args)


def cmd_bench_completions(args) -> int:
    """Time export-completions on N synthetic records beside a bare json+csv baseline."""
    from bench.completions import main
    return main(args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="./portal", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("validate", help=cmd_validate.__doc__)
    s.add_argument("--strict", action="store_true", help="warnings fail too")
    s.add_argument("--codes", action="store_true", help="print every problem code with its severity and rule, and check nothing")
    s.set_defaults(func=cmd_validate)
    s = sub.add_parser("serve", help=cmd_serve.__doc__)
    s.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="where to serve (default 127.0.0.1:8000); 0.0.0.0:8000 lets phones on the same network open it")
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
    from humiao.completion.options import add_arguments
    add_arguments(s, ROOT)
    s.set_defaults(func=cmd_export)
    s = sub.add_parser("answer-key", help=cmd_answer_key.__doc__)
    s.add_argument("bank")
    from humiao.vocab import DEFAULT_LANG, LANGS
    s.add_argument("--lang", default=DEFAULT_LANG, choices=list(LANGS))
    s.add_argument("--key", type=Path, help="the assessment bank's key file (the trainer's)")
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
