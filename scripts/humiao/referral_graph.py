"""The referral guide as a graph (referral.py loads it): a first question, answers that lead
somewhere, no cycle, every node reachable, every path ending in an outcome; and the one safety rule
that is about paths (R020: ask whether the harm may come from home before involving the family)."""
from __future__ import annotations

from .problems import Report
from .yaml_source import line_of

START = "start"   # the id of the first question


def check_graph(path, data, questions, outcomes, nodes, report: Report) -> tuple[bool, dict]:
    """R001, R003, R005–R007: a start, answers that lead somewhere, no cycles, everything reachable,
    every path ending in an outcome. Returns (ok, edges: question id -> [(next id, answer)])."""
    if START not in questions:
        report.error(path, line_of(data, "questions"), "R001", f"the guide needs a first question with id '{START}'")
        return False, {}
    ok, edges = _edges(path, questions, nodes, report)
    ok &= _check_no_cycle(path, questions, edges, report)
    ok &= _check_reachable(path, questions, nodes, edges, report)
    ok &= _check_paths_end(path, questions, outcomes, edges, report)
    return ok, edges


def _edges(path, questions, nodes, report: Report) -> tuple[bool, dict]:
    """R003: each answer leads to a question or an outcome. Returns (ok, question id -> [(next id, answer)])."""
    ok = True
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
    return ok, edges


def _check_no_cycle(path, questions, edges, report: Report) -> bool:
    """R005: depth-first search; each back edge reported at the answer that closes it."""
    ok = True
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
    return ok


def _check_reachable(path, questions, nodes, edges, report: Report) -> bool:
    """R006: every question and outcome can be reached from the start."""
    ok = True
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
    return ok


def _check_paths_end(path, questions, outcomes, edges, report: Report) -> bool:
    """R007: every path ends in an outcome: each question reaches some outcome."""
    ok = True
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
    return ok


def check_harm_question_first(path, questions, outcomes, edges, report) -> bool:
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
