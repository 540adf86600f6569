"""The checksum rule is the same in the browser and in Python: run the canonical() and sha256()
of docs/assets/progress.js in node on the fixture records and on awkward text."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from completion_helpers import MF, ROOT, VALID
from humiao.completion.record import checksum_of

PROGRESS_JS = ROOT / "docs" / "assets" / "progress.js"


def browser_functions() -> str:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    if not PROGRESS_JS.exists():
        pytest.fail("docs/assets/progress.js is not there")
    src = PROGRESS_JS.read_text(encoding="utf-8")
    m = re.search(r"function canonical\(v\).*?(?=\n  function (?!canonical|sha256)\w+\()", src, re.S)
    if not m or "function sha256(" not in m.group(0):
        pytest.fail("progress.js no longer has canonical() and sha256() side by side")
    return m.group(0)


def node_checksums(records: list[dict]) -> list[str]:
    script = browser_functions() + """
var input = require("fs").readFileSync(0, "utf8");
var out = JSON.parse(input).map(function (r) { delete r.checksum; return "sha256:" + sha256(canonical(r)); });
process.stdout.write(JSON.stringify(out));
"""
    p = subprocess.run(["node", "-e", script], input=json.dumps(records, ensure_ascii=False), capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_browser_and_python_checksums_agree():
    records = [json.loads(p.read_bytes().decode("utf-8-sig")) for p in sorted(VALID.glob("*.json"))]
    awkward = MF.wang_fang()
    awkward["learner"]["name"] = 'A "quoted" \\ name </script> \u2028 \u00e9 王芳 😀 \u0001\t'
    awkward["learner"]["organisation"] = "𠀋 (outside the BMP) · ½ · \u200b"
    awkward["lessons"]["z-last"] = {"B": "x", "a": "y", "ä": "z", "A": "w", "10": "v", "9": "u"}   # key order: code units
    records.append(awkward)
    assert node_checksums(records) == [checksum_of(r) for r in records]
    assert [checksum_of(r) for r in records[:-1]] == [r["checksum"] for r in records[:-1]]
