"""The checksum rule is the same in the browser and in Python: run the canonical() and sha256()
of docs/assets/progress.js in Debian chromium on the fixture records and on awkward text."""
from __future__ import annotations

import json
import re

import pytest

from completion_helpers import MF, ROOT, VALID, run_in_chromium
from humiao.completion.record import checksum_of

PROGRESS_JS = ROOT / "docs" / "assets" / "progress.js"


def browser_functions() -> str:
    src = PROGRESS_JS.read_text(encoding="utf-8")
    m = re.search(r"function canonical\(v\).*?(?=\n  function (?!canonical|sha256)\w+\()", src, re.S)
    assert m and "function sha256(" in m.group(0), "progress.js no longer has canonical() and sha256() side by side"
    return m.group(0)


def page_checksums(page, records: list[dict]) -> list[str]:
    return run_in_chromium(page, browser_functions(), 'recs => recs.map(function (r) { delete r.checksum; '
                                                      'return "sha256:" + sha256(canonical(r)); })', records)


@pytest.mark.browser
def test_browser_and_python_checksums_agree(page):
    records = [json.loads(p.read_bytes().decode("utf-8-sig")) for p in sorted(VALID.glob("*.json"))]
    awkward = MF.wang_fang()
    awkward["learner"]["name"] = 'A "quoted" \\ name </script> \u2028 \u00e9 王芳 😀 \u0001\t'
    awkward["learner"]["organisation"] = "𠀋 (outside the BMP) · ½ · \u200b"
    awkward["lessons"]["z-last"] = {"B": "x", "a": "y", "ä": "z", "A": "w", "10": "v", "9": "u"}   # key order: code units
    records.append(awkward)
    assert page_checksums(page, records) == [checksum_of(r) for r in records]
    assert [checksum_of(r) for r in records[:-1]] == [r["checksum"] for r in records[:-1]]


@pytest.mark.browser
def test_a_drift_in_the_page_checksum_would_fail(page):
    """The comparison is not vacuous: progress.js with its key order reversed disagrees with Python."""
    drifted = browser_functions().replace("Object.keys(v).sort()", "Object.keys(v).sort().reverse()")
    assert drifted != browser_functions()
    records = [json.loads(p.read_bytes().decode("utf-8-sig")) for p in sorted(VALID.glob("*.json"))]
    out = run_in_chromium(page, drifted, 'recs => recs.map(function (r) { delete r.checksum; '
                                         'return "sha256:" + sha256(canonical(r)); })', records)
    assert out != [checksum_of(r) for r in records]
