"""The referral guide never leads a worker wrong: the cases of the expert review (issue #14), each
walked through the real data/referral.yml by its answers, and the home-visit sheet keeps every step
and every "do not" of every outcome. The validator rules behind them (R020–R023) have fixtures in
test_referral_data.py."""
from __future__ import annotations

import html
import re

import pytest

from conftest import ROOT

from humiao import content as content_mod
from humiao import referral, referral_page


@pytest.fixture(scope="module")
def loaded():
    content, report = content_mod.load(ROOT)
    assert content.referral is not None, [str(p) for p in report.errors]
    return content


def walk(tree, *answers: str) -> str:
    """Follow the answers (their zh labels, in order) from `start`; the node reached."""
    node = referral.START
    for label in answers:
        q = tree.questions[node]
        node = next(a["next"] for a in q["answers"] if a["label"]["zh"] == label)
    return node


def zh(items):
    return " ".join(x["zh"] for x in items)


def test_suicide_talk_with_a_plan_and_means_is_an_emergency(loaded):
    t = loaded.referral
    assert walk(t, "没有", "有", "有计划，而且东西在手边或定了时间；或者正在尝试") == "emergency"


def test_farewell_signs_lead_to_asking_about_a_plan(loaded):
    assert walk(loaded.referral, "没有", "没有", "有") == "ask-plan"


def test_suicide_talk_asks_whether_harm_comes_from_home_before_the_family_is_told(loaded):
    t = loaded.referral
    for answer in ("有这样的想法，但没有具体计划", "伤害过自己，但说不是想死", "说没有，或者不肯说，你仍然担心"):
        assert walk(t, "没有", "有", answer) == "harm-at-home"
    at_home = walk(t, "没有", "有", "有这样的想法，但没有具体计划", "有可能，或者拿不准")
    o = t.outcomes[at_home]
    assert o["urgency"] == "report"
    assert "安全" in o["steps"][0]["zh"] and "立即向公安机关报告" in zh(o["steps"])
    assert "不要先告诉家里人" in zh(o["avoid"])
    assert "公安机关和民政部门决定谁来照看孩子" in zh(o["steps"])
    # Nothing in it tells the worker to involve the family: no guardian, no removing means with the carer.
    assert not re.search(r"告诉监护人|和照料人一起|和祖辈一起", zh(o["steps"]))


def test_crisis_today_escalates_and_says_what_to_do_when_nobody_answers(loaded):
    t = loaded.referral
    oid = walk(t, "没有", "有", "有这样的想法，但没有具体计划", "没有这样的迹象")
    assert oid == "crisis-today"
    steps = zh(t.outcomes[oid]["steps"])
    assert "110 或 120" in steps                      # escalation inside "today"
    assert "打不通" in steps                          # nobody answers a line at night
    assert "拒绝或联系不上" in steps                  # the guardian refuses or cannot be reached
    assert "在外地的父母" in steps                     # consent comes from the parents (facts 2.4a)
    assert "精神科或儿童心理门诊" in steps             # a route to a doctor
    assert "立即向公安机关报告" in steps               # self-harm injury is a report (facts 2.2)
    assert re.search(r"村医|网格员|村干部", steps) and "不关门" in steps
    assert "不要先告诉家里人" in zh(t.outcomes[oid]["avoid"])


def test_crisis_lines_come_first_and_only_verified_ones(loaded):
    t, entries = loaded.referral, loaded.directory
    for oid in ("crisis-today", "crisis-harm-at-home"):
        shown = [e["id"] for e in referral.contacts_for(t.outcomes[oid], entries)]
        hotlines = [e["id"] for e in referral.contacts_for(t.outcomes[oid], entries) if e["type"] == "hotline"]
        assert hotlines[:2] == ["psych-12356", "tianjin-psych-assistance"], hotlines
        assert all("crisis" in next(e for e in entries if e["id"] == h)["topics"] for h in hotlines)
        assert {"police-110", "medical-120"} <= set(shown)
    assert [e["id"] for e in referral.contacts_for(t.outcomes["crisis-today"], entries)][:2] == \
        ["psych-12356", "tianjin-psych-assistance"]


def test_12345_is_never_where_a_report_goes(loaded):
    t, entries = loaded.referral, loaded.directory
    for oid, o in t.outcomes.items():
        if o["urgency"] in ("now", "report"):
            assert "tianjin-12345" not in [e["id"] for e in referral.contacts_for(o, entries)], oid
    line = next(e for e in entries if e["id"] == "tianjin-12345")
    assert "protection" not in line["topics"] and "crisis" not in line["topics"]


