"""Training modules: courses/<id>/module.yml plus lessons in zh (x.md) and en (x.en.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import markdown_source, yaml_source
from .field_checks import check_id, check_keys, check_text, load_mapping
from .problems import Report
from .vocab import COURSE_ROLES, LANGS
from .yaml_source import line_of

CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


# A clause number written the Chinese way (二（二）3): English pages write it as clause_label does (P007).
CHINESE_CLAUSE_RE = re.compile(r"[一二三四五六七八九十]（[一二三四五六七八九十]+）\d+")


def clause_label(clause: str, lang: str) -> str:
    """A policy clause as each language writes it: 二（二）3 stays in Chinese, becomes 2(2)3 in English
    (the numbering the English pages use for 津民发〔2024〕10号)."""
    if lang == "zh":
        return clause
    out = "".join(str(CN_NUMERALS[ch]) if ch in CN_NUMERALS else ch for ch in clause)
    return out.replace("（", "(").replace("）", ")")


# Components a lesson may use (Material admonition types); see CONTRIBUTING.md.
COMPONENTS = {"case", "answer", "activity", "say", "checklist", "keypoints", "content-note",
              "note", "tip", "warning"}
FIXED_PAGES = ("job-aid", "trainer-notes")
MODULE_KEYS = {"id", "status", "title", "summary", "hours", "audiences", "prerequisites",
               "policy", "sensitive", "objectives", "lessons"}


@dataclass
class Module:
    id: str
    folder: Path
    meta: dict
    pages: dict = field(default_factory=dict)   # page id -> {"zh": Page, "en": Page}

    @property
    def lessons(self) -> list[str]:
        return [x for x in self.meta.get("lessons") or [] if isinstance(x, str)]

    @property
    def published(self) -> bool:
        return self.meta.get("status") == "published"

    def title(self, lang):
        return (self.meta.get("title") or {}).get(lang, self.id)

    def anchors(self, page_id: str) -> set[str]:
        page = self.pages.get(page_id, {}).get("zh")
        return page.anchors() if page else set()


@dataclass
class Curriculum:
    modules: dict[str, Module]           # every module folder that loaded
    order: list[str]                     # catalog order of the modules that are built
    policy: list[dict]

    @property
    def built(self) -> list[Module]:
        return [self.modules[i] for i in self.order]


def load_policy(root: Path, report: Report) -> list[dict]:
    path = root / "data" / "policy.yml"
    try:
        data = yaml_source.load(path)
    except yaml_source.YamlError as e:
        report.error(path, e.line, "Y001", e.message)
        return []
    measures = data.get("measures", []) if isinstance(data, dict) else []
    for m in measures:
        if check_keys(report, path, m, {"id", "clause", "title"}, {"outside_training"}, "measure"):
            check_text(report, path, m, "title", f"measure {m.get('id')}")
            if "outside_training" in m:
                check_text(report, path, m, "outside_training", f"measure {m.get('id')}")
    return [m for m in measures if isinstance(m, dict)]


def load(root: Path, report: Report) -> Curriculum:
    """Load and validate every module; problems go to `report`, nothing raises."""
    courses = root / "courses"
    policy = load_policy(root, report)
    policy_ids = {m.get("id") for m in policy}
    modules: dict[str, Module] = {}
    for folder in sorted(p for p in courses.iterdir() if p.is_dir()) if courses.is_dir() else []:
        module = _load_module(folder, report, policy_ids)
        if module:
            if module.id in modules:
                report.error(folder / "module.yml", line_of(module.meta, "id"), "C002",
                             f"module id '{module.id}' is used twice (also {modules[module.id].folder.name}/)")
            else:
                modules[module.id] = module
    order = _load_catalog(courses / "catalog.yml", modules, report)
    _check_prerequisites(modules, report)
    return Curriculum(modules, order, policy)


def _load_module(folder: Path, report: Report, policy_ids: set) -> Module | None:
    path = folder / "module.yml"
    if not path.exists():
        report.error(folder, 1, "C001", "module folder has no module.yml")
        return None
    meta = load_mapping(path, report, MODULE_KEYS, "module.yml")
    if meta is None:
        return None
    module = Module(_check_meta(path, meta, folder, report, policy_ids), folder, meta)
    _load_pages(module, path, report)
    _check_components(module, report)
    return module


def _check_meta(path: Path, meta: dict, folder: Path, report: Report, policy_ids: set) -> str:
    """C003-C011: the fields of module.yml. Returns the module's id (the folder's name if unusable)."""
    check_id(report, path, meta, "id", "module")
    mid = meta.get("id") if isinstance(meta.get("id"), str) else folder.name
    if mid != folder.name:
        report.error(path, line_of(meta, "id"), "C003", f"id '{mid}' must equal the folder name '{folder.name}'")
    if meta.get("status") not in ("draft", "published"):
        report.error(path, line_of(meta, "status"), "C004", f"status must be draft or published, found {meta.get('status')!r}")
    for key in ("title", "summary"):
        check_text(report, path, meta, key, "module")
    hours = meta.get("hours")
    if not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours <= 0 or (hours * 2) % 1:
        report.error(path, line_of(meta, "hours"), "C005", f"hours must be a positive number in steps of 0.5, found {hours!r}")
    if not isinstance(meta.get("sensitive"), bool):
        report.error(path, line_of(meta, "sensitive"), "C006", "sensitive must be true or false")
    for key, allowed, code in (("audiences", set(COURSE_ROLES), "C007"), ("policy", policy_ids, "C008")):
        values = meta.get(key)
        if not isinstance(values, list) or not values:
            report.error(path, line_of(meta, key), code, f"{key} must be a non-empty list")
            continue
        for i, v in enumerate(values):
            if v not in allowed:
                what = "audience" if key == "audiences" else "policy measure (see data/policy.yml)"
                report.error(path, line_of(values, i), code, f"unknown {what} '{v}' (known: {', '.join(sorted(allowed))})")
    if not isinstance(meta.get("prerequisites"), list):
        report.error(path, line_of(meta, "prerequisites"), "C009", "prerequisites must be a list of module ids (may be [])")
    objectives = meta.get("objectives")
    if check_keys(report, path, objectives, set(LANGS), set(), "objectives"):
        zh, en = objectives.get("zh"), objectives.get("en")
        if not isinstance(zh, list) or not zh or not all(isinstance(x, str) and x.strip() for x in zh):
            report.error(path, line_of(objectives, "zh"), "C010", "objectives.zh must be a non-empty list of text")
        elif not isinstance(en, list) or len(en) != len(zh):
            report.error(path, line_of(objectives, "en"), "C011",
                         f"objectives.en must list as many objectives as objectives.zh ({len(zh)})")
    return mid


def _load_pages(module: Module, path: Path, report: Report):
    """C012-C015: the lessons module.yml lists, then the job aid and trainer notes, each in both
    languages; a page in the folder that is not listed is a draft (a warning)."""
    folder, meta = module.folder, module.meta
    lessons = meta.get("lessons")
    if not isinstance(lessons, list) or not lessons:
        report.error(path, line_of(meta, "lessons"), "C012", "lessons must list at least one lesson id")
        lessons = []
    seen = set()
    for i, lesson in enumerate(lessons):
        if not isinstance(lesson, str) or lesson in FIXED_PAGES or lesson == "index":
            report.error(path, line_of(lessons, i), "C013", f"lesson id {lesson!r} is not allowed")
            continue
        if lesson in seen:
            report.error(path, line_of(lessons, i), "C014", f"lesson '{lesson}' is listed twice")
        seen.add(lesson)
        _load_page(module, lesson, report, path, line_of(lessons, i))
    for page_id in FIXED_PAGES:
        _load_page(module, page_id, report, path, 1)
    for md in sorted(folder.glob("*.md")):
        page_id = md.name.split(".")[0]
        if page_id not in seen and page_id not in FIXED_PAGES:
            report.warning(md, 1, "C015", f"'{md.name}' is not listed in lessons of module.yml and is not built")


def _load_page(module: Module, page_id: str, report: Report, meta_path: Path, meta_line: int):
    pages = {}
    for lang in LANGS:
        path = module.folder / (f"{page_id}.md" if lang == "zh" else f"{page_id}.{lang}.md")
        if not path.exists():
            report.error(meta_path, meta_line, "C016", f"missing {lang} page {path.name} for '{page_id}'")
            continue
        try:
            pages[lang] = markdown_source.parse(path)
        except UnicodeDecodeError:
            report.error(path, 1, "C017", "not UTF-8 text")
    if len(pages) == 2:
        check_page_pair(pages["zh"], pages["en"], report)
    if pages:
        module.pages[page_id] = pages


def check_page_pair(zh: markdown_source.Page, en: markdown_source.Page, report: Report, components=COMPONENTS):
    """Rules every hand-written page pair follows: anchors, closed components, zh/en parity."""
    for page in (zh, en):
        seen = {}
        for e in page.elements:
            if e.kind == "heading" and e.level in (2, 3):
                if not e.name:
                    report.error(page.path, e.line, "P001", f"heading '{e.title}' needs an explicit ASCII anchor, e.g. {{ #what-to-do }}")
                elif e.name in seen:
                    report.error(page.path, e.line, "P002", f"anchor #{e.name} is used twice (also line {seen[e.name]})")
                else:
                    seen[e.name] = e.line
            if e.kind == "admonition" and e.name not in components:
                report.error(page.path, e.line, "P003", f"unknown component '{e.name}' (allowed: {', '.join(sorted(components))})")
            if e.kind == "admonition" and e.name == "answer" and e.parent != "case":
                report.error(page.path, e.line, "P004", "an 'answer' must be nested inside a 'case'")
        if not page.title:
            report.error(page.path, 1, "P005", "the page must start with a '# Title' line")
    for line, message in markdown_source.compare(zh, en):
        report.error(en.path, line, "P006", f"zh/en structure: {message}")
    for number, line in enumerate(en.text.splitlines(), start=1):
        for m in CHINESE_CLAUSE_RE.finditer(line):
            report.error(en.path, number, "P007", f"write the policy clause {m.group(0)} as {clause_label(m.group(0), 'en')} on an English page")


def _check_components(module: Module, report: Report):
    path = module.folder / "module.yml"
    zh_pages = [module.pages[p]["zh"] for p in module.lessons if "zh" in module.pages.get(p, {})]
    if not zh_pages:
        return
    cases = [e for p in zh_pages for e in p.admonitions("case")]
    if len(cases) < 2:
        report.error(path, 1, "C020", f"a module needs at least two 'case' scenarios, found {len(cases)}")
    for p in zh_pages:
        case_lines = [e.line for e in p.admonitions("case")]
        answers = [e.line for e in p.admonitions("answer")]
        for i, line in enumerate(case_lines):
            end = case_lines[i + 1] if i + 1 < len(case_lines) else 10**9
            if not any(line < a < end for a in answers):
                report.error(p.path, line, "C021", "this case scenario has no nested '??? answer' model answer")
    if not any(p.admonitions("keypoints") for p in zh_pages):
        report.error(path, 1, "C022", "a module needs a 'keypoints' block (要点回顾)")
    if not any("references" in p.anchors() for p in zh_pages):
        report.error(path, 1, "C023", "a module needs a references section: a heading with { #references }")
    if module.meta.get("sensitive") is True and not any(p.admonitions("content-note") for p in zh_pages):
        report.error(path, line_of(module.meta, "sensitive"), "C024", "a sensitive module needs a 'content-note' before the sensitive material")


def _load_catalog(path: Path, modules: dict, report: Report) -> list[str]:
    data = load_mapping(path, report, {"modules"}, "catalog")
    if data is None:
        return []
    listed = data.get("modules") or []
    order = []
    for i, mid in enumerate(listed):
        if mid not in modules:
            report.error(path, line_of(listed, i), "C030", f"catalog lists '{mid}', but there is no courses/{mid}/module.yml")
        elif mid in order:
            report.error(path, line_of(listed, i), "C031", f"'{mid}' is listed twice")
        elif not modules[mid].published:
            report.warning(path, line_of(listed, i), "C032", f"'{mid}' has status draft and is not built")
        else:
            order.append(mid)
    for mid, module in modules.items():
        if mid not in listed:
            report.warning(module.folder / "module.yml", 1, "C033", f"module '{mid}' is not in courses/catalog.yml: a draft, not built")
    return order


def _check_prerequisites(modules: dict[str, Module], report: Report):
    for module in modules.values():
        prereqs = module.meta.get("prerequisites")
        for i, p in enumerate(prereqs if isinstance(prereqs, list) else []):
            if p not in modules:
                report.error(module.folder / "module.yml", line_of(prereqs, i), "C040", f"prerequisite '{p}' is not a module")
    # Depth-first search for a cycle; each cycle reported once, at its first module.
    state: dict[str, int] = {}
    def visit(mid, trail):
        state[mid] = 1
        m = modules[mid]
        for p in m.meta.get("prerequisites") or []:
            if p not in modules:
                continue
            if state.get(p) == 1:
                cycle = trail[trail.index(p):] + [p] if p in trail else [mid, p]
                report.error(m.folder / "module.yml", line_of(m.meta, "prerequisites"), "C041",
                             "prerequisites form a cycle: " + " → ".join(cycle))
            elif not state.get(p):
                visit(p, trail + [p])
        state[mid] = 2
    for mid in sorted(modules):
        if not state.get(mid):
            visit(mid, [mid])
