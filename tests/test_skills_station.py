"""The skills station (issue #16): role-plays with an observer checklist, a printable sheet in both
languages, and a skills column in the trainer's roster (pass / needs practice) from --skills."""
from __future__ import annotations

import datetime
import shutil
import sys

import pytest

from conftest import ROOT

from humiao import skills
from humiao.problems import Report

sys.path.insert(0, str(ROOT / "tests" / "completion"))
import completion_helpers as H  # noqa: E402


def test_real_stations_cover_self_harm_and_harm_at_home():
    report = Report(ROOT)
    stations = skills.load(ROOT, report)
    assert report.problems == []
    assert [s["id"] for s in stations] == ["self-harm-hint", "harm-at-home-disclosure"]
    for s in stations:
        critical = " ".join(i["zh"] for i in s["checklist"] if i["critical"])
        assert "不承诺保密" in critical
    assert "120 或 110" in " ".join(i["zh"] for i in stations[0]["checklist"] if i["critical"])
    assert "立即向公安机关报告" in " ".join(i["zh"] for i in stations[1]["checklist"] if i["critical"])


@pytest.mark.parametrize("change, code", [
    (("    pass_rule: {min_other: 3}\n\n  - id: harm", "    pass_rule: {min_other: 9}\n\n  - id: harm"), "V003"),
    (("        critical: true\n", "        critical: yes please\n"), "V002"),
    (("  - id: harm-at-home-disclosure", "  - id: self-harm-hint"), "V001"),
])
def test_station_file_is_checked(tmp_path, change, code):
    (tmp_path / "data").mkdir()
    text = (ROOT / skills.SOURCE).read_text(encoding="utf-8")
    (tmp_path / skills.SOURCE).write_text(text.replace(*change, 1), encoding="utf-8")
    report = Report(tmp_path)
    skills.load(tmp_path, report)
    assert code in {p.code for p in report.problems}


def test_roster_result_needs_every_station():
    stations = [{"id": "a"}, {"id": "b"}]
    assert skills.roster_result(stations, {}) == ""
    assert skills.roster_result(stations, {"a": "pass", "b": "pass"}) == "通过 pass"
    assert skills.roster_result(stations, {"a": "pass"}) == "未完成 incomplete (1/2)"
    assert skills.roster_result(stations, {"a": "pass", "b": "needs-practice"}) == "需要再练 needs practice"
    assert skills.result_id(" Needs practice ") == "needs-practice" and skills.result_id("通过") == "pass"


def test_the_roster_shows_the_skills_result(project_copy, tmp_path):
    site = project_copy(None, "site", source=H.SITE)      # the export's fixture project, all of it
    shutil.copy(ROOT / skills.SOURCE, site / "data" / "skills-station.yml")
    folder = tmp_path / "records"
    folder.mkdir()
    MF = H.MF
    person = MF.learner("wu", "吴敏", "director", "jizhou", "某村委会")
    att = MF.practice("care-system", MF.key_answers("care-system", 0), "2026-11-20T07:00:00.000Z", "2026-11-20T07:30:00.000Z", "wu/p")
    (folder / "wu.json").write_bytes(MF.pretty(MF.record(person, {}, [att], "2026-11-21T08:00:00.000Z")))
    sheet = tmp_path / "skills.csv"
    sheet.write_text("姓名,所在区,单位,考站,结果,日期\n"
                     "吴敏,蓟州区,某村委会,self-harm-hint,需要再练,2026-11-25\n"
                     "吴敏,蓟州区,某村委会,self-harm-hint,通过,2026-11-28\n"
                     "吴敏,蓟州,某村委会,harm-at-home-disclosure,pass,2026-11-28\n"
                     "吴敏,蓟州区,某村委会,unknown-station,pass,2026-11-28\n", encoding="utf-8-sig")
    run = H.export([folder], tmp_path / "out", site=site, year=2026, skills=sheet,
                   now=datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc))
    assert run.code == 0, run.stderr
    header, rows = run.csv("roster.csv")
    col = header.index("技能考核 skills_station")
    assert rows[0][col] == "通过 pass"          # the later retake counts
    rejects = run.rejects()
    assert len(rejects) == 1 and rejects[0][2] == "row 5.station"


def test_observer_sheet_in_both_languages():
    import html
    stations = skills.load(ROOT, Report(ROOT))
    fm = lambda **kw: "---\n---\n"
    zh, en = (html.unescape(skills.sheet(stations, lang, fm)) for lang in ("zh", "en"))
    for s in stations:
        assert f"{{ #{s['id']} }}" in zh and f"{{ #{s['id']} }}" in en
        for item in s["checklist"]:
            assert item["zh"] in zh and item["en"] in en
