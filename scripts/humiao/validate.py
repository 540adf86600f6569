"""`./portal validate`: every content file checked in one run, every problem reported. The rules
themselves run in content.load, which every build runs too, so the two report the same errors."""
from __future__ import annotations

import sys
from pathlib import Path

from . import content


def run(root: Path, strict_warnings: bool = False, out=None) -> int:
    out = out or sys.stdout
    loaded, report = content.load(root)
    for p in sorted(set(report.problems)):
        print(p, file=out)
    n_err, n_warn = len(report.errors), len(report.warnings)
    c = loaded.curriculum
    print(f"validate: {len(c.modules)} modules ({len(c.order)} published), {len(loaded.banks)} quiz banks, "
          f"{len(loaded.directory)} directory entries; {n_err} errors, {n_warn} warnings", file=out)
    return 1 if n_err or (strict_warnings and n_warn) else 0
