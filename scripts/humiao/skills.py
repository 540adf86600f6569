"""The skills station (data/skills-station.yml): scored role-plays a trainer observes beside the
annual knowledge test (issue #16). One home for the stations: the printable observer sheet
(trainers/skills-station) and the roster's skills column (export-completions --skills) both
come from here."""
from __future__ import annotations

from html import escape
from pathlib import Path

from .field_checks import check_item, check_text, load_mapping
from .markup import front_matter, lang_suffix
from .problems import Report
from .yaml_source import line_of

SOURCE = "data/skills-station.yml"
STATION_KEYS = {"id", "title", "scenario", "checklist", "pass_rule"}
PASS, PRACTICE = "pass", "needs-practice"
RESULTS = {  # result id: (zh, en) as the roster and the sheet write it; the CSV may use either word
    PASS: ("通过", "pass"),
    PRACTICE: ("需要再练", "needs practice"),
}


def load(root: Path, report: Report) -> list[dict]:
    path = root / SOURCE
    data = load_mapping(path, report, {"stations"}, "skills station file")
    if data is None:
        return []
    out, seen = [], set()
    for st in data.get("stations") or []:
        if _check_station(path, st, report, seen):
            out.append(st)
    return out


def _check_station(path, st, report, seen) -> bool:
    ok, what = check_item(report, path, st, STATION_KEYS, "station", seen, "V001")
    if not what:
        return False
    seen.add(st.get("id"))
    ok &= check_text(report, path, st, "title", what) & check_text(report, path, st, "scenario", what)
    items = st.get("checklist")
    if not isinstance(items, list) or len(items) < 2:
        report.error(path, line_of(st, "checklist"), "V002", f"checklist of {what} needs at least two items")
        return False
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("critical"), bool) or set(item) - {"zh", "en", "critical"} \
                or not all(isinstance(item.get(lang), str) and item[lang].strip() for lang in ("zh", "en")):
            report.error(path, line_of(items, i), "V002", f"item {i + 1} of {what} needs zh, en and critical: true|false")
            ok = False
    others = sum(1 for item in items if isinstance(item, dict) and item.get("critical") is False)
    rule = st.get("pass_rule")
    n = rule.get("min_other") if isinstance(rule, dict) else None
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= others or set(rule) != {"min_other"}:
        report.error(path, line_of(st, "pass_rule"), "V003",
                     f"pass_rule of {what} must be {{min_other: N}} with N from 0 to its {others} non-critical items")
        ok = False
    return ok


def result_id(word: str) -> str | None:
    """A result cell of the trainer's CSV (通过 / pass / 需要再练 / needs practice) -> pass | needs-practice."""
    w = " ".join(word.strip().lower().replace("-", " ").split())
    for rid, names in RESULTS.items():
        if w in {rid.replace("-", " "), *(n.lower() for n in names)}:
            return rid
    return None


def roster_result(stations: list[dict], results: dict[str, str]) -> str:
    """A learner's skills column: pass when every station is passed, needs practice when one needs
    it, incomplete while stations are missing, empty without any."""
    if not results:
        return ""
    if any(r == PRACTICE for r in results.values()):
        return f"{RESULTS[PRACTICE][0]} {RESULTS[PRACTICE][1]}"
    missing = [s["id"] for s in stations if results.get(s["id"]) != PASS]
    if missing:
        return f"未完成 incomplete ({len(stations) - len(missing)}/{len(stations)})"
    return f"{RESULTS[PASS][0]} {RESULTS[PASS][1]}"


# --- the observer sheet ----------------------------------------------------------------------

def pages(c, lang: str, directory_urls: bool) -> dict[str, str]:
    """trainers/skills-station: the observer sheet, when data/skills-station.yml has stations."""
    if not c.skills:
        return {}
    return {f"trainers/skills-station{lang_suffix(lang)}": sheet(c.skills, lang, front_matter)}


def sheet(stations: list[dict], lang: str, front_matter) -> str:
    """The printable observer sheet: one section per station, a box per checklist item."""
    zh = lang == "zh"
    title = "技能考核：观察记录表" if zh else "Skills station: observer sheet"
    intro = ("年度培训除知识测验外，还要看实际处理的技能（津民发〔2024〕10号 二（三）5）。培训者或同事扮演孩子，"
             "学员按平时的做法应对，观察者逐项打勾。标“★”的是关键项：全部做到，其余各项做到规定的数目，这一站为“通过”，"
             "否则为“需要再练”。结果填入签到表一样的 CSV，导出时用 `--skills` 加入名册。"
             if zh else
             "The annual training checks skills as well as knowledge (Tianjin policy 2(3)5). A trainer or colleague plays the "
             "child; the learner responds as they would at work; the observer ticks each item. Items marked ★ are critical: "
             "all of them, and the stated number of the others, make the station a pass; otherwise it is 'needs practice'. "
             "Results go into a CSV like the attendance sheet and join the roster with `--skills`.")
    parts = [front_matter(humiao_print="job-aid"), f"# {title}", "", intro, "",
             ("姓名：＿＿＿＿＿＿　单位：＿＿＿＿＿＿　日期：＿＿＿＿＿＿　观察者：＿＿＿＿＿＿" if zh else
              "Name: ______________ Organisation: ______________ Date: __________ Observer: ______________"), ""]
    for st in stations:
        n = st["pass_rule"]["min_other"]
        others = sum(1 for i in st["checklist"] if not i["critical"])
        rule = (f"通过：★ 项全部做到，其余 {others} 项中至少做到 {n} 项。" if zh else
                f"Pass: every ★ item, and at least {n} of the other {others}.")
        items = "".join(f'<li>☐ {"★ " if i["critical"] else ""}{escape(i[lang])}</li>' for i in st["checklist"])
        parts += [f"## {escape(st['title'][lang])} {{ #{st['id']} }}", "",
                  f'<p class="hm-case"><strong>{"情境" if zh else "Scenario"}：</strong>{escape(st["scenario"][lang])}</p>' if zh else
                  f'<p class="hm-case"><strong>Scenario: </strong>{escape(st["scenario"][lang])}</p>', "",
                  f'<ul class="hm-skills-list">{items}</ul>', "", rule, "",
                  ("结果：☐ 通过　☐ 需要再练" if zh else "Result: ☐ pass　☐ needs practice"), ""]
    return "\n".join(parts) + "\n"