def test_reporting_harm_is_immediate_with_the_safety_check_first(loaded):
    t = loaded.referral
    oid = walk(t, "没有", "没有", "没有", "有这样的怀疑")
    o = t.outcomes[oid]
    assert oid == "report-harm" and o["urgency"] == "report"
    assert referral.URGENCY["report"][0] == "立即报告"
    assert "安全" in o["steps"][0]["zh"]
    assert "家庭暴力" in zh(o["steps"]) and "不要只打心理热线" in zh(o["avoid"]).replace("或只告诉学校就算了", "")


def test_the_first_danger_question_covers_missing_intoxicated_and_confused(loaded):
    hint = loaded.referral.questions["start"]["hint"]["zh"]
    for words in ("走失", "联系不上", "喝醉", "过量的药", "神志不清", "听到别人听不到的声音"):
        assert words in hint


def test_acute_grief_gets_first_aid_not_the_suicide_route(loaded):
    t = loaded.referral
    oid = walk(t, "没有", "没有", "没有", "没有", "是")
    assert oid == "support-after-shock"
    o = t.outcomes[oid]
    assert o["urgency"] == "today" and o["contact_types"][0] == "hotline"
    assert "几天之内再联系" in zh(o["steps"])
    assert "回到第 2 题" in zh(o["steps"])       # only suicidal thoughts take the hotline route
    assert list(t.questions).index("suicide-talk") == 1   # "question 2" is the suicide question


def test_weeks_of_daily_change_are_referred_even_before_school_suffers(loaded):
    t = loaded.referral
    base = ("没有", "没有", "没有", "没有", "不是", "有明显变化")
    assert walk(t, *base, "好几个星期了，几乎天天这样") == "refer-this-week"
    assert walk(t, *base, "时有时无，但已经好几个星期或几个月") == "impact"
    assert walk(t, *base, "只有几天") == "home-strain"


def test_every_outcome_that_involves_the_family_keeps_the_exception(loaded):
    for oid, o in loaded.referral.outcomes.items():
        if re.search("监护人|照料人|家长|父母|祖辈", zh(o["steps"])):
            assert "不要先告诉" in zh(o["steps"] + o["avoid"]), oid
            assert re.search(r"not tell .*first", " ".join(x["en"] for x in o["steps"] + o["avoid"])), oid


def _printed_items(page: str, oid: str, key: str) -> list[str]:
    """The list items of one outcome's steps (ol) or "do not" list (ul) on the home-visit sheet."""
    box = re.search(rf'<div class="hm-rprint-o" data-outcome="{oid}">(.*?)</div>', page, re.S)
    assert box, oid
    tag, cls = ("ol", "hm-rprint-steps") if key == "steps" else ("ul", "hm-rprint-avoid")
    lst = re.search(rf'<{tag} class="{cls}"[^>]*>(.*?)</{tag}>', box.group(1), re.S)
    assert lst, (oid, key)
    return [html.unescape(x) for x in re.findall(r"<li>(.*?)</li>", lst.group(1), re.S)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_sheet_carries_every_step_and_every_do_not(loaded, lang):
    """One printed item per source item, in the source's order: its short print form where it has one
    (checked against the full text by R024/R025), else the full text. Paper loses nothing."""
    suffix = ".md" if lang == "zh" else ".en.md"
    page = referral_page.pages(loaded, lang, True)[f"referral/print{suffix}"]
    for oid, o in loaded.referral.outcomes.items():
        for key in ("steps", "avoid"):
            want = [x["print"][lang] if "print" in x else x[lang] for x in o[key]]
            assert _printed_items(page, oid, key) == want, (oid, key)


def test_print_forms_keep_the_danger_words(loaded):
    """What the home-visit sheet prints of the guide's danger steps, read as a worker would."""
    outcomes = loaded.referral.outcomes
    printed = {oid: {lang: " ".join(referral.print_text(x, lang) for k in ("steps", "avoid") for x in o[k])
                     for lang in ("zh", "en")} for oid, o in outcomes.items()}
    assert all(n in printed["emergency"]["zh"] for n in ("110", "120")) and "不要让孩子一个人" in printed["emergency"]["zh"]
    for oid in ("crisis-harm-at-home", "report-harm"):
        assert "立即向公安机关报告" in printed[oid]["zh"] and "police at once" in printed[oid]["en"], oid
        assert "不要先告诉家里人" in printed[oid]["zh"] and re.search(r"(?i)do not tell the family first", printed[oid]["en"]), oid
    assert "当天" in printed["crisis-today"]["zh"] and "same day" in printed["crisis-today"]["en"].lower()
    assert "不离开孩子" in printed["crisis-today"]["zh"] and "do not leave the child" in printed["crisis-today"]["en"]
