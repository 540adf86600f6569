"""An assessment's blueprint: which modules every attempt must cover (content guide, "An assessment
is a blueprint, not a bag"). The bank declares it:

    blueprint:
      always: {crisis: 3, protection: 3, referral: 3}   # at least this many items from these, every attempt
      each_module: 1                                     # and at least this many from every other module

Only modules the learner's role studies count (courses/<id>/module.yml `audiences`): a child director
never gets items of the institution-assessment module. An item's module is the module its `see`
points into. The quiz page draws by these rules (docs/assets/quiz.js); the trainer's export checks
every attempt with `problem` below, so a drawn attempt that breaks them is not counted."""
from __future__ import annotations

import random

from .problems import Report
from .urls import parse_ref
from .yaml_source import line_of

KEYS = {"always", "each_module"}


def module_of(bank) -> dict[str, str]:
    """question id -> the module its `see` points into."""
    return {q["id"]: parse_ref(q["see"]).module for q in bank.questions
            if isinstance(q, dict) and isinstance(q.get("see"), str) and "/" in q["see"]}


def eligible_modules(audiences: dict[str, list], role: str | None) -> set[str]:
    """The modules a role studies; every module for a role the courses do not name ("other")."""
    known = {r for roles in audiences.values() for r in roles}
    return {m for m, roles in audiences.items() if role not in known or role in roles}


def plan(bp: dict, counts: dict[str, int], eligible: set[str]) -> dict[str, int]:
    """The least number of items each eligible module must give an attempt."""
    need = {}
    for m in sorted(eligible):
        if counts.get(m):
            need[m] = min(counts[m], (bp.get("always") or {}).get(m, bp.get("each_module", 0)))
    return need


def problem(bank, asked: list[str], eligible: set[str]) -> str | None:
    """Why an attempt's questions do not fit the blueprint for the learner's modules, or None."""
    bp = bank.data.get("blueprint")
    if not bp:
        return None
    mods = module_of(bank)
    outside = [q for q in asked if mods.get(q) not in eligible]
    if outside:
        return f"question '{outside[0]}' is from module '{mods.get(outside[0])}', which is not in the learner's role's training"
    got = {}
    for q in asked:
        got[mods[q]] = got.get(mods[q], 0) + 1
    counts = _counts(mods)
    for m, n in plan(bp, counts, eligible).items():
        if got.get(m, 0) < n:
            return f"the blueprint asks at least {n} question(s) from module '{m}'; this attempt has {got.get(m, 0)}"
    return None


def _counts(mods: dict) -> dict[str, int]:
    counts = {}
    for m in mods.values():
        counts[m] = counts.get(m, 0) + 1
    return counts


def draw(bank, eligible: set[str], rng: random.Random) -> list[str]:
    """One attempt by the blueprint (for simulations; the page draws in quiz.js by the same rules):
    each module's least number first, the rest at random from the learner's modules, shuffled."""
    mods = module_of(bank)
    pool = {m: [q for q, mm in mods.items() if mm == m] for m in eligible}
    chosen = []
    for m, n in plan(bank.data.get("blueprint") or {}, _counts(mods), eligible).items():
        chosen += rng.sample(pool[m], n)
    rest = [q for m in sorted(eligible) for q in pool.get(m, []) if q not in chosen]
    chosen += rng.sample(rest, bank.draw - len(chosen))
    rng.shuffle(chosen)
    return chosen


def check(bank, report: Report, audiences: dict[str, list]):
    """Q045: the blueprint names modules the bank has items for, and fits the draw for every role."""
    bp = bank.data.get("blueprint")
    if bp is None:
        return
    path, line = bank.path, line_of(bank.data, "blueprint")
    if not bank.is_assessment or not isinstance(bp, dict) or set(bp) - KEYS:
        report.error(path, line, "Q045", "blueprint is for assessment banks: {always: {module: count}, each_module: count}")
        return
    always, each = bp.get("always") or {}, bp.get("each_module", 0)
    counts = _counts(module_of(bank))
    if not isinstance(always, dict) or not isinstance(each, int) or isinstance(each, bool) or each < 0 or \
            any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in always.values()):
        report.error(path, line, "Q045", "blueprint counts must be whole numbers (always: {module: 1 or more}, each_module: 0 or more)")
        return
    for m, n in always.items():
        if counts.get(m, 0) < n:
            report.error(path, line, "Q045", f"blueprint asks {n} question(s) of module '{m}', which has {counts.get(m, 0)} in this bank")
    roles = sorted({r for rs in audiences.values() for r in rs}) + ["other"]
    for role in roles:
        need = sum(plan(bp, counts, eligible_modules(audiences, role)).values())
        if need > bank.draw:
            report.error(path, line, "Q045", f"for the role '{role}' the blueprint needs {need} questions; the bank draws {bank.draw}")
