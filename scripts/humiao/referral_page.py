"""The referral guide's pages (from data/referral.yml through referral.py), three per language:
referral/index (interactive, one question at a time; its script: docs/assets/referral.js),
referral/tree (the whole tree as a nested list, no JavaScript) and referral/print (one A4 page for
home visits). Text from YAML is escaped before it reaches raw HTML."""
from __future__ import annotations

import json
import re
from html import escape
from typing import TYPE_CHECKING

from . import directory as dirmod
from .directory_pages import help_block
from .markup import front_matter, lang_suffix, lang_text, tel_href, tel_link
from .referral import LIST_FIELDS, PRINTED, START, URGENCY, Tree, contacts_for, print_text
from .urls import parse_ref, relative
from .vocab import CITY_WIDE

if TYPE_CHECKING:
    from .content import Content

SRC = {"index": "referral/index.md", "tree": "referral/tree.md", "print": "referral/print.md"}


def _t(value, lang) -> str:
    return value.get(lang, "") if isinstance(value, dict) else ""


def _labels(tree: Tree) -> tuple[dict, dict]:
    """Question numbers (1, 2, …) and outcome letters (A, B, …) in file order."""
    return ({q: str(i) for i, q in enumerate(tree.questions, 1)},
            {o: chr(ord("A") + i) for i, o in enumerate(tree.outcomes)})


def _read_links(tree: Tree, outcome: dict, lang: str, src: str, directory_urls: bool) -> list[tuple[str, str]]:
    """(href, title) of the outcome's module sections, for modules that are built only."""
    cur = tree.curriculum
    out = []
    for ref in outcome["read"]:
        mid, lesson, anchor = parse_ref(ref)
        if cur is None or mid not in cur.order:
            continue
        module = cur.modules[mid]
        page = module.pages.get(lesson, {}).get(lang)
        lesson_title = page.title if page else lesson
        section = next((e.title for e in page.headings() if e.name == anchor), "") if page else ""
        title = lesson_title + (" · " + section if section else "")
        out.append((relative(src, f"courses/{mid}/{lesson}.md", directory_urls, anchor), title))
    return out


def _contact_data(e: dict, lang: str) -> dict:
    d = {"name": _t(e["name"], lang), "area": e["area"], "type": e["type"],
         "phones": [{"n": p, "tel": tel_href(p)} for p in e.get("phones", [])],
         "hours": _t(e.get("hours"), lang)}
    if not e.get("phones") and "how_to_reach" in e:
        d["how"] = _t(e["how_to_reach"], lang)
    if e["area"] not in CITY_WIDE:
        d["areaName"] = dirmod.AREAS[e["area"]][0 if lang == "zh" else 1]
    return d


def _contact_html(e: dict, lang: str) -> str:
    c = _contact_data(e, lang)
    phones = " ".join(tel_link(p["n"]) for p in c["phones"])
    extra = f'<br><small>{escape(c["how"])}</small>' if "how" in c else ""
    area = f' <small>({escape(c["areaName"])})</small>' if "areaName" in c else ""
    return f'<li><strong>{escape(c["name"])}</strong>{area} {phones}{extra}</li>'


def strings(lang) -> dict:
    return {k: v[0 if lang == "zh" else 1] for k, v in {
        "question": ("第 {n} 个问题", "Question {n}"),
        "result": ("结果", "Result"),
        "back": ("上一步", "Back"),
        "restart": ("重新开始", "Start again"),
        "steps": ("现在做什么", "What to do"),
        "contacts": ("找谁", "Whom to contact"),
        "record": ("记下什么", "What to write down"),
        "avoid": ("不要做", "What not to do"),
        "answers": ("你的回答", "Your answers"),
        "read": ("学习相关内容", "Read more"),
        "district": ("你所在的区", "Your district"),
        "allDistricts": ("全部区", "All districts"),
        "safety": ("有生命危险时，立即拨打 110 或 120。拿不准时，按更急的一级处理。",
                   "If a life is in danger, call 110 or 120 now. When in doubt, act at the more urgent level."),
    }.items()}


