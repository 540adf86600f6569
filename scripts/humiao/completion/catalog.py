"""What the repository says: modules (lessons, hours) and quiz banks (questions, options, keys,
rules), loaded once per run in the form the verifier needs."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from .. import assessment_key, blueprint, courses, quizzes
from ..problems import Report


@dataclass(frozen=True)
class ModuleInfo:
    id: str
    title: dict            # {"zh": …, "en": …}
    hours: float
    lessons: tuple         # lesson ids in reading order
    bits: dict             # lesson id -> its bit in a "lessons read" mask
    full: int              # the mask with every lesson read


class _KeyedBank(quizzes.Bank):
    """The same bank for quizzes.grade; its answer key is built once, not on every call."""
    _key = None

    def key(self):
        if self._key is None:
            self._key = super().key()
        return self._key


class BankInfo:
    """A quiz bank as the verifier needs it: question and option ids, the key, the rules."""

    def __init__(self, bank: quizzes.Bank, audiences: dict | None = None):
        self.bank = _KeyedBank(bank.id, bank.path, bank.data)
        self._audiences = audiences or {}
        self._eligible = {}
        self.id = bank.id
        self.version = bank.version
        self.module = bank.data.get("module")
        self.modes = frozenset(bank.modes)
        self.assessment = bank.is_assessment
        self.title = {lang: bank.data["title"][lang] for lang in ("zh", "en")}
        self.qids = tuple(q["id"] for q in bank.questions)
        self.qset = frozenset(self.qids)
        self.nq = len(self.qids)
        self.types = {q["id"]: q["type"] for q in bank.questions}
        self.options = {q["id"]: tuple(o["id"] for o in q["options"]) for q in bank.questions}
        self.optsets = {q: frozenset(o) for q, o in self.options.items()}
        self.key = self.bank.key()
        self.draw = bank.draw
        self.pass_mark = bank.pass_mark
        # every valid choice of a question as one string: "" (none), "a", and for multiple
        # questions every ordering of two or more options joined by SEP ("a\x1fc", "c\x1fa")
        self.choices = {q: frozenset(_choice_strings(o, self.types[q])) for q, o in self.options.items()}
        self.key_choices = {q: frozenset(SEP.join(p) for p in itertools.permutations(sorted(k))) for q, k in self.key.items()}

    def grade(self, asked: list, choices: tuple) -> tuple[int, int, bool]:
        """(correct, total, passed) of checked choice strings (every one in self.choices): what
        quizzes.grade gives for the same answers, without building a set per answer. A choice is
        right when it is an ordering of the key's options, i.e. its options' set is the key."""
        correct = sum(map(frozenset.__contains__, map(self.key_choices.__getitem__, asked), choices))
        total = len(asked)
        return correct, total, total > 0 and correct / total >= self.pass_mark - 1e-9

    def blueprint_problem(self, asked, role: str) -> str | None:
        """Why an assessment attempt's questions break the bank's blueprint for this role, or None."""
        for who in (role, None):   # None: every module, as the page draws before a role is set
            if who not in self._eligible:
                self._eligible[who] = blueprint.eligible_modules(self._audiences, who)
        problem = blueprint.problem(self.bank, list(asked), self._eligible[role])
        return problem and blueprint.problem(self.bank, list(asked), self._eligible[None]) and problem


SEP = "\x1f"
_join = SEP.join


def _choice_strings(options: tuple, qtype: str):
    yield ""
    yield from options
    if qtype == "multiple":
        for r in range(2, len(options) + 1):
            for p in itertools.permutations(options, r):
                yield SEP.join(p)


@dataclass
class Catalog:
    modules: dict                      # module id -> ModuleInfo
    order: list                        # catalog order first, then the other modules by id
    banks: dict                        # bank id -> BankInfo
    annual: frozenset                  # ids of the annual assessment banks (module: curriculum)
    problems: list = field(default_factory=list)   # content errors, as `path:line: CODE message`
    unkeyed: list = field(default_factory=list)    # assessment banks no key file was given for
    demo_keys: list = field(default_factory=list)  # assessment banks graded with a demo key


def load_catalog(root: Path, keys=()) -> Catalog:
    """Modules and quiz banks of a repository (or a test fixture) root, assessment banks keyed with
    the given key files (the trainer's, kept off the repository). Content errors do not stop the
    export; they are returned in `problems` for the command to mention."""
    report = Report(root)
    curriculum = courses.load(root, report)
    banks = quizzes.load_all(root, report, curriculum)
    problems = [str(p) for p in sorted(set(report.errors))]
    banks, unkeyed, demo = _apply_keys(banks, keys)
    modules = {}
    for mid, m in curriculum.modules.items():
        hours = m.meta.get("hours")
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours < 0:
            hours = 0
        lessons = tuple(dict.fromkeys(m.lessons))
        title = {lang: m.title(lang) for lang in ("zh", "en")}
        modules[mid] = ModuleInfo(mid, title, float(hours), lessons, {lid: 1 << i for i, lid in enumerate(lessons)},
                                  (1 << len(lessons)) - 1)
    audiences = {mid: list(m.meta.get("audiences") or []) for mid, m in curriculum.modules.items()}
    order = [mid for mid in curriculum.order if mid in modules]
    order += sorted(mid for mid in modules if mid not in order)
    infos = {}
    for bid, bank in sorted(banks.items()):
        try:
            infos[bid] = BankInfo(bank, audiences)
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            problems.append(f"{bank.path.name}: bank '{bid}' cannot be used for grading ({type(e).__name__}: {e})")
    annual = frozenset(b.id for b in infos.values() if b.assessment and b.module == quizzes.CURRICULUM)
    return Catalog(modules, order, infos, annual, problems, unkeyed, demo)


class KeyError_(ValueError):
    """A key file that cannot be used: one line naming the file, line and problem."""


def _apply_keys(banks: dict, keys) -> tuple[dict, list, list]:
    """Each assessment bank with its key from the key files given; a key file that does not fit
    its bank stops the run (grading with a wrong key would be worse than not grading)."""
    out, demo = dict(banks), []
    for path in keys or ():
        path = Path(path)
        report = Report(path.parent)
        bank_id = _bank_of(path)
        bank = banks.get(bank_id)
        if bank is None or not bank.is_assessment:
            raise KeyError_(f"{path.as_posix()}: this key is for '{bank_id}', which is not an assessment bank here "
                            f"(known: {', '.join(sorted(b for b in banks if banks[b].is_assessment))})")
        key = assessment_key.load(path, bank, report)
        if key is None:
            first = report.errors[0]
            raise KeyError_(f"{path.as_posix()}:{first.line}: {first.code} {first.message}"
                            + (f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""))
        out[bank_id] = assessment_key.keyed(bank, key)
        if _says_demo(path):
            demo.append(bank_id)
    unkeyed = sorted(b for b, bank in out.items() if bank.is_assessment and not _has_key(bank))
    return {b: bank for b, bank in out.items() if b not in unkeyed}, unkeyed, demo


def _has_key(bank) -> bool:
    return all("answer" in q for q in bank.questions)


def _bank_of(path: Path) -> str | None:
    try:
        import yaml
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise KeyError_(f"{path.as_posix()}: cannot read the key file ({type(e).__name__})") from None
    except Exception as e:   # yaml.YAMLError and kin
        raise KeyError_(f"{path.as_posix()}: not a YAML key file ({type(e).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("bank"), str):
        raise KeyError_(f"{path.as_posix()}: a key file says which bank it keys (bank: annual-assessment)")
    return data["bank"]


def _says_demo(path: Path) -> bool:
    import yaml
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("demo") is True
