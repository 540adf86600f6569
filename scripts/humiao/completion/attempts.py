"""Check and re-grade one attempt of a record: the common case in a few expressions
(check_attempt), anything else step by step with the field and the reason (explain_attempt)."""
from __future__ import annotations

from .. import quizzes
from .catalog import SEP, BankInfo, Catalog, _join
from .results import Attempt
from .results import Bad as _Bad

_STR = {str}


def _pct(c: int, t: int) -> str:
    return f"{c / t * 100:.0f}%" if t else "0%"


_in = frozenset.__contains__


def _separators_ok(choices: tuple, answers: dict) -> bool:
    """An option id with SEP in it would pass as several options: the separators in the choice
    strings must be exactly those the joining put there."""
    seps = "".join(choices).count(SEP)     # none at all: one option or none per question, nothing smuggled
    return seps == 0 or seps == sum(map(len, answers.values())) - len(choices) + choices.count("")


def _check_attempt(a: dict, i: int, cat: Catalog, started: int, submitted: int, limit: int):
    """One attempt -> an Attempt, or (field, reason) if the attempt cannot be used. The common
    case is checked in a few expressions; anything else goes to _explain_attempt, which checks
    step by step and says what is wrong."""
    bank = cat.banks.get(a["bank"])
    mode = a["mode"]
    if bank is not None and a["bank_version"] == bank.version and mode in bank.modes and started <= submitted <= limit:
        asked, answers = a["asked"], a["answers"]
        n = len(asked)
        aset = set(asked)
        if ((n == bank.nq and aset == bank.qset) if mode == "practice" else
                (n == bank.draw and len(aset) == n and aset <= bank.qset)) and answers.keys() <= aset:
            try:
                choices = tuple(map(_join, map(answers.__getitem__, asked)))
            except (KeyError, TypeError):
                choices = None
            if (choices is not None and all(map(_in, map(bank.choices.__getitem__, asked), choices))
                    and _separators_ok(choices, answers)):
                correct, total, passed = bank.grade(asked, choices)    # = quizzes.grade, as _regraded does
                cl = a["claimed"]
                if mode == "assessment" or (cl["correct"] == correct and cl["total"] == total and cl["passed"] == passed):
                    return Attempt(a["id"], bank.id, mode, correct, total, passed, started, submitted, (asked, choices))
    return _explain_attempt(a, f"attempts[{i}]", cat, started, submitted, limit)


def _explain_attempt(a: dict, p: str, cat: Catalog, started: int, submitted: int, limit: int):
    """The slow path: the checks of _check_attempt one at a time, so the first problem is named
    as (field, reason); an attempt that passes them all is re-graded (an Attempt)."""
    bank = cat.banks.get(a["bank"])
    if bank is None:
        return (p + ".bank", f"unknown quiz bank '{a['bank'][:60]}'")
    problem = _version_mode_times(a, p, bank, started, submitted, limit) or _asked_problem(a, p, bank)
    if problem:
        return problem
    asked, answers = a["asked"], a["answers"]
    choices = _joined_choices(asked, answers, p)
    ok = all(map(frozenset.__contains__, map(bank.choices.__getitem__, asked), choices)) and _separators_ok(choices, answers)
    if not ok:
        for q in asked:
            problem = _check_choice(bank, q, answers.get(q, []), f"{p}.answers.{q}")
            if problem:
                return problem
        return (p + ".answers", "an option id is not valid")
    return _regraded(a, p, bank, choices, started, submitted)


def _version_mode_times(a: dict, p: str, bank: BankInfo, started: int, submitted: int, limit: int):
    """The bank's version and mode, and times that are not in the future nor out of order."""
    v = a["bank_version"]
    if v != bank.version:
        if v < bank.version:
            return (p + ".bank_version", f"bank '{bank.id}' is now version {bank.version}; version {v} is no longer "
                                         "in the repository, so this attempt cannot be re-graded (the learner takes the quiz again)")
        return (p + ".bank_version", f"version {v} of bank '{bank.id}' is newer than the repository's version "
                                     f"{bank.version}: update the portal and run it again")
    mode = a["mode"]
    if mode not in bank.modes:
        return (p + ".mode", f"bank '{bank.id}' has no {mode} mode (it has: {', '.join(sorted(bank.modes))})")
    if started > limit:
        return (p + ".started_at", f"in the future ({a['started_at']}): check the device's clock")
    if submitted > limit:
        return (p + ".submitted_at", f"in the future ({a['submitted_at']}): check the device's clock")
    if submitted < started:
        return (p + ".submitted_at", f"before started_at ({a['submitted_at']} < {a['started_at']})")
    return None


