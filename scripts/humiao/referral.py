"""The referral decision guide (data/referral.yml): questions with short answers that lead to
outcomes. Loaded and checked here (the graph and the safety rules of the content guide);
referral_page.py renders its three pages per language."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import directory as dirmod
from . import phones, yaml_source
from .field_checks import LANGS, check_id, check_keys, check_text
from .problems import Report
from .referral_graph import START, check_graph, check_harm_question_first
from .urls import parse_ref
from .yaml_source import line_of

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
# The home-visit sheet (referral/print) prints a step, a "do not", an outcome's title, a question, its
# hint or an answer in its short `print` form where it has one. A print form keeps every danger word of
# its full text (content guide, rule 10: R024) and is never longer (R025). The words, one list per
# language, matched whole (the numbers are phones.py's TYPED_OK):
PRINT_KEEP = {
    "zh": ("立即", "马上", "现在", "当天", "今天", "本周", "几天", "公安", "报告", "不要先告诉", "不要", "不离开",
           "陪着", "一个人", "单独", "安全", "监护人", "督导员"),
    "en": ("at once", "immediately", "now", "same day", "today", "this week", "days", "police", "report",
           "first", "do not", "never", "stay with", "alone", "safe", "guardian", "supervisor"),
}
PRINTED = {"steps", "avoid"}          # the lists the sheet prints (record is one line for all outcomes)
# Typed phone numbers are checked once for every content file by the one phone rule (phones.py,
# H001); a `now` outcome names both emergency lines.
NOW_NUMBERS = phones.EMERGENCY


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
        return path, yaml_source.load(path)
    except yaml_source.YamlError as e:
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
    graph_ok, edges = check_graph(path, data, questions, outcomes, nodes, report)
    if ok and graph_ok:   # the safety rule is about paths: only once the graph itself holds
        ok &= check_harm_question_first(path, questions, outcomes, edges, report)
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
    ok &= _check_printable(report, path, q, "text", what)
    if "hint" in q:
        ok &= _check_printable(report, path, q, "hint", what)
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
        ok &= _check_printable(report, path, a, "label", f"answer of {what}")
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
    ok &= _check_printable(report, path, o, "title", what)
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
            wrap = _Wrap(f"{key}[{i + 1}]", item, line_of(items, i))
            ok &= (_check_printable if key in PRINTED else check_text)(report, path, wrap, f"{key}[{i + 1}]", what)
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


def print_text(value: dict, lang: str) -> str:
    """The text the home-visit sheet prints: the short print form where there is one, else the full text."""
    if not isinstance(value, dict):
        return ""
    short = value.get("print")
    return short[lang] if isinstance(short, dict) and isinstance(short.get(lang), str) else value.get(lang, "")


def _check_printable(report, path, node, key, what) -> bool:
    """A {zh, en} text that may carry a short print form {zh, en} (R024, R025; S004, S005 for its shape)."""
    value = node.get(key)
    if not isinstance(value, dict) or "print" not in value:
        return check_text(report, path, node, key, what)
    line = line_of(node, key)
    full = _Wrap(key, {k: v for k, v in value.items() if k != "print"}, line)
    short = _Wrap(key + ".print", value["print"], line_of(value, "print", line))
    if not (check_text(report, path, full, key, what) & check_text(report, path, short, key + ".print", what)):
        return False
    ok = True
    for lang in LANGS:
        long_text, short_text, where = value[lang], value["print"][lang], line_of(value, "print", line)
        lost = [w for w in phones.TYPED_OK + PRINT_KEEP[lang] if _says(long_text, w) and not _says(short_text, w)]
        if lost:
            report.error(path, where, "R024", f"the print form of {key} of {what} drops {', '.join(repr(w) for w in lost)} ({lang}): "
                         "a condensed text keeps every number, urgency word and \"do not\" of its full text")
            ok = False
        if len(short_text) > len(long_text):
            report.error(path, where, "R025", f"the print form of {key} of {what} is longer than its full text ({lang}: "
                         f"{len(short_text)} > {len(long_text)} characters)")
            ok = False
    return ok


def _says(text: str, word: str) -> bool:
    """`word` stands in `text`: numbers whole; English words whole in any case, also in the plural or
    possessive (guardians', supervisor's); Chinese as written."""
    if word.isdigit():
        return re.search(rf"(?<!\d){word}(?!\d)", text) is not None
    if word.isascii():
        return re.search(rf"(?<!\w){re.escape(word)}(?:s|'s|s')?(?!\w)", text, re.I) is not None
    return word in text


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
        parsed = parse_ref(ref)
        if parsed is None:
            report.error(path, line, "R012", f"read of {what} must be module/lesson#anchor, found {ref!r}")
            ok = False
            continue
        if curriculum is None:
            continue
        mid, lesson, anchor = parsed
        target = parsed.target
        module = curriculum.modules.get(mid)
        if module is None or lesson not in module.lessons:
            report.error(path, line, "R013", f"read of {what} points to '{target}', which is not a lesson")
            ok = False
        elif anchor not in module.anchors(lesson):
            report.error(path, line, "R014", f"read of {what} points to #{anchor}, which is not a heading anchor of {target}")
            ok = False
    return ok
