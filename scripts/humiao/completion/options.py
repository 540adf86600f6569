"""The export command's options, in a module that imports nothing heavy: scripts/portal.py builds
every command's parser at start, and this keeps `./portal validate` as quick as before."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser, root: Path | None = None):
    """The command's options (scripts/portal.py builds its parser with this)."""
    p.add_argument("records", nargs="*", type=Path, help="record files (.json) and folders of them")
    p.add_argument("--out", required=True, type=Path,
                   help="output folder (created; an earlier export there is replaced as a whole)")
    p.add_argument("--year", type=int, help="training year that counts (default: the current year in Beijing time)")
    p.add_argument("--roster", type=Path, help="optional CSV of in-person attendance to merge")
    p.add_argument("--merge", type=Path, help="optional CSV of learner ids to merge (learner_id,merge_into), "
                                              "e.g. duplicates.csv of an earlier run with the wrong rows deleted")
    p.add_argument("--skills", type=Path, help="optional CSV of skills-station results (name, district, organisation, "
                                               "station, result, date): a skills column in the roster")
    p.add_argument("--settings", type=Path, help="optional YAML with the issuing office printed on certificates")
    p.add_argument("--key", type=Path, action="append", default=[],
                   help="the annual assessment's key file (the district's, kept on this PC; required)")
    # The content root (courses/, quizzes/, data/): tests point it at a fixture site; the desk at its bundle.
    p.add_argument("--root", type=Path, default=root, help=argparse.SUPPRESS)