def _asked_problem(a: dict, p: str, bank: BankInfo):
    """The questions asked (each once, of this bank, as many as the mode asks) and answers only to them."""
    mode, asked = a["mode"], a["asked"]
    aset = set(asked)
    if len(aset) != len(asked):
        twice = next(q for i, q in enumerate(asked) if q in asked[:i])
        return (p + ".asked", f"lists question '{twice[:60]}' twice")
    if not aset <= bank.qset:
        unknown = next(q for q in asked if q not in bank.qset)
        return (p + ".asked", f"unknown question '{unknown[:60]}' in bank '{bank.id}' version {bank.version}")
    if mode == "practice" and len(aset) != len(bank.qset):
        return (p + ".asked", f"a practice attempt asks every question of the bank: "
                              f"{len(bank.qset) - len(aset)} of {len(bank.qset)} are missing")
    if mode == "assessment" and len(aset) != bank.draw:
        return (p + ".asked", f"an assessment attempt draws exactly {bank.draw} questions; this one lists {len(aset)}")
    answers = a["answers"]
    if not answers.keys() <= aset:
        q = next(q for q in answers if q not in aset)
        return (f"{p}.answers.{q[:60]}", "an answer to a question that was not asked")
    return None


def _joined_choices(asked: list, answers: dict, p: str) -> tuple:
    """The choice of each asked question as one string ("a"; a and c joined by SEP; "" for none):
    checked against every valid choice of the question and counted for item statistics
    without building a tuple per answer."""
    try:
        return tuple(map(_join, map(answers.__getitem__, asked)))
    except KeyError:                      # an asked question without an entry counts as not answered
        pass
    except TypeError:                     # an option id that is not text
        pass
    for q, chosen in answers.items():
        if not set(map(type, chosen)) <= _STR:
            raise _Bad(f"{p}.answers.{q}", "must be a list of option ids (text)")
    return tuple(_join(answers.get(q, ())) for q in asked)


def _regraded(a: dict, p: str, bank: BankInfo, choices: tuple, started: int, submitted: int):
    """Grade the answers again; a practice attempt's claimed score must be what they grade to."""
    mode, asked, answers = a["mode"], a["asked"], a["answers"]
    result = quizzes.grade(bank.bank, answers, asked)
    correct, total, passed = len(result["correct"]), result["total"], result["passed"]
    if mode == "practice":
        cl = a["claimed"]
        if (cl["correct"], cl["total"], cl["passed"]) != (correct, total, passed):
            said = lambda ok: "passed" if ok else "not passed"
            return (p + ".claimed", f"claims {cl['correct']}/{cl['total']} {said(cl['passed'])}, but the answers re-grade "
                                    f"to {correct}/{total} ({_pct(correct, total)}) {said(passed)}: the claimed score was altered")
    return Attempt(a["id"], bank.id, mode, correct, total, passed, started, submitted, (asked, choices))


def _check_choice(bank: BankInfo, q: str, chosen: list, path: str):
    if not all(type(o) is str for o in chosen):
        raise _Bad(path, "must be a list of option ids (text)")
    if len(set(chosen)) != len(chosen):
        twice = next(o for i, o in enumerate(chosen) if o in chosen[:i])
        return (path, f"option '{twice[:40]}' is chosen twice")
    for o in chosen:
        if o not in bank.optsets[q]:
            return (path, f"unknown option '{o[:40]}' for question '{q}' (options: {', '.join(bank.options[q])})")
    if bank.types[q] != "multiple" and len(chosen) > 1:
        return (path, f"question '{q}' takes one answer; {len(chosen)} are chosen")
    return None
