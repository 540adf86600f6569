"""Quiz banks: quizzes/<id>.yml, zh and en side by side, the answer key written once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import yaml_source
from .field_checks import check_id, check_keys, check_text
from .problems import Report
from .urls import parse_ref
from .vocab import QUIZ_MODES
from .yaml_source import line_of

BANK_KEYS = {"id", "module", "version", "title", "modes", "pass_mark", "questions"}
BANK_OPTIONAL = {"draw", "cases", "blueprint"}
QUESTION_KEYS = {"id", "type", "prompt", "options", "answer", "see"}
# An assessment bank's items are public; its key and feedback live in a key file (assessment_key.py).
ASSESSMENT_QUESTION_KEYS = QUESTION_KEYS - {"answer"}
TYPES = {"single", "multiple", "truefalse"}
CURRICULUM = "curriculum"   # the `module` of a bank that spans every module (the annual assessment)


@dataclass
class Bank:
    id: str
    path: Path
    data: dict

    @property
    def version(self) -> int:
        return self.data.get("version")

    @property
    def modes(self) -> list[str]:
        return list(self.data.get("modes") or [])

    @property
    def is_assessment(self) -> bool:
        return "assessment" in self.modes

    @property
    def questions(self) -> list[dict]:
        return self.data.get("questions") or []

    @property
    def cases(self) -> dict[str, dict]:
        return {c["id"]: c for c in self.data.get("cases") or [] if isinstance(c, dict) and "id" in c}

    @property
    def draw(self) -> int:
        return self.data.get("draw") or len(self.questions)

    @property
    def pass_mark(self) -> float:
        return float(self.data.get("pass_mark"))

    def key(self) -> dict[str, set[str]]:
        """question id -> the set of correct option ids."""
        out = {}
        for q in self.questions:
            a = q.get("answer")
            out[q["id"]] = set(a) if isinstance(a, list) else {a}
        return out


def grade(bank: Bank, answers: dict[str, list[str]], asked: list[str] | None = None) -> dict:
    """Score answers ({question id: [option ids]}) against the bank: one point per question
    answered exactly right. `asked` is the list of questions the learner was given."""
    key = bank.key()
    asked = list(asked if asked is not None else key)
    correct = [q for q in asked if q in key and set(answers.get(q) or []) == key[q]]
    total = len(asked)
    score = len(correct) / total if total else 0.0
    return {"correct": correct, "total": total, "score": score, "passed": total > 0 and score >= bank.pass_mark - 1e-9}


def load_all(root: Path, report: Report, curriculum=None) -> dict[str, Bank]:
    banks: dict[str, Bank] = {}
    folder = root / "quizzes"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        bank = load_bank(path, report, curriculum)
        if bank:
            if bank.id in banks:
                report.error(path, line_of(bank.data, "id"), "Q002", f"bank id '{bank.id}' is used twice (also {banks[bank.id].path.name})")
            else:
                banks[bank.id] = bank
    for other in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        report.error(other, 1, "Q003", "quiz banks end in .yml")
    return banks


def load_bank(path: Path, report: Report, curriculum=None) -> Bank | None:
    try:
        data = yaml_source.load(path)
    except yaml_source.YamlError as e:
        report.error(path, e.line, "Y001", e.message)
        return None
    if not check_keys(report, path, data, BANK_KEYS, BANK_OPTIONAL, "quiz bank"):
        return None
    _normalise_truefalse(data)
    if check_id(report, path, data, "id", "quiz bank") and data["id"] != path.stem:
        report.error(path, line_of(data, "id"), "Q001", f"bank id '{data['id']}' must equal the file name '{path.stem}'")
    check_text(report, path, data, "title", "quiz bank")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        report.error(path, line_of(data, "version"), "Q004", f"version must be a whole number from 1, found {version!r}")
    modes = data.get("modes")
    if not isinstance(modes, list) or not modes or any(m not in QUIZ_MODES for m in modes) or len(set(modes)) != len(modes):
        report.error(path, line_of(data, "modes"), "Q005", "modes must list practice and/or assessment")
    pm = data.get("pass_mark")
    if not isinstance(pm, (int, float)) or isinstance(pm, bool) or not 0 < pm <= 1:
        report.error(path, line_of(data, "pass_mark"), "Q006", f"pass_mark must be a share between 0 and 1, found {pm!r}")
    module = data.get("module")
    if curriculum is not None and module != CURRICULUM and module not in curriculum.modules:
        report.error(path, line_of(data, "module"), "Q007", f"bank belongs to module '{module}', which does not exist (or use '{CURRICULUM}')")
    cases = data.get("cases") or []
    case_ids = set()
    if not isinstance(cases, list):
        report.error(path, line_of(data, "cases"), "Q008", "cases must be a list")
        cases = []
    for c in cases:
        if check_keys(report, path, c, {"id", "text"}, set(), "case") and check_id(report, path, c, "id", "case"):
            if c["id"] in case_ids:
                report.error(path, line_of(c, "id"), "Q009", f"case id '{c['id']}' is used twice")
            case_ids.add(c["id"])
            check_text(report, path, c, "text", f"case '{c['id']}'")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        report.error(path, line_of(data, "questions"), "Q010", "questions must be a non-empty list")
        questions = []
    seen: dict[str, int] = {}
    for q in questions:
        _check_question(path, q, report, seen, case_ids, curriculum, data)
    draw = data.get("draw")
    if "draw" in data:
        if "assessment" not in (modes or []):
            report.error(path, line_of(data, "draw"), "Q043", "draw is for assessment banks only")
        elif not isinstance(draw, int) or isinstance(draw, bool) or not 1 <= draw <= len(questions):
            report.error(path, line_of(data, "draw"), "Q011", f"draw must be a whole number from 1 to the number of questions ({len(questions)})")
    bank = Bank(data.get("id") or path.stem, path, data)
    return bank


def _check_question(path, q, report: Report, seen: dict, case_ids: set, curriculum, bank):
    assessment = "assessment" in (bank.get("modes") or [])
    if assessment and isinstance(q, dict) and ("answer" in q or any(isinstance(o, dict) and "feedback" in o for o in q.get("options") or [])):
        report.error(path, line_of(q, "answer" if "answer" in q else "options"), "Q042",
                     f"question '{q.get('id')}' of an assessment bank carries its key or feedback: both live in the bank's key file, "
                     "never in the repository (quizzes/keys/ holds only a demo key)")
        return
    if not check_keys(report, path, q, ASSESSMENT_QUESTION_KEYS if assessment else QUESTION_KEYS, {"case"}, "question"):
        return
    if check_id(report, path, q, "id", "question"):
        if q["id"] in seen:
            report.error(path, line_of(q, "id"), "Q012", f"question id '{q['id']}' is used twice (also line {seen[q['id']]})")
        seen[q["id"]] = line_of(q, "id")
    qid = q.get("id")
    what = f"question '{qid}'"
    check_text(report, path, q, "prompt", what)
    qtype = q.get("type")
    if qtype not in TYPES:
        report.error(path, line_of(q, "type"), "Q013", f"type of {what} must be single, multiple or truefalse, found {qtype!r}")
    if "case" in q and q["case"] not in case_ids:
        report.error(path, line_of(q, "case"), "Q014", f"{what} refers to case '{q['case']}', which is not in cases")
    options = q.get("options")
    if not isinstance(options, list):
        report.error(path, line_of(q, "options"), "Q015", f"options of {what} must be a list")
        return
    option_ids = _check_options(path, options, report, assessment, what)
    if qtype == "truefalse":
        if sorted(option_ids) != ["false", "true"]:
            report.error(path, line_of(q, "options"), "Q019", f"a truefalse question has exactly the options true and false ({what})")
    elif qtype in TYPES and not 2 <= len(options) <= 6:
        report.error(path, line_of(q, "options"), "Q020", f"{what} needs 2 to 6 options, found {len(options)}")
    if not assessment:
        _check_key(path, q, qtype, option_ids, report, what)
    _check_see(path, q, report, curriculum, bank, what)


def _check_options(path, options: list, report: Report, assessment: bool, what: str) -> list[str]:
    """Q016-Q018: each option's id and text (and feedback, in a practice bank). Returns the option ids."""
    option_ids = []
    texts: dict[str, int] = {}
    for o in options:
        if not check_keys(report, path, o, {"id", "text"} if assessment else {"id", "text", "feedback"}, set(), f"option of {what}"):
            continue
        if check_id(report, path, o, "id", f"option of {what}"):
            if o["id"] in option_ids:
                report.error(path, line_of(o, "id"), "Q016", f"option id '{o['id']}' is used twice in {what}")
            option_ids.append(o["id"])
        if check_text(report, path, o, "text", f"option '{o.get('id')}' of {what}"):
            for lang in ("zh", "en"):
                t = " ".join(o["text"][lang].split()).lower()
                if (lang, t) in texts:
                    report.error(path, line_of(o, "text"), "Q017", f"option '{o.get('id')}' of {what} repeats the {lang} text of another option")
                texts[(lang, t)] = 1
                if t.rstrip(".。") in ("all of the above", "以上都是", "以上全部", "以上都对"):
                    report.error(path, line_of(o, "text"), "Q018", "no 'all of the above' options: write the decision out")
        if "feedback" in o:
            check_text(report, path, o, "feedback", f"option '{o.get('id')}' of {what}")
    return option_ids


