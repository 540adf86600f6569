"""The tests' own builds (tests/project_builds.py): a strict build fails on a warning whichever
way it runs, and the repository built in this process is the command's site byte for byte."""
from __future__ import annotations

import filecmp
import os
from pathlib import Path

from conftest import ROOT, build

BROKEN_LINK = "# Home\n\nSee [the missing page](missing.md).\n"


def tiny_project(folder: Path, page: str) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(page, encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: tiny\n", encoding="utf-8")
    return folder


def test_a_strict_warning_fails_the_build_in_process_and_by_the_command(tmp_path):
    project = tiny_project(tmp_path / "tiny", BROKEN_LINK)
    cwd, offline = os.getcwd(), os.environ.get("OFFLINE")
    for in_process in (True, False):
        result = build(project, tmp_path / f"site-{in_process}", in_process=in_process)
        assert not result.ok, result.how
        assert "missing.md" in result.stderr and "Aborted with 1 warnings in strict mode" in result.stderr, result.stderr
    assert (os.getcwd(), os.environ.get("OFFLINE")) == (cwd, offline)      # the in-process build put both back
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    assert build(project, tmp_path / "fixed", in_process=True).ok


def test_a_copy_is_built_by_the_command_the_repository_in_process(tmp_path):
    """A copy's scripts/ may differ from the humiao this process has imported (project_builds.py)."""
    assert build(tiny_project(tmp_path / "tiny", "# Home\n"), tmp_path / "site").how == "subprocess"


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, as paths relative to the two trees."""
    out, todo = [], [Path()]
    while todo:
        rel = todo.pop()
        cmp = filecmp.dircmp(a / rel, b / rel)
        out += [str(rel / n) for n in cmp.left_only + cmp.right_only + cmp.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(a / rel, b / rel, cmp.common_files, shallow=False)
        out += [str(rel / n) for n in mismatch + errors]
        todo += [rel / d for d in cmp.common_dirs]
    return sorted(out)


def test_the_repository_built_in_process_is_the_commands_site_byte_for_byte(site, tmp_path):
    """`site` was built in this process; build again in it (jieba already loaded) and once by
    `mkdocs build --strict`: the three trees are the same."""
    again = build(ROOT, tmp_path / "again")
    command = build(ROOT, tmp_path / "command", in_process=False)
    assert again.how == "in-process" and again.ok and command.ok, again.stderr[-2000:] + command.stderr[-2000:]
    assert differences(command.site, site) == []
    assert differences(command.site, again.site) == []


def test_the_benchmarks_project_copy_holds_every_module_the_build_imports(tmp_path):
    """`./portal bench` builds its own copy of the project (bench.site.copy_project); it once left
    out scripts/humiao/completion, which the build came to import, and every bench run failed."""
    from bench.site import copy_project
    copy = copy_project(tmp_path / "copy")
    wanted = {p.relative_to(ROOT).as_posix() for p in (ROOT / "scripts").rglob("*.py") if "__pycache__" not in p.parts}
    copied = {p.relative_to(copy).as_posix() for p in (copy / "scripts").rglob("*.py")}
    assert wanted <= copied, sorted(wanted - copied)
