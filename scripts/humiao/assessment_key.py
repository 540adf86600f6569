"""The answer key of an assessment bank lives in its own key file, never in the bank: the bank's
items are public (the site shows them), the key is the trainer's (issue #16). A key file names
its bank and bank version and gives, per question, the answer and the feedback for every option.

The repository may hold only demo keys (`demo: true`, in quizzes/keys/<bank>.demo.yml): keys
whose answers are public, for tests, practice sessions and trying the export. A district's real
key stays on the trainer's PC and is given to the commands that need it (--key FILE)."""
from __future__ import annotations

import copy
from pathlib import Path

from . import yaml_source
from .field_checks import LANGS, check_keys, check_text
from .problems import Report
from .yaml_source import line_of

KEY_KEYS, KEY_OPTIONAL = {"bank", "bank_version", "key_version", "questions"}, {"demo", "note"}
ENTRY_KEYS = {"id", "answer", "feedback"}
DEMO_FOLDER = Path("quizzes") / "keys"


def demo_path(root: Path, bank_id: str) -> Path:
    return root / DEMO_FOLDER / f"{bank_id}.demo.yml"


def load(path: Path, bank, report: Report, in_repository: bool = False) -> dict | None:
    """The key of `bank` from `path` ({question id: {"answer": str | list, "feedback": {option: {zh, en}}}}),
    or None when it cannot be used; every problem goes to `report` as `path:line: K0xx`."""
    try:
        data = yaml_source.load(path)
    except yaml_source.YamlError as e:
        report.error(path, e.line, "Y001", e.message)
        return None
    except OSError as e:
        report.error(path, 1, "K001", f"cannot read the key file: {e.strerror or e}")
        return None
    if not check_keys(report, path, data, KEY_KEYS, KEY_OPTIONAL, "key file"):
        return None
    ok = _check_header(path, data, bank, report, in_repository)
    questions = {q["id"]: q for q in bank.questions if isinstance(q, dict) and isinstance(q.get("id"), str)}
    entries = data.get("questions")
    if not isinstance(entries, list):
        report.error(path, line_of(data, "questions"), "K004", "questions must be a list of {id, answer, feedback}")
        return None
    key = {}
    for e in entries:
        if not check_keys(report, path, e, ENTRY_KEYS, set(), "key entry"):
            ok = False
            continue
        qid = e.get("id")
        if qid not in questions:
            report.error(path, line_of(e, "id"), "K004", f"the key names question '{qid}', which bank '{bank.id}' does not have")
            ok = False
        elif qid in key:
            report.error(path, line_of(e, "id"), "K004", f"question '{qid}' is keyed twice")
            ok = False
        elif _check_entry(path, e, questions[qid], report):
            key[qid] = {"answer": e["answer"], "feedback": e["feedback"]}
        else:
            ok = False
    for qid in questions:
        if qid not in key and not any(isinstance(e, dict) and e.get("id") == qid for e in entries):
            report.error(path, line_of(data, "questions"), "K005", f"question '{qid}' of bank '{bank.id}' has no key")
            ok = False
    return key if ok else None


def _check_header(path, data, bank, report, in_repository) -> bool:
    ok = True
    if data.get("bank") != bank.id:
        report.error(path, line_of(data, "bank"), "K002", f"this key is for bank '{data.get('bank')}', not '{bank.id}'")
        ok = False
    if data.get("bank_version") != bank.version:
        report.error(path, line_of(data, "bank_version"), "K003",
                     f"this key is for version {data.get('bank_version')!r} of '{bank.id}', which is now version {bank.version}")
        ok = False
    if in_repository and data.get("demo") is not True:
        report.error(path, line_of(data), "K008",
                     "a key file in the repository must say demo: true: a real key stays on the trainer's PC, never in the repository")
        ok = False
    return ok


def _check_entry(path, e, q, report) -> bool:
    options = [o["id"] for o in q.get("options") or [] if isinstance(o, dict)]
    answer, what = e.get("answer"), f"key of question '{q['id']}'"
    answers = answer if isinstance(answer, list) else [answer]
    if isinstance(answer, bool):
        answers = [str(answer).lower()]
        e["answer"] = answers[0]
    ok = True
    if q.get("type") in ("single", "truefalse") and (isinstance(answer, list) or len(answers) != 1):
        report.error(path, line_of(e, "answer"), "K006", f"{what}: a {q.get('type')} question has exactly one key")
        ok = False
    if q.get("type") == "multiple" and (not isinstance(answer, list) or not answer or len(set(answer)) != len(answer)):
        report.error(path, line_of(e, "answer"), "K006", f"{what}: a multiple question lists its keys, each once")
        ok = False
    for a in answers:
        if str(a) not in options:
            report.error(path, line_of(e, "answer"), "K006", f"{what}: '{a}' is not one of its options ({', '.join(options)})")
            ok = False
    feedback = e.get("feedback")
    if not isinstance(feedback, dict):
        report.error(path, line_of(e, "feedback"), "K007", f"{what}: feedback gives every option's {{zh, en}} text")
        return False
    fb = {str(k).lower() if isinstance(k, bool) else k: v for k, v in feedback.items()}
    e["feedback"] = fb
    for oid in options:
        if oid not in fb:
            report.error(path, line_of(e, "feedback"), "K007", f"{what}: no feedback for option '{oid}'")
            ok = False
        else:
            ok &= check_text(report, path, fb, oid, f"feedback of option '{oid}' in the {what}")
    for extra in set(fb) - set(options):
        report.error(path, line_of(fb, extra, line_of(e, "feedback")), "K007", f"{what}: feedback for '{extra}', which is not an option")
        ok = False
    return ok


def keyed(bank, key: dict):
    """The bank with its key and feedback in place, as a practice bank carries them (for grading,
    the paper answer key and the item-quality checks). The public bank is left unchanged."""
    data = copy.deepcopy(bank.data)
    for q in data.get("questions") or []:
        entry = key.get(q.get("id"))
        if entry is None:
            continue
        q["answer"] = entry["answer"]
        for o in q.get("options") or []:
            o["feedback"] = entry["feedback"].get(o["id"], {lang: "" for lang in LANGS})
    return type(bank)(bank.id, bank.path, data)


def split(bank) -> dict:
    """The key file's data for a bank that still carries its key (to move it out)."""
    return {"bank": bank.id, "bank_version": bank.version, "key_version": f"{bank.id}-v{bank.version}",
            "questions": [{"id": q["id"], "answer": q["answer"],
                           "feedback": {o["id"]: dict(o["feedback"]) for o in q["options"]}} for q in bank.questions]}


def repository_keys(root: Path, banks: dict, report: Report) -> dict:
    """The demo keys in quizzes/keys/ checked against their banks: {bank id: keyed bank}. A file there
    must be <bank>.demo.yml for an assessment bank and say demo: true (K008); anything else is K009."""
    out = {}
    folder = root / DEMO_FOLDER
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        bank_id = path.name[: -len(".demo.yml")] if path.name.endswith(".demo.yml") else None
        bank = banks.get(bank_id) if bank_id else None
        if bank is None or not bank.is_assessment:
            report.error(path, 1, "K009", "quizzes/keys/ holds only <bank>.demo.yml demo keys of assessment banks; "
                         "a real key stays on the trainer's PC")
            continue
        key = load(path, bank, report, in_repository=True)
        if key is not None:
            out[bank_id] = keyed(bank, key)
    return out
