"""Copies of the project and strict builds of it: the one way tests make either.

- `copy_project(target, parts, source)`: a writable copy of the named parts of the repository
  (or of a fixture project). The default, CONTENT, is what the validator reads (content.load);
  BUILDABLE adds what `mkdocs build` needs besides.
- `build(project, site_dir, offline=, site_url=)`: `mkdocs build --strict` with the environment
  mkdocs.yml reads (`!ENV` OFFLINE and SITE_URL). Returns a `Build` (returncode, stderr); a
  warning in strict mode is a failed build, as on the command line.

How a build runs (measured, see CONTRIBUTING.md "Tests"): the repository itself is built in
this process through the MkDocs Python API. That skips the command's start (Python, MkDocs' and
the plugins' imports, jieba's dictionary: about 3 s of CPU of a 12 s build on the project's
machine) and gives the same site byte for byte as the command, once jieba is reset between
builds (_fresh_jieba); tests/test_project_builds.py holds both. A copy is built by the command
in a child process: its scripts/ (the hooks and the humiao package) may differ from this
repository's, but this process has already imported the repository's humiao, which the copy's
hook would silently reuse (desk_runtime would even bundle the repository's content into it).
A copy holds no .cache/, so its build carries no desk runtime (the desk page says so)."""
from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ("courses", "quizzes", "data", "docs")                        # what content.load reads
BUILDABLE = CONTENT + ("scripts", "overrides", "templates", "mkdocs.yml")   # + a build, CONTRIBUTING's templates
TIMEOUT = 900


def copy_project(target: Path, parts=CONTENT, source: Path = ROOT) -> Path:
    """Copy the named parts of source (the repository, or a fixture project such as
    tests/completion/fixtures/site) into target, made if missing: folders or files, top-level or
    deeper ("data/policy.yml"). parts=None copies all of source."""
    target.mkdir(parents=True, exist_ok=True)
    for part in (sorted(p.name for p in source.iterdir()) if parts is None else parts):
        src = source / part
        (target / part).parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return target


@dataclass
class Build:
    """One strict build: the site folder, the exit status and what the build logged."""
    site: Path
    returncode: int
    stderr: str
    seconds: float
    how: str          # "in-process" or "subprocess"

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def tail(self, n: int = 4000) -> str:
        return f"strict {self.how} build of {self.site} failed (exit {self.returncode}):\n{self.stderr[-n:]}"


def build_env(offline=False, site_url=None) -> dict[str, str]:
    """The variables mkdocs.yml reads with !ENV, as the tests set them."""
    env = {"NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false"}
    if site_url:
        env["SITE_URL"] = site_url
    return env


def build(project: Path = ROOT, site_dir: Path | None = None, offline=False, site_url=None,
          in_process: bool | None = None) -> Build:
    """Strict build of project into site_dir (default project/site). In this process for the
    repository itself, by the command for a copy (see the module docstring)."""
    project = Path(project).resolve()
    site_dir = Path(site_dir or project / "site")
    if in_process is None:
        in_process = project == ROOT
    env = build_env(offline, site_url)
    start = time.monotonic()
    code, log = (_in_process if in_process else _subprocess)(project, site_dir, env)
    return Build(site_dir, code, log, time.monotonic() - start, "in-process" if in_process else "subprocess")


def _subprocess(project: Path, site_dir: Path, env: dict) -> tuple[int, str]:
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                         cwd=project, env=dict(os.environ, **env), capture_output=True, text=True, timeout=TIMEOUT)
    return run.returncode, run.stderr + run.stdout    # the command's last line ("Aborted with …") is on stdout


@contextlib.contextmanager
def _environment(project: Path, env: dict):
    """cwd and environment as the command has them: mkdocs.yml's !ENV values are read while the
    config loads, and Material's search plugin opens jieba_dict_user relative to the cwd."""
    saved = {k: os.environ.get(k) for k in env}
    cwd = os.getcwd()
    os.environ.update(env)
    os.chdir(project)
    try:
        yield
    finally:
        os.chdir(cwd)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def _fresh_jieba():
    """Material's search plugin loads jieba_dict_user into jieba's one tokenizer at every build.
    A second load in the same process adds the words' frequencies to the total again, and the
    Chinese search index of every later build comes out segmented differently (measured: 23 of
    801 entries). Each build gets the tokenizer as a new process has it."""
    try:
        import jieba
    except ImportError:            # Material then indexes without segmenting, as the command does
        yield
        return
    tokenizer = jieba.dt
    tokenizer.check_initialized()  # the main dictionary: loaded once per process, not per build
    saved = dict(tokenizer.FREQ), tokenizer.total, dict(tokenizer.user_word_tag_tab)
    try:
        yield
    finally:
        tokenizer.FREQ, tokenizer.total, tokenizer.user_word_tag_tab = saved


def _in_process(project: Path, site_dir: Path, env: dict) -> tuple[int, str]:
    """What `mkdocs build --strict` does (mkdocs/__main__.py build_command), in this process."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    code = 0
    try:
        with _environment(project, env), _fresh_jieba():
            config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build.build(config)
            finally:
                config.plugins.on_shutdown()
    except (Abort, MkDocsException) as e:            # what the command prints as its last line
        out.write(f"{e}\n")
        code = 1
    except Exception:                                # a crash in a plugin or hook: the command's traceback
        out.write(traceback.format_exc())
        code = 1
    finally:
        logger.removeHandler(handler)
    return code, out.getvalue()