def _check_key(path, q, qtype, option_ids: list[str], report: Report, what: str):
    """Q021-Q023: a practice question's key names its options: one for single and truefalse, at
    least one for multiple. (A multiple-answer item may key one, several or all of its options: a
    fixed count gives answers away.)"""
    answer = q.get("answer")
    keys = answer if isinstance(answer, list) else [answer]
    if qtype in ("single", "truefalse") and (isinstance(answer, list) or not isinstance(answer, str)):
        report.error(path, line_of(q, "answer"), "Q021", f"a {qtype} question has exactly one key, written as one option id ({what})")
    elif qtype == "multiple" and (not isinstance(answer, list) or not answer or len(set(answer)) != len(answer)):
        report.error(path, line_of(q, "answer"), "Q022", f"a multiple question lists its keys, at least one, each once ({what})")
    for k in keys:
        if isinstance(k, (str, bool)) and str(k).lower() not in option_ids and k not in option_ids:
            report.error(path, line_of(q, "answer"), "Q023", f"key '{k}' of {what} is not one of its options ({', '.join(option_ids)})")


def _check_see(path, q, report, curriculum, bank, what):
    see = q.get("see")
    ref = parse_ref(see)
    if ref is None:
        report.error(path, line_of(q, "see"), "Q025", f"see of {what} must be module/lesson#anchor, found {see!r}")
    elif curriculum is not None:
        mid, lesson, anchor = ref
        target = ref.target
        module = curriculum.modules.get(mid)
        if module is None or lesson not in module.lessons:
            report.error(path, line_of(q, "see"), "Q026", f"see of {what} points to '{target}', which is not a lesson")
        elif anchor not in module.anchors(lesson):
            report.error(path, line_of(q, "see"), "Q027", f"see of {what} points to #{anchor}, which is not a heading anchor of {target}")
        elif bank.get("module") not in (CURRICULUM, mid):
            report.error(path, line_of(q, "see"), "Q028", f"see of {what} points into module '{mid}', not this bank's module")


def _normalise_truefalse(data: dict):
    """YAML reads unquoted `true`/`false` as booleans; option ids and keys are strings."""
    for q in data.get("questions") or []:
        if not isinstance(q, dict):
            continue
        for o in q.get("options") or []:
            if isinstance(o, dict) and isinstance(o.get("id"), bool):
                o["id"] = str(o["id"]).lower()
        if isinstance(q.get("answer"), bool):
            q["answer"] = str(q["answer"]).lower()