# The one page that needs narrower print margins than the site's 14 mm to fit on one A4 sheet;
# @page cannot be scoped to a class, so this rule alone stays on the page. The rest is in humiao.css.
PRINT_STYLE = """<style>@media print { @page { size: A4; margin: 7mm; } }</style>"""


def _outcome_html(tree, oid, o, entries, lang, src, directory_urls, heading: bool) -> str:
    """One outcome as raw HTML; `heading` adds a raw <h3> (the tree page uses a Markdown heading)."""
    _, letters = _labels(tree)
    i = 0 if lang == "zh" else 1
    parts = [f'<div class="hm-r-outcome" data-outcome="{escape(oid)}" data-urgency="{escape(o["urgency"])}">']
    if heading:
        parts.append(f'<h3 id="o-{escape(oid)}">{letters[oid]} {escape(_t(o["title"], lang))}</h3>')
    parts.append(f'<p><span class="hm-r-urgency hm-r-{escape(o["urgency"])}">{URGENCY[o["urgency"]][i]}</span></p>')
    s = strings(lang)
    for key, tag in (("steps", "ol"), ("record", "ul"), ("avoid", "ul")):
        parts.append(f'<p><strong>{s[key]}</strong></p><{tag}>' + "".join(f"<li>{escape(_t(x, lang))}</li>" for x in o[key]) + f"</{tag}>")
    contacts = contacts_for(o, entries)
    if contacts:
        parts.append(f'<p><strong>{s["contacts"]}</strong></p><ul class="hm-r-contacts">' + "".join(_contact_html(e, lang) for e in contacts) + "</ul>")
    links = _read_links(tree, o, lang, src, directory_urls)
    if links:
        parts.append(f'<p><strong>{s["read"]}</strong></p><ul>' + "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in links) + "</ul>")
    parts.append("</div>")
    return "".join(parts)


def _tree_html(tree: Tree, lang: str) -> str:
    """The whole tree as a nested list: each question in full where it is first reached (one
    level deeper than the question that leads to it); other answers link to it or to the outcome."""
    numbers, letters = _labels(tree)
    done = set()

    def question(qid) -> str:
        done.add(qid)
        q = tree.questions[qid]
        hint = f'<br><small>{escape(_t(q["hint"], lang))}</small>' if "hint" in q else ""
        items, children = [], []
        for a in q["answers"]:
            label, nxt = escape(_t(a["label"], lang)), a["next"]
            if nxt in tree.outcomes:
                target = f'{letters[nxt]} {escape(_t(tree.outcomes[nxt]["title"], lang))}'
                items.append(f'<li>{label} → <a href="#o-{escape(nxt)}">{target}</a></li>')
                continue
            if nxt not in done:
                children.append(question(nxt))
            items.append(f'<li>{label} → <a href="#q-{escape(nxt)}">{lang_text(lang, f"第 {numbers[nxt]} 题", f"question {numbers[nxt]}")}</a></li>')
        sub = f'<ul class="hm-r-sub">{"".join(children)}</ul>' if children else ""
        return (f'<li id="q-{escape(qid)}"><strong>{numbers[qid]}. {escape(_t(q["text"], lang))}</strong>{hint}'
                f'<ul class="hm-r-ans">{"".join(items)}</ul>{sub}</li>')

    return f'<ul class="hm-rtree">{question(START)}</ul>'


def _data_json(tree: Tree, entries, lang, src, directory_urls) -> str:
    i = 0 if lang == "zh" else 1
    data = {
        "start": START,
        "cityWide": CITY_WIDE,
        "questions": {qid: {"text": _t(q["text"], lang), "hint": _t(q.get("hint"), lang),
                            "answers": [{"label": _t(a["label"], lang), "next": a["next"]} for a in q["answers"]]}
                      for qid, q in tree.questions.items()},
        "outcomes": {oid: {"urgency": o["urgency"], "urgencyLabel": URGENCY[o["urgency"]][i],
                           "title": _t(o["title"], lang),
                           **{k: [_t(x, lang) for x in o[k]] for k in LIST_FIELDS},
                           "read": [{"href": h, "title": t} for h, t in _read_links(tree, o, lang, src, directory_urls)],
                           "contacts": [_contact_data(e, lang) for e in contacts_for(o, entries)]}
                     for oid, o in tree.outcomes.items()},
        "districts": {k: v[i] for k, v in dirmod.DISTRICTS.items()},
        "strings": strings(lang),
    }
    # Inside <script>, "<" is written as \u003c so no "</script>" or "<!--" can end it early.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def pages(c: Content, lang: str, directory_urls: bool) -> dict[str, str]:
    """referral/: the guide (index), its text version (tree) and its home-visit sheet (print)."""
    tree, entries = c.referral, c.directory
    if tree is None:
        return {}
    return {f"referral/index{lang_suffix(lang)}": _index_page(tree, entries, lang, directory_urls),
            f"referral/tree{lang_suffix(lang)}": _tree_page(tree, entries, lang, directory_urls),
            f"referral/print{lang_suffix(lang)}": _print_page(tree, entries, lang)}


def _lead(lang) -> str:
    """One line above question 1, so the question is on a phone's first screen."""
    return lang_text(lang, "回答几个简短的问题，指引告诉你该做什么、不要做什么、找谁。拿不准时，按更急的一级处理。",
             "Answer a few short questions and the guide tells you what to do, what not to do and whom to contact. "
             "When in doubt, act at the more urgent level.")


def _intro(lang) -> str:
    return lang_text(lang,
             "发现孩子可能有困难时，用这份指引判断有多急、该做什么。它不做诊断：只有精神科执业医师才能诊断。"
             "依据：津民发〔2024〕10号 二（二）3（发现上报）、二（五）11（转介）；《未成年人保护法》第十一条（强制报告）；"
             "《关于建立侵害未成年人案件强制报告制度的意见（试行）》（高检发〔2020〕9号）。",
             "Use this guide when you notice a child may be struggling, to judge how urgent it is and what to do. "
             "It does not diagnose: only a licensed psychiatrist can. "
             "Based on Tianjin policy 津民发〔2024〕10号 2(2)3 (noticing and reporting) and 2(5)11 (referral), the Law on the "
             "Protection of Minors, Article 11 (mandatory reporting), and the opinions on mandatory reporting of harm to minors "
             "(高检发〔2020〕9号).")


def _other_versions(lang) -> str:
    return (f"[{lang_text(lang, '文字版：整棵判断树一页看全', 'Text version: the whole decision tree on one page')}](tree.md) · "
            f"[{lang_text(lang, '打印家访随身页', 'Print the home-visit sheet')}](print.md)")


def _first_question(tree: Tree, lang) -> str:
    """Question 1 as referral.js renders it, already in the page: with JavaScript (the .hm-script class,
    humiao.css) the guide then keeps its place and the text below does not move (issue #22)."""
    q = tree.questions[START]
    hint = f'<p class="hm-r-hint">{escape(_t(q["hint"], lang))}</p>' if _t(q.get("hint"), lang) else ""
    answers = "".join(f'<button type="button" class="md-button" data-next="{escape(a["next"])}">{escape(_t(a["label"], lang))}</button>'
                      for a in q["answers"])
    return (f'<p class="hm-r-step">{escape(strings(lang)["question"].format(n=1))}</p>'
            f'<h2 tabindex="-1" id="hm-r-heading" data-question="{escape(START)}">{escape(_t(q["text"], lang))}</h2>{hint}'
            f'<div class="hm-r-answers" role="group" aria-labelledby="hm-r-heading">{answers}</div><p class="hm-r-nav"></p>')


def _index_page(tree: Tree, entries, lang, directory_urls) -> str:
    src = SRC["index"]
    s = strings(lang)
    outcomes = "".join(_outcome_html(tree, oid, o, entries, lang, src, directory_urls, heading=True) for oid, o in tree.outcomes.items())
    return "\n".join([
        front_matter(humiao_scripts=["referral"]),
        f"# {lang_text(lang, '转介指引：发现—报告—转介—跟进', 'Referral guide: notice, report, refer, follow up')}", "",
        _lead(lang), "",
        f'<div class="hm-referral" id="hm-referral-app" lang="{"zh-CN" if lang == "zh" else "en"}">{_first_question(tree, lang)}</div>', "",
        '<div class="hm-referral-static" id="hm-referral-static">'
        f'<p class="hm-note">{lang_text(lang, "这里没能显示逐题问答。下面是整棵判断树：从第 1 题开始，按你的回答往下看。", "The step-by-step questions could not be shown here. Below is the whole decision tree: start at question 1 and follow your answers.")}</p>'
        f'<p class="hm-r-safety">{escape(s["safety"])}</p>'
        f'<h2 id="static-questions">{lang_text(lang, "问题", "Questions")}</h2>{_tree_html(tree, lang)}'
        f'<h2 id="static-outcomes">{lang_text(lang, "结果：该做什么", "Outcomes: what to do")}</h2>{outcomes}</div>', "",
        '<p class="hm-sr" id="hm-referral-status" role="status" aria-live="polite"></p>', "",
        f'<script type="application/json" id="hm-referral-data">{_data_json(tree, entries, lang, src, directory_urls)}</script>', "",
        f"## {lang_text(lang, '关于这份指引', 'About this guide')} {{ #about }}", "",
        _intro(lang), "", _other_versions(lang), "",
        help_block(entries, "", lang, src, directory_urls), ""])


def _tree_page(tree: Tree, entries, lang, directory_urls) -> str:
    src = SRC["tree"]
    _, letters = _labels(tree)
    lines = [f"# {lang_text(lang, '转介指引：文字版', 'Referral guide: text version')}", "",
             _intro(lang), "",
             lang_text(lang, "从第 1 题开始，按回答往下看，直到一个结果。", "Start at question 1 and follow your answers down to an outcome.")
             + f" [{lang_text(lang, '逐题问答版', 'Step-by-step version')}](index.md) · [{lang_text(lang, '打印家访随身页', 'Print the home-visit sheet')}](print.md)", "",
             f'<p class="hm-r-safety">{escape(strings(lang)["safety"])}</p>', "",
             f"## {lang_text(lang, '问题', 'Questions')} {{ #questions }}", "",
             f'<div class="hm-referral">{_tree_html(tree, lang)}</div>', "",
             f"## {lang_text(lang, '结果：该做什么', 'Outcomes: what to do')} {{ #outcomes }}", ""]
    for oid, o in tree.outcomes.items():
        lines += [f"### {letters[oid]} {escape(_t(o['title'], lang))} {{ #o-{oid} }}", "",
                  _outcome_html(tree, oid, o, entries, lang, src, directory_urls, heading=False), ""]
    lines += [help_block(entries, "", lang, src, directory_urls), ""]
    return "\n".join(lines)


def _print_questions(tree: Tree, lang: str) -> str:
    """Each question with its hint (print form) and its answers → the next question or outcome."""
    numbers, letters = _labels(tree)
    sep = "；" if lang == "zh" else "; "
    qs = []
    for qid, q in tree.questions.items():
        ways = []
        for a in q["answers"]:
            nxt = a["next"]
            target = f"<strong>{letters[nxt]}</strong>" if nxt in tree.outcomes else lang_text(lang, f"第{numbers[nxt]}题", f"Q{numbers[nxt]}")
            ways.append(f"{escape(print_text(a['label'], lang))} → {target}")
        gap = lang_text(lang, "", " ")   # Chinese needs no space beside full-width brackets
        hint = f'{gap}<span class="hm-rprint-hint">{lang_text(lang, "（{}）", "({})").format(escape(print_text(q["hint"], lang)))}</span>' \
            if "hint" in q else ""
        qs.append(f'<li value="{numbers[qid]}"><strong>{escape(print_text(q["text"], lang))}</strong>{hint}{gap}'
                  f'<span class="hm-rprint-ways">{sep.join(ways)}</span></li>')
    return f'<ol class="hm-rprint-q">{"".join(qs)}</ol>'


def _short_name(name: str) -> str:
    """The first part of a directory name: up to 与, 、, a bracket or a comma, and in English up to the
    last " and " (the one that joins the parts, as 与 does)."""
    first = re.split(r"与|、|（|\(|,", name, maxsplit=1)[0].strip()
    return (first.rsplit(" and ", 1)[0] if " and " in first else first) or name


def _print_outcome(tree: Tree, oid: str, o: dict, entries, lang: str) -> str:
    """One outcome: every step and every "do not", each in its print form, one list item per source
    item in the source's order (paper loses nothing: content guide, rule 10); contacts as names and numbers."""
    _, letters = _labels(tree)
    # A line with a number is named once, in the list of numbers at the foot (_print_numbers); a
    # service without one by the first part of its name ("未成年人保护工作站与儿童督导员…" → 未成年人保护工作站).
    who = [" ".join(escape(p) for p in e["phones"]) if e.get("phones") else escape(_short_name(_t(e["name"], lang)))
           for e in contacts_for(o, entries)]
    items = {key: "".join(f"<li>{escape(print_text(x, lang))}</li>" for x in o[key]) for key in PRINTED}
    # The letter carries the urgency's colour; the title says the urgency in words (今天, 本周内, 立即报告 …).
    return (f'<div class="hm-rprint-o" data-outcome="{escape(oid)}"><p class="hm-rprint-head">'
            f'<strong class="hm-r-urgency hm-r-{escape(o["urgency"])}" title="{URGENCY[o["urgency"]][0 if lang == "zh" else 1]}">{letters[oid]}</strong> '
            f'<strong>{escape(print_text(o["title"], lang))}</strong></p>'
            f'<ol class="hm-rprint-steps">{items["steps"]}</ol>'
            f'<ul class="hm-rprint-avoid" aria-label="{lang_text(lang, "不要做", "What not to do")}">{items["avoid"]}</ul>'
            f'<p class="hm-rprint-who"><strong>{lang_text(lang, "找谁：", "Contact: ")}</strong>{("；" if lang == "zh" else "; ").join(who)}</p></div>')


def _print_numbers(tree: Tree, entries, lang: str) -> str:
    """Every line with a number that an outcome names, once: its numbers and its name."""
    seen = []
    for o in tree.outcomes.values():
        seen += [e for e in contacts_for(o, entries) if e.get("phones") and e not in seen]
    items = []
    for e in seen:
        name, phones = escape(_t(e["name"], lang)), " ".join(escape(p) for p in e["phones"])
        items.append(name if phones in name else f"{phones} {name}")
    return (f'<p class="hm-rprint-numbers"><strong>{lang_text(lang, "电话：", "Numbers: ")}</strong>'
            f'{("；" if lang == "zh" else "; ").join(items)}</p>')


def _print_page(tree: Tree, entries, lang) -> str:
    _, letters = _labels(tree)
    span = f"A–{letters[list(tree.outcomes)[-1]]}"
    lead = lang_text(lang, f"从第 1 题起，按回答走到结果（{span}）。拿不准时按更急的一级处理；有生命危险立即拨打 110 或 120。不做诊断。",
             f"From question 1, follow your answers to an outcome ({span}). In doubt, act at the more urgent level; "
             "a life in danger: 110 or 120 now. Never diagnose.")
    always = lang_text(lang, "每次都记下：看到什么、何时、孩子的原话、做了什么、告诉了谁。不写诊断、不贴标签；只告诉需要知道的人。",
               "Always note what you saw, when, the child's words, what you did, whom you told. No diagnoses or labels; "
               "tell only who needs to know.")
    outcomes = "".join(_print_outcome(tree, oid, o, entries, lang) for oid, o in tree.outcomes.items())
    return "\n".join([
        front_matter(humiao_print="referral"),
        f"# {lang_text(lang, '转介指引：家访随身页', 'Referral guide: home-visit sheet')}", "",
        PRINT_STYLE, "",
        f'<div class="hm-rprint"><p class="hm-rprint-lead">{lead}</p>'
        f'<div class="hm-rprint-cols">{_print_questions(tree, lang)}{outcomes}'
        f'{_print_numbers(tree, entries, lang)}<p class="hm-rprint-always">{escape(always)}</p></div></div>', ""])
