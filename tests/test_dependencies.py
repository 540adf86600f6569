"""A fresh machine installs exactly the packages that were tested: every package the pins of
requirements.txt pull in is pinned too (constraints.txt), at the version this venv has."""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT


def _pins(path: Path) -> dict:
    """{name: version} of the name==version lines of a requirements or constraints file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"{path.name}: {line} is not an exact pin"
            pins[canonicalize_name(req.name)] = spec.version
    return pins


def _pulled_in(requirements: dict) -> set:
    """The names of the installed distributions that the requirements need, directly or not
    (markers evaluated for this machine, extras followed)."""
    seen, todo = set(), [(Requirement(n), ()) for n in requirements]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.distribution(req.name).requires or []:
            dep = Requirement(spec)
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in (extras or ("",))):
                todo.append((dep, tuple(dep.extras)))
    return seen


def test_every_package_the_requirements_pull_in_is_pinned():
    top, constraints = _pins(ROOT / "requirements.txt"), _pins(ROOT / "constraints.txt")
    pinned = {**constraints, **top}
    needed = _pulled_in(top)
    assert sorted(needed - set(pinned)) == [], "pin these in constraints.txt"
    assert sorted(set(constraints) - needed) == [], "constraints.txt pins packages nothing needs"
    assert sorted(set(top) & set(constraints)) == [], "a package pinned in both files"
    wrong = {n: (v, metadata.version(n)) for n, v in pinned.items() if metadata.version(n) != v}
    assert wrong == {}, "pinned version ≠ installed version: run ./portal to reinstall"
