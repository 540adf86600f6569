"""The referral decision guide (data/referral.yml): questions with short answers that lead to
outcomes. It becomes three pages per language: referral/index (interactive, one question at a
time), referral/tree (the whole tree as a nested list, no JavaScript) and referral/print (one
A4 page for home visits). Text from YAML is escaped before it reaches raw HTML."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from . import directory as dirmod
from . import yamlsrc
from .problems import Report
from .schema import LANGS, check_id, check_keys, check_text
from .urls import relative
from .yamlsrc import line_of

START = "start"
URGENCY = {  # id: (zh, en) label shown with the outcome, most urgent first
    "now": ("现在就行动", "Act now"),
    "report": ("立即报告", "Report at once"),   # the law's word for reporting harm is 立即
    "today": ("今天就行动", "Act today"),
    "this-week": ("本周内行动", "Act this week"),
    "watch": ("继续关注", "Keep watching"),
}
TOP_KEYS = {"questions", "outcomes"}
QUESTION_KEYS, QUESTION_OPTIONAL = {"id", "text", "answers"}, {"hint", "checks"}
# What a question can establish; a path that has not asked it may not lead to involving the family.
CHECKS = {"harm-at-home"}
# Words that mean an outcome's steps bring in the family, and the words of the exception that must
# then stand beside them (content guide, safety rule 7).
FAMILY_WORDS = {"zh": ("监护人", "照料人", "家长", "家里人", "父母", "祖辈")}
FAMILY_RULE = {"zh": re.compile(r"不要先告诉"), "en": re.compile(r"\bnot tell\b.*\bfirst\b", re.I)}
POLICE_REPORT = re.compile(r"向公安机关报告")
REPORT_URGENCIES = ("now", "report")
ANSWER_KEYS = {"label", "next"}
OUTCOME_KEYS = {"id", "urgency", "title", "steps", "record", "avoid", "read", "contact_types"}
OUTCOME_OPTIONAL = {"contact_topics"}
LIST_FIELDS = ("steps", "record", "avoid")
# Typed phone numbers are checked once for every content file (content.py, H001): only 110, 120
# and 12356; the rest come from data/directory.yml.
NOW_NUMBERS = ("110", "120")
SRC = {"index": "referral/index.md", "tree": "referral/tree.md", "print": "referral/print.md"}


@dataclass
class Tree:
    questions: dict            # id -> question mapping (YAML order)
    outcomes: dict             # id -> outcome mapping (YAML order)
    curriculum: object         # for link titles; links go only to built modules
    path: Path

    def paths(self) -> list[tuple[list[tuple[str, int]], str]]:
        """Every path from `start`: ([(question id, answer index), ...], outcome id)."""
        out = []

        def walk(qid, trail):
            for i, a in enumerate(self.questions[qid]["answers"]):
                step = trail + [(qid, i)]
                if a["next"] in self.outcomes:
                    out.append((step, a["next"]))
                else:
                    walk(a["next"], step)
        walk(START, [])
        return out


def contacts_for(outcome: dict, entries: list[dict]) -> list[dict]:
    """Directory entries of the outcome's contact types, in that order (what the situation needs
    first); hotlines only on its topics if given (a line's topics say what it is verified for)."""
    topics = set(outcome.get("contact_topics") or [])
    out = []
    for t in outcome.get("contact_types") or []:
        out += [e for e in entries if e.get("type") == t and e not in out
                and (t != "hotline" or not topics or topics & set(e.get("topics") or []))]
    return out


# --- loading and validation ------------------------------------------------------

def _read_yaml(root: Path, report: Report | None):
    path = root / "data" / "referral.yml"
    if not path.exists():
        return path, None
    try:
        return path, yamlsrc.load(path)
    except yamlsrc.YamlError as e:
        if report is not None:
            report.error(path, e.line, "Y001", e.message)
        return path, None


def node_ids(root: Path) -> set[str]:
    """The question ids, for <!-- referral-guide: <question-id> --> (empty if the file is unusable)."""
    _, data = _read_yaml(root, None)
    questions = data.get("questions") if isinstance(data, dict) else None
    return {q["id"] for q in questions or [] if isinstance(q, dict) and isinstance(q.get("id"), str)} \
        if isinstance(questions, list) else set()


def load(root: Path, report: Report, curriculum, entries):
    """Load and check data/referral.yml. None if it is missing or cannot be used."""
    path, data = _read_yaml(root, report)
    if data is None:
        return None
    if not check_keys(report, path, data, TOP_KEYS, set(), "referral guide"):
        return None
    ok = True
    nodes: dict[str, tuple[str, dict]] = {}          # id -> (kind, node)
    lists = {}
    for key, what in (("questions", "question"), ("outcomes", "outcome")):
        items = data.get(key)
        if not isinstance(items, list) or not items:
            if key in data:
                report.error(path, line_of(data, key), "R017", f"{key} must be a non-empty list of {what}s")
            ok = False
            items = []
        lists[key] = items
    questions, outcomes = {}, {}
    for q in lists["questions"]:
        ok &= _check_question(path, q, report)
        ok &= _add_node(path, q, "question", nodes, report)
        if isinstance(q, dict) and isinstance(q.get("id"), str):
            questions.setdefault(q["id"], q)
    for o in lists["outcomes"]:
        ok &= _check_outcome(path, o, report, curriculum, entries)
        ok &= _add_node(path, o, "outcome", nodes, report)
        if isinstance(o, dict) and isinstance(o.get("id"), str):
            outcomes.setdefault(o["id"], o)
    graph_ok, edges = _check_graph(path, data, questions, outcomes, nodes, report)
    if ok and graph_ok:   # the safety rule is about paths: only once the graph itself holds
        ok &= _check_harm_question_first(path, questions, outcomes, edges, report)
    ok &= graph_ok
    return Tree(questions, outcomes, curriculum, path) if ok else None


def _add_node(path, node, kind, nodes, report) -> bool:
    if not isinstance(node, dict) or not isinstance(node.get("id"), str):
        return False
    nid = node["id"]
    if nid in nodes:
        other_kind, other = nodes[nid]
        report.error(path, line_of(node, "id"), "R002",
                     f"id '{nid}' is used twice (also the {other_kind} at line {line_of(other, 'id')}): question and outcome ids are one set")
        return False
    nodes[nid] = (kind, node)
    return True


def _check_question(path, q, report: Report) -> bool:
    if not check_keys(report, path, q, QUESTION_KEYS, QUESTION_OPTIONAL, "question"):
        return False
    ok = check_id(report, path, q, "id", "question")
    what = f"question '{q.get('id')}'"
    ok &= check_text(report, path, q, "text", what)
    if "hint" in q:
        ok &= check_text(report, path, q, "hint", what)
    checks = q.get("checks", ["harm-at-home"])
    if not isinstance(checks, list) or not checks or any(c not in CHECKS for c in checks):
        report.error(path, line_of(q, "checks"), "R023", f"checks of {what} must list some of: {', '.join(sorted(CHECKS))}")
        ok = False
    answers = q.get("answers")
    if not isinstance(answers, list) or not 2 <= len(answers) <= 6:
        n = len(answers) if isinstance(answers, list) else 0
        report.error(path, line_of(q, "answers"), "R004", f"{what} needs 2 to 6 answers, found {n}")
        return False
    for a in answers:
        if not check_keys(report, path, a, ANSWER_KEYS, set(), f"answer of {what}"):
            ok = False
            continue
        ok &= check_text(report, path, a, "label", f"answer of {what}")
        if not isinstance(a.get("next"), str):
            report.error(path, line_of(a, "next"), "R003", f"an answer of {what} must lead to a question or outcome id, found {a.get('next')!r}")
            ok = False
    return ok


def _check_outcome(path, o, report: Report, curriculum, entries) -> bool:
    if not check_keys(report, path, o, OUTCOME_KEYS, OUTCOME_OPTIONAL, "outcome"):
        return False
    ok = check_id(report, path, o, "id", "outcome")
    what = f"outcome '{o.get('id')}'"
    if o.get("urgency") not in URGENCY:
        report.error(path, line_of(o, "urgency"), "R008", f"urgency of {what} must be one of: {', '.join(URGENCY)}; found {o.get('urgency')!r}")
        ok = False
    ok &= check_text(report, path, o, "title", what)
    for key in LIST_FIELDS:
        items = o.get(key)
        if not isinstance(items, list) or not items:
            report.error(path, line_of(o, key), "R009", f"{key} of {what} must be a non-empty list of {{zh, en}} items")
            ok = False
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                report.error(path, line_of(items, i), "S004", f"item {i + 1} of {key} of {what} must have zh and en text")
                ok = False
                continue
            ok &= check_text(report, path, _Wrap(f"{key}[{i + 1}]", item, line_of(items, i)), f"{key}[{i + 1}]", what)
    if o.get("urgency") == "now" and isinstance(o.get("steps"), list):
        for lang in LANGS:
            text = " ".join(s.get(lang, "") for s in o["steps"] if isinstance(s, dict) and isinstance(s.get(lang), str))
            missing = [n for n in NOW_NUMBERS if not re.search(rf"(?<!\d){n}(?!\d)", text)]
            if missing:
                report.error(path, line_of(o, "steps"), "R015",
                             f"{what} has urgency now: its {lang} steps must say {' and '.join(NOW_NUMBERS)} (missing {', '.join(missing)})")
                ok = False
    if ok:
        ok &= _check_family_rule(path, o, report, what) & _check_report_urgency(path, o, report, what)
    ok &= _check_read(path, o, report, curriculum, what)
    ok &= _check_names(path, o, "contact_types", dirmod.TYPES, "R010", "R011", what, report, required=True)
    ok &= _check_names(path, o, "contact_topics", dirmod.TOPICS, "R018", "R018", what, report, required=False)
    if ok and entries and not contacts_for(o, entries):
        report.warning(path, line_of(o, "contact_types"), "R019",
                       f"no entry of data/directory.yml matches the contact types and topics of {what}: it shows no contact")
    return ok


class _Wrap(dict):
    """A one-key mapping around a list item, so check_text can check it and name its line."""
    def __init__(self, key, item, line):
        super().__init__({key: item})
        self.lines = {key: line}
        self.line = line


def _texts(o, keys, lang) -> list[str]:
    return [x.get(lang, "") for k in keys for x in o.get(k) or [] if isinstance(x, dict) and isinstance(x.get(lang), str)]


def _check_family_rule(path, o, report, what) -> bool:
    """R021: steps that bring in the family say, beside them, what to do when the harm may come from it."""
    if not any(w in step for step in _texts(o, ("steps",), "zh") for w in FAMILY_WORDS["zh"]):
        return True
    ok = True
    for lang in LANGS:
        if not any(FAMILY_RULE[lang].search(t) for t in _texts(o, ("steps", "avoid"), lang)):
            report.error(path, line_of(o, "steps"), "R021",
                         f"{what} involves the family in its steps: say in its steps or avoid ({lang}) not to tell the family first "
                         "when the harm may come from it (\"不要先告诉家里人…\" / \"do not tell the family first…\")")
            ok = False
    return ok


def _check_report_urgency(path, o, report, what) -> bool:
    """R022: reporting harm to the police is immediate (未成年人保护法 第十一条: 立即): a step that
    says so says 立即 unless the whole outcome is `now`; an outcome about reporting has urgency
    `report` or `now`, and its first step is the safety check."""
    steps = _texts(o, ("steps",), "zh")
    ok = True
    if o.get("urgency") != "now" and any(POLICE_REPORT.search(s) and "立即" not in s for s in steps):
        report.error(path, line_of(o, "steps"), "R022", f"{what} tells the worker to report to the police: say 立即 (at once), not later")
        ok = False
    if "报告" in o["title"]["zh"]:
        if o.get("urgency") not in REPORT_URGENCIES:
            report.error(path, line_of(o, "urgency"), "R022",
                         f"{what} is about reporting harm: its urgency must be {' or '.join(REPORT_URGENCIES)} (立即), not {o.get('urgency')}")
            ok = False
        elif steps and "安全" not in steps[0]:
            report.error(path, line_of(o, "steps"), "R022", f"{what} reports harm: its first step must be the safety check (孩子现在是否安全)")
            ok = False
    return ok


def _check_names(path, o, key, known, empty_code, unknown_code, what, report, required) -> bool:
    """`key` of an outcome lists names of the directory's vocabulary (entry types, topics)."""
    names = o.get(key, [])
    if not isinstance(names, list) or ((required or key in o) and not names):
        report.error(path, line_of(o, key), empty_code,
                     f"{what} must name at least one directory entry {key.split('_')[1][:-1]} in {key}"
                     if required else f"{key} of {what} must be a non-empty list (or left out)")
        return False
    ok = True
    for i, name in enumerate(names):
        if name not in known:
            report.error(path, line_of(names, i), unknown_code,
                         f"unknown contact {key.split('_')[1][:-1]} '{name}' in {what} (known: {', '.join(sorted(known))})")
            ok = False
    return ok


def _check_read(path, o, report, curriculum, what) -> bool:
    read = o.get("read")
    if not isinstance(read, list) or not read:
        report.error(path, line_of(o, "read"), "R012", f"read of {what} must list at least one module section, module/lesson#anchor")
        return False
    ok = True
    for i, ref in enumerate(read):
        line = line_of(read, i)
        if not isinstance(ref, str) or "#" not in ref or ref.split("#")[0].count("/") != 1:
            report.error(path, line, "R012", f"read of {what} must be module/lesson#anchor, found {ref!r}")
            ok = False
            continue
        if curriculum is None:
            continue
        target, anchor = ref.split("#", 1)
        mid, lesson = target.split("/")
        module = curriculum.modules.get(mid)
        if module is None or lesson not in module.lessons:
            report.error(path, line, "R013", f"read of {what} points to '{target}', which is not a lesson")
            ok = False
        elif anchor not in module.anchors(lesson):
            report.error(path, line, "R014", f"read of {what} points to #{anchor}, which is not a heading anchor of {target}")
            ok = False
    return ok


def _check_graph(path, data, questions, outcomes, nodes, report: Report) -> tuple[bool, dict]:
    """R001, R003, R005–R007: a start, answers that lead somewhere, no cycles, everything reachable,
    every path ending in an outcome. Returns (ok, edges: question id -> [(next id, answer)])."""
    ok = True
    if START not in questions:
        report.error(path, line_of(data, "questions"), "R001", f"the guide needs a first question with id '{START}'")
        return False, {}
    edges: dict[str, list[tuple[str, dict]]] = {}
    for qid, q in questions.items():
        edges[qid] = []
        for a in q.get("answers") or []:
            if not isinstance(a, dict) or not isinstance(a.get("next"), str):
                continue
            if a["next"] not in nodes:
                report.error(path, line_of(a, "next"), "R003", f"an answer of question '{qid}' leads to '{a['next']}', which is neither a question nor an outcome")
                ok = False
            else:
                edges[qid].append((a["next"], a))
    # Cycles: depth-first search; each back edge reported at the answer that closes it.
    state: dict[str, int] = {}

    def visit(qid, trail):
        nonlocal ok
        state[qid] = 1
        for nxt, a in edges[qid]:
            if nxt not in questions:
                continue
            if state.get(nxt) == 1:
                cycle = trail[trail.index(nxt):] + [nxt]
                report.error(path, line_of(a, "next"), "R005", "answers form a cycle: " + " → ".join(cycle))
                ok = False
            elif not state.get(nxt):
                visit(nxt, trail + [nxt])
        state[qid] = 2
    visit(START, [START])
    for qid in questions:
        if not state.get(qid):
            visit(qid, [qid])
    # Unreachable nodes.
    seen, todo = {START}, [START]
    while todo:
        for nxt, _ in edges.get(todo.pop(), []):
            if nxt not in seen:
                seen.add(nxt)
                if nxt in questions:
                    todo.append(nxt)
    for nid, (kind, node) in nodes.items():
        if nid not in seen:
            report.error(path, line_of(node, "id"), "R006", f"no answer leads to the {kind} '{nid}': it cannot be reached from '{START}'")
            ok = False
    # Every path ends in an outcome: each question reaches some outcome.
    ends = set(outcomes)
    changed = True
    while changed:
        changed = False
        for qid in questions:
            if qid not in ends and any(n in ends for n, _ in edges[qid]):
                ends.add(qid)
                changed = True
    for qid, q in questions.items():
        answers = q.get("answers") or []
        if qid not in ends and len(edges[qid]) == len(answers):
            report.error(path, line_of(q, "id"), "R007", f"no path from question '{qid}' ends in an outcome")
            ok = False
    return ok, edges


def _check_harm_question_first(path, questions, outcomes, edges, report) -> bool:
    """R020 (content guide, safety rule 7): no path reaches an outcome that may bring in the family
    (any urgency but `now`, where the call comes first) without a question that asks whether the
    harm may come from home. Reported once per outcome, at the answer that first gets there."""
    ok, seen = True, set()

    def walk(qid, checked, trail):
        nonlocal ok
        checked = checked or "harm-at-home" in (questions[qid].get("checks") or [])
        for nxt, a in edges[qid]:
            if nxt in questions:
                walk(nxt, checked, trail + [nxt])
            elif not checked and outcomes[nxt].get("urgency") != "now" and nxt not in seen:
                seen.add(nxt)
                report.error(path, line_of(a, "next"), "R020",
                             f"the path {' → '.join(trail + [nxt])} reaches outcome '{nxt}' without asking whether the harm may "
                             "come from home: put a question with checks: [harm-at-home] on the way")
                ok = False
    walk(START, False, [START])
    return ok


# --- pages -------------------------------------------------------------------------

def L(lang, zh, en):
    return zh if lang == "zh" else en


def _t(value, lang) -> str:
    return value.get(lang, "") if isinstance(value, dict) else ""


def _labels(tree: Tree) -> tuple[dict, dict]:
    """Question numbers (1, 2, …) and outcome letters (A, B, …) in file order."""
    return ({q: str(i) for i, q in enumerate(tree.questions, 1)},
            {o: chr(ord("A") + i) for i, o in enumerate(tree.outcomes)})


def _read_links(tree: Tree, outcome: dict, lang: str, src: str, du: bool) -> list[tuple[str, str]]:
    """(href, title) of the outcome's module sections, for modules that are built only."""
    cur = tree.curriculum
    out = []
    for ref in outcome["read"]:
        target, anchor = ref.split("#", 1)
        mid, lesson = target.split("/")
        if cur is None or mid not in cur.order:
            continue
        module = cur.modules[mid]
        page = module.pages.get(lesson, {}).get(lang)
        lesson_title = page.title if page else lesson
        section = next((e.title for e in page.headings() if e.name == anchor), "") if page else ""
        title = lesson_title + (" · " + section if section else "")
        out.append((relative(src, f"courses/{mid}/{lesson}.md", du, anchor), title))
    return out


def _contact_data(e: dict, lang: str) -> dict:
    d = {"name": _t(e["name"], lang), "area": e["area"], "type": e["type"],
         "phones": [{"n": p, "tel": dirmod.tel(p)} for p in e.get("phones", [])],
         "hours": _t(e.get("hours"), lang)}
    if not e.get("phones") and "how_to_reach" in e:
        d["how"] = _t(e["how_to_reach"], lang)
    if e["area"] not in ("national", "tianjin", "every-district"):
        d["areaName"] = dirmod.AREAS[e["area"]][0 if lang == "zh" else 1]
    return d


def _contact_html(e: dict, lang: str) -> str:
    c = _contact_data(e, lang)
    phones = " ".join(f'<a class="hm-tel" href="{escape(p["tel"])}">{escape(p["n"])}</a>' for p in c["phones"])
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


def _outcome_html(tree, oid, o, entries, lang, src, du, heading: bool) -> str:
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
    links = _read_links(tree, o, lang, src, du)
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
            items.append(f'<li>{label} → <a href="#q-{escape(nxt)}">{L(lang, f"第 {numbers[nxt]} 题", f"question {numbers[nxt]}")}</a></li>')
        sub = f'<ul class="hm-r-sub">{"".join(children)}</ul>' if children else ""
        return (f'<li id="q-{escape(qid)}"><strong>{numbers[qid]}. {escape(_t(q["text"], lang))}</strong>{hint}'
                f'<ul class="hm-r-ans">{"".join(items)}</ul>{sub}</li>')

    return f'<ul class="hm-rtree">{question(START)}</ul>'


def _data_json(tree: Tree, entries, lang, src, du) -> str:
    i = 0 if lang == "zh" else 1
    data = {
        "start": START,
        "questions": {qid: {"text": _t(q["text"], lang), "hint": _t(q.get("hint"), lang),
                            "answers": [{"label": _t(a["label"], lang), "next": a["next"]} for a in q["answers"]]}
                      for qid, q in tree.questions.items()},
        "outcomes": {oid: {"urgency": o["urgency"], "urgencyLabel": URGENCY[o["urgency"]][i],
                           "title": _t(o["title"], lang),
                           **{k: [_t(x, lang) for x in o[k]] for k in LIST_FIELDS},
                           "read": [{"href": h, "title": t} for h, t in _read_links(tree, o, lang, src, du)],
                           "contacts": [_contact_data(e, lang) for e in contacts_for(o, entries)]}
                     for oid, o in tree.outcomes.items()},
        "districts": {k: v[i] for k, v in dirmod.DISTRICTS.items()},
        "strings": strings(lang),
    }
    # Inside <script>, "<" is written as \u003c so no "</script>" or "<!--" can end it early.
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def pages(tree, entries, lang, directory_urls) -> dict[str, str]:
    if tree is None:
        return {}
    from .pages import front_matter, help_block, sfx as suffix   # pages imports this module lazily
    du = directory_urls
    sfx = suffix(lang)
    return {f"referral/index{sfx}": _index_page(tree, entries, lang, du, front_matter, help_block),
            f"referral/tree{sfx}": _tree_page(tree, entries, lang, du, help_block),
            f"referral/print{sfx}": _print_page(tree, entries, lang, du, front_matter)}


def _lead(lang) -> str:
    """One line above question 1, so the question is on a phone's first screen."""
    return L(lang, "回答几个简短的问题，指引告诉你该做什么、不要做什么、找谁。拿不准时，按更急的一级处理。",
             "Answer a few short questions and the guide tells you what to do, what not to do and whom to contact. "
             "When in doubt, act at the more urgent level.")


def _intro(lang) -> str:
    return L(lang,
             "发现孩子可能有困难时，用这份指引判断有多急、该做什么。它不做诊断：只有精神科执业医师才能诊断。"
             "依据：津民发〔2024〕10号 二（二）3（发现上报）、二（五）11（转介）；《未成年人保护法》第十一条（强制报告）；"
             "《关于建立侵害未成年人案件强制报告制度的意见（试行）》（高检发〔2020〕9号）。",
             "Use this guide when you notice a child may be struggling, to judge how urgent it is and what to do. "
             "It does not diagnose: only a licensed psychiatrist can. "
             "Based on Tianjin policy 津民发〔2024〕10号 2(2)3 (noticing and reporting) and 2(5)11 (referral), the Law on the "
             "Protection of Minors, Article 11 (mandatory reporting), and the opinions on mandatory reporting of harm to minors "
             "(高检发〔2020〕9号).")


def _other_versions(lang) -> str:
    return (f"[{L(lang, '文字版：整棵判断树一页看全', 'Text version: the whole decision tree on one page')}](tree.md) · "
            f"[{L(lang, '打印家访随身页', 'Print the home-visit sheet')}](print.md)")


def _index_page(tree, entries, lang, du, front_matter, help_block) -> str:
    src = SRC["index"]
    s = strings(lang)
    outcomes = "".join(_outcome_html(tree, oid, o, entries, lang, src, du, heading=True) for oid, o in tree.outcomes.items())
    return "\n".join([
        front_matter(humiao_scripts=["referral"]),
        f"# {L(lang, '转介指引：发现—报告—转介—跟进', 'Referral guide: notice, report, refer, follow up')}", "",
        _lead(lang), "",
        f'<div class="hm-referral" id="hm-referral-app" lang="{"zh-CN" if lang == "zh" else "en"}" hidden></div>', "",
        '<div class="hm-referral-static" id="hm-referral-static">'
        f'<p class="hm-note">{L(lang, "这里没能显示逐题问答。下面是整棵判断树：从第 1 题开始，按你的回答往下看。", "The step-by-step questions could not be shown here. Below is the whole decision tree: start at question 1 and follow your answers.")}</p>'
        f'<p class="hm-r-safety">{escape(s["safety"])}</p>'
        f'<h2 id="static-questions">{L(lang, "问题", "Questions")}</h2>{_tree_html(tree, lang)}'
        f'<h2 id="static-outcomes">{L(lang, "结果：该做什么", "Outcomes: what to do")}</h2>{outcomes}</div>', "",
        '<p class="hm-sr" id="hm-referral-status" role="status" aria-live="polite"></p>', "",
        f'<script type="application/json" id="hm-referral-data">{_data_json(tree, entries, lang, src, du)}</script>', "",
        f"## {L(lang, '关于这份指引', 'About this guide')} {{ #about }}", "",
        _intro(lang), "", _other_versions(lang), "",
        help_block(entries, "", lang, src, du), ""])


def _tree_page(tree, entries, lang, du, help_block) -> str:
    src = SRC["tree"]
    _, letters = _labels(tree)
    lines = [f"# {L(lang, '转介指引：文字版', 'Referral guide: text version')}", "",
             _intro(lang), "",
             L(lang, "从第 1 题开始，按回答往下看，直到一个结果。", "Start at question 1 and follow your answers down to an outcome.")
             + f" [{L(lang, '逐题问答版', 'Step-by-step version')}](index.md) · [{L(lang, '打印家访随身页', 'Print the home-visit sheet')}](print.md)", "",
             f'<p class="hm-r-safety">{escape(strings(lang)["safety"])}</p>', "",
             f"## {L(lang, '问题', 'Questions')} {{ #questions }}", "",
             f'<div class="hm-referral">{_tree_html(tree, lang)}</div>', "",
             f"## {L(lang, '结果：该做什么', 'Outcomes: what to do')} {{ #outcomes }}", ""]
    for oid, o in tree.outcomes.items():
        lines += [f"### {letters[oid]} {escape(_t(o['title'], lang))} {{ #o-{oid} }}", "",
                  _outcome_html(tree, oid, o, entries, lang, src, du, heading=False), ""]
    lines += [help_block(entries, "", lang, src, du), ""]
    return "\n".join(lines)


def _print_page(tree, entries, lang, du, front_matter) -> str:
    numbers, letters = _labels(tree)
    i = 0 if lang == "zh" else 1
    sep = "；" if lang == "zh" else "; "
    qs = []
    for qid, q in tree.questions.items():
        ways = []
        for a in q["answers"]:
            nxt = a["next"]
            target = f"<strong>{letters[nxt]}</strong>" if nxt in tree.outcomes else L(lang, f"第 {numbers[nxt]} 题", f"Q{numbers[nxt]}")
            ways.append(f"{escape(_t(a['label'], lang))} → {target}")
        hint = f' <small>（{escape(_t(q["hint"], lang))}）</small>' if "hint" in q and lang == "zh" else \
            (f' <small>({escape(_t(q["hint"], lang))})</small>' if "hint" in q else "")
        qs.append(f'<li value="{numbers[qid]}">{escape(_t(q["text"], lang))}{hint}<br>{sep.join(ways)}</li>')
    os_ = []
    for oid, o in tree.outcomes.items():
        who = []
        for e in contacts_for(o, entries):
            phones = " ".join(escape(p) for p in e.get("phones", []))
            who.append(escape(_t(e["name"], lang)) if not phones or phones in _t(e["name"], lang) else f"{escape(_t(e['name'], lang))} {phones}")
        # Paper loses nothing: every step and every "do not" of the outcome (content guide, rule 10).
        os_.append(f'<div class="hm-rprint-o" data-outcome="{escape(oid)}"><p><strong>{letters[oid]}</strong> '
                   f'<span class="hm-r-urgency hm-r-{escape(o["urgency"])}">{URGENCY[o["urgency"]][i]}</span> '
                   f'<strong>{escape(_t(o["title"], lang))}</strong></p>'
                   '<ol class="hm-rprint-steps">' + "".join(f"<li>{escape(_t(x, lang))}</li>" for x in o["steps"]) + "</ol>"
                   f'<p class="hm-rprint-avoid"><strong>{L(lang, "不要：", "Do not: ")}</strong></p>'
                   '<ul class="hm-rprint-avoid">' + "".join(f"<li>{escape(_t(x, lang))}</li>" for x in o["avoid"]) + "</ul>"
                   f'<p><strong>{L(lang, "找谁：", "Contact: ")}</strong>{sep.join(who)}</p></div>')
    span = f"A–{letters[list(tree.outcomes)[-1]]}"
    lead = L(lang, f"从第 1 题开始，按回答走到一个结果（{span}）。拿不准时，按更急的一级处理。有生命危险，立即拨打 110 或 120。只做发现和转介，不做诊断。",
             f"Start at question 1 and follow your answers to an outcome ({span}). When in doubt, act at the more urgent level. "
             "If a life is in danger, call 110 or 120 now. Notice and refer; never diagnose.")
    always = L(lang, "每次都记下：看到了什么、什么时候、孩子的原话、做了什么、告诉了谁。不写诊断，不贴标签。只告诉需要知道的人。",
               "Always write down what you saw, when, the child's own words, what you did and whom you told. "
               "No diagnoses, no labels. Tell only those who need to know.")
    return "\n".join([
        front_matter(humiao_print="referral"),
        f"# {L(lang, '转介指引：家访随身页', 'Referral guide: home-visit sheet')}", "",
        PRINT_STYLE, "",
        f'<div class="hm-rprint"><p>{lead}</p>'
        f'<div class="hm-rprint-cols"><ol class="hm-rprint-q">{"".join(qs)}</ol>{"".join(os_)}</div>'
        f'<p>{escape(always)}</p></div>', ""])
