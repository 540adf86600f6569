"""Every problem code the loaders report, each with its severity and its one rule.

A problem is printed as `path:line: CODE message`. One code means one rule: a new rule gets a new
code here, in the same letter's series, and a fixture in tests/fixtures/ (`# expect: CODE LINE`)
or a test naming it. tests/test_problem_codes.py holds the sources, this table and the tests to
each other. `./portal validate --codes` prints the table.

Letters: C modules and catalog, D directory, G parent guides, danger lines and glossary,
H shortcodes and typed numbers, K assessment keys, P page structure, Q quiz banks, R referral
guide, S schema of YAML files, T page pairs, V skills station, Y YAML syntax.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    rule: str


_TABLE = [
    # --- modules and catalog (courses.py) ---
    ("C001", ERROR, "a folder under courses/ has a module.yml"),
    ("C002", ERROR, "module ids are unique"),
    ("C003", ERROR, "a module's id equals its folder name"),
    ("C004", ERROR, "status is draft or published"),
    ("C005", ERROR, "hours is a positive number in steps of 0.5"),
    ("C006", ERROR, "sensitive is true or false"),
    ("C007", ERROR, "audiences lists known roles only"),
    ("C008", ERROR, "policy lists measures of data/policy.yml only"),
    ("C009", ERROR, "prerequisites is a list of module ids"),
    ("C010", ERROR, "objectives.zh is a non-empty list of text"),
    ("C011", ERROR, "objectives.en lists as many objectives as objectives.zh"),
    ("C012", ERROR, "lessons lists at least one lesson id"),
    ("C013", ERROR, "a lesson id is text and not a fixed page name (index, job-aid, trainer-notes)"),
    ("C014", ERROR, "a lesson is listed once"),
    ("C015", WARNING, "a Markdown page in a module folder is listed in lessons (else it is not built)"),
    ("C016", ERROR, "every lesson, job aid and trainer note exists in zh and en"),
    ("C017", ERROR, "a module page is UTF-8 text"),
    ("C020", ERROR, "a module has at least two case scenarios"),
    ("C021", ERROR, "every case scenario holds a nested answer"),
    ("C022", ERROR, "a module has a keypoints block"),
    ("C023", ERROR, "a module has a references section ({ #references })"),
    ("C024", ERROR, "a sensitive module has a content-note before the sensitive material"),
    ("C030", ERROR, "the catalog lists existing modules only"),
    ("C031", ERROR, "the catalog lists a module once"),
    ("C032", WARNING, "a module listed in the catalog is published (a draft is not built)"),
    ("C033", WARNING, "a module is listed in the catalog (else it is a draft, not built)"),
    ("C040", ERROR, "a prerequisite names an existing module"),
    ("C041", ERROR, "prerequisites form no cycle"),
    # --- directory (directory.py, phones.py) ---
    ("D001", ERROR, "directory entry ids are unique"),
    ("D002", ERROR, "an entry's type is a known type"),
    ("D003", ERROR, "an entry's area is national, tianjin, every-district or a district"),
    ("D004", ERROR, "phones is a list of quoted strings"),
    ("D005", ERROR, "a directory number has an allowed shape (phones.NUMBER_RE)"),
    ("D006", ERROR, "an entry without a phone says how_to_reach"),
    ("D007", ERROR, "audience lists known audiences only"),
    ("D008", ERROR, "topics lists known topics only"),
    ("D009", ERROR, "strip is true or false"),
    ("D010", ERROR, "every entry has a source"),
    ("D011", ERROR, "verified_on is a date YYYY-MM-DD"),
    ("D012", ERROR, "verified_on is not in the future"),
    ("D013", WARNING, "an entry was verified within the last 12 months"),
    # --- parent guides, danger lines, glossary (handwritten.py, danger.py, glossary.py) ---
    ("G001", ERROR, "a parent guide carries a <!-- help --> block"),
    ("G002", ERROR, "a parent guide has a references section ({ #references })"),
    ("G003", ERROR, "a parent guide has its one-page handout"),
    ("G004", ERROR, "a parent page that speaks of a danger topic carries its danger line"),
    ("G005", ERROR, "a handout carries every danger line of its guide"),
    ("G006", ERROR, "a danger line has a unique id, when, do and triggers in zh and en"),
    ("G007", ERROR, "a glossary term has a unique id, zh and en, and avoid-variants that are not part of it"),
    ("G008", ERROR, "content uses the glossary term, not one of its avoid-variants"),
    # --- shortcodes and typed numbers (content.py, phones.py, danger.py) ---
    ("H001", ERROR, "prose types no phone number but 110, 120 and 12356 (phones.TYPED_OK)"),
    ("H002", ERROR, "<!-- referral-guide: x --> names an existing question of the guide"),
    ("H003", ERROR, "<!-- danger: x --> names an existing danger line"),
    ("H004", ERROR, "a comment that reads as a shortcode is a known shortcode"),
    ("H005", ERROR, "<!-- help: x --> names a known help block"),
    # --- assessment keys (assessment_key.py) ---
    ("K001", ERROR, "a key file can be read"),
    ("K002", ERROR, "a key names the bank it keys"),
    ("K003", ERROR, "a key is for the bank's current version"),
    ("K004", ERROR, "a key lists each question of its bank once, and no other"),
    ("K005", ERROR, "a key gives every question of its bank a key"),
    ("K006", ERROR, "a key's answer has the question type's shape and names its options"),
    ("K007", ERROR, "a key gives feedback for every option, and only for options, in zh and en"),
    ("K008", ERROR, "a key file in the repository says demo: true"),
    ("K009", ERROR, "quizzes/keys/ holds only <bank>.demo.yml keys of assessment banks"),
    # --- page structure (courses.py, handwritten.py) ---
    ("P001", ERROR, "every ## and ### heading has an explicit ASCII anchor"),
    ("P002", ERROR, "an anchor is used once in a page"),
    ("P003", ERROR, "an admonition is of a known component type"),
    ("P004", ERROR, "an answer is nested inside a case"),
    ("P005", ERROR, "a page starts with a '# Title' line"),
    ("P006", ERROR, "the zh and en pages have the same anchors and components in the same order"),
    ("P007", ERROR, "an English page writes policy clauses as 2(2)3, never 二（二）3"),
    # --- quiz banks (quizzes.py, content.py, blueprint.py, itemquality.py) ---
    ("Q001", ERROR, "a bank's id equals its file name"),
    ("Q002", ERROR, "bank ids are unique"),
    ("Q003", ERROR, "a file in quizzes/ ends in .yml"),
    ("Q004", ERROR, "version is a whole number from 1"),
    ("Q005", ERROR, "modes lists practice and/or assessment"),
    ("Q006", ERROR, "pass_mark is a share between 0 and 1"),
    ("Q007", ERROR, "a bank belongs to an existing module (or the curriculum)"),
    ("Q008", ERROR, "cases is a list"),
    ("Q009", ERROR, "case ids are unique in a bank"),
    ("Q010", ERROR, "questions is a non-empty list"),
    ("Q011", ERROR, "draw is a whole number from 1 to the number of questions"),
    ("Q012", ERROR, "question ids are unique in a bank"),
    ("Q013", ERROR, "a question's type is single, multiple or truefalse"),
    ("Q014", ERROR, "a question's case is one of the bank's cases"),
    ("Q015", ERROR, "options is a list"),
    ("Q016", ERROR, "option ids are unique in a question"),
    ("Q017", ERROR, "no two options of a question have the same text"),
    ("Q018", ERROR, "no 'all of the above' options"),
    ("Q019", ERROR, "a truefalse question has exactly the options true and false"),
    ("Q020", ERROR, "a question has 2 to 6 options"),
    ("Q021", ERROR, "a single or truefalse question has exactly one key"),
    ("Q022", ERROR, "a multiple question lists at least one key, each once"),
    ("Q023", ERROR, "every key names one of the question's options"),
    ("Q025", ERROR, "see is module/lesson#anchor"),
    ("Q026", ERROR, "see points to an existing lesson"),
    ("Q027", ERROR, "see points to an existing heading anchor"),
    ("Q028", ERROR, "see points into the bank's own module"),
    ("Q030", ERROR, "every published module has a practice bank"),
    ("Q031", ERROR, "a bank named after a module says module: <that module>"),
    ("Q040", WARNING, "a practice bank's form does not give its answers away"),
    ("Q041", ERROR, "an assessment bank's form does not give its answers away"),
    ("Q042", ERROR, "an assessment bank carries no key and no feedback"),
    ("Q043", ERROR, "only an assessment bank has draw"),
    ("Q045", ERROR, "an assessment bank's blueprint is well formed and fits the bank for every role"),
    # --- referral guide (referral.py, referral_graph.py) ---
    ("R001", ERROR, "the guide has a first question with id start"),
    ("R002", ERROR, "question and outcome ids are unique, as one set"),
    ("R003", ERROR, "every answer leads to an existing question or outcome"),
    ("R004", ERROR, "a question has 2 to 6 answers"),
    ("R005", ERROR, "answers form no cycle"),
    ("R006", ERROR, "every question and outcome can be reached from start"),
    ("R007", ERROR, "every question has a path that ends in an outcome"),
    ("R008", ERROR, "an outcome's urgency is a known urgency"),
    ("R009", ERROR, "steps, record and avoid are non-empty lists of {zh, en} items"),
    ("R010", ERROR, "an outcome names at least one contact type"),
    ("R011", ERROR, "contact_types names directory types only"),
    ("R012", ERROR, "read lists at least one module/lesson#anchor"),
    ("R013", ERROR, "read points to an existing lesson"),
    ("R014", ERROR, "read points to an existing heading anchor"),
    ("R015", ERROR, "the steps of a now outcome say 110 and 120 in both languages"),
    ("R017", ERROR, "questions and outcomes are non-empty lists"),
    ("R018", ERROR, "contact_topics names directory topics only"),
    ("R019", WARNING, "an outcome's contact types and topics match some directory entry"),
    ("R020", ERROR, "every path to an outcome other than now asks whether the harm comes from home"),
    ("R021", ERROR, "an outcome that brings in the family says not to tell the family first"),
    ("R022", ERROR, "a report to the police is immediate: 立即, urgency report or now, safety check first"),
    ("R023", ERROR, "checks names only what a question can establish"),
    ("R024", ERROR, "a print form keeps every number, urgency word and \"do not\" of its full text"),
    ("R025", ERROR, "a print form is not longer than its full text"),
    # --- schema of YAML files (field_checks.py) ---
    ("S001", ERROR, "a node that must be a mapping is one"),
    ("S002", ERROR, "a mapping has no unknown key (nor a language other than zh, en)"),
    ("S003", ERROR, "a mapping has every required key"),
    ("S004", ERROR, "a text is a {zh, en} mapping"),
    ("S005", ERROR, "a {zh, en} text has non-empty text in both languages"),
    ("S006", ERROR, "an id is lower-case ASCII words joined by '-'"),
    # --- page pairs (handwritten.py) ---
    ("T001", ERROR, "a Chinese page under docs/ has its English twin"),
    ("T002", ERROR, "an English page under docs/ has its Chinese source"),
    # --- skills station (skills.py) ---
    ("V001", ERROR, "a station has a unique id and its keys"),
    ("V002", ERROR, "a station's checklist has at least two items, each zh, en and critical"),
    ("V003", ERROR, "a station's pass_rule is {min_other: N} with N within its non-critical items"),
    # --- YAML syntax (yaml_source.py, every loader) ---
    ("Y001", ERROR, "a YAML file parses"),
]

CODES: dict[str, Code] = {c: Code(c, sev, rule) for c, sev, rule in _TABLE}
assert len(CODES) == len(_TABLE), "a code is registered twice"


def table() -> str:
    """The registry as a Markdown table (`./portal validate --codes`)."""
    rows = ["| code | severity | rule |", "|---|---|---|"]
    rows += [f"| {c.code} | {c.severity} | {c.rule} |" for c in CODES.values()]
    return "\n".join(rows)
