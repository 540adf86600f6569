"""What the MkDocs hook does, as plain functions: nav, generated files, shortcodes,
per-language search index, open data. scripts/hooks.py only wires these to events."""
from __future__ import annotations

import json
import logging
import re
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from . import content as content_mod
from . import danger
from . import directory as dirmod
from .content import Content
from .directory_pages import help_block, strip_entries
from .markdown_source import SHORTCODE_RE
from .markup import tel_href
from .pages import all_pages
from .quiz_pages import banks_in_course_order, pool_file, pool_script
from .vocab import DEFAULT_LANG as DEFAULT
from .vocab import LANGS

log = logging.getLogger("mkdocs.plugins.humiao")


class BuildState:
    """Loaded once per build of one language (a serve rebuild loads again)."""
    content: Content | None = None
    pages: dict[str, str] = {}
    default_404: bytes | None = None
    sources: tuple = ()      # what the content was loaded from (see load)


STATE = BuildState()


def current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or DEFAULT


def source_stamp(root: Path, directory_urls: bool) -> tuple:
    """Names, sizes and times of every content source: i18n runs on_config once per language,
    and the content is the same for both unless a file changed in between (a serve rebuild)."""
    stamp = [directory_urls]
    for folder in ("courses", "quizzes", "data", "docs"):
        for p in sorted((root / folder).rglob("*")):
            if p.suffix in (".yml", ".md", ".txt"):
                try:
                    st = p.stat()
                except OSError:          # removed while an editor saves: it is not a source now
                    continue
                stamp.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def load(config) -> None:
    root = Path(config.config_file_path).parent
    stamp = source_stamp(root, config.use_directory_urls)
    if STATE.content is not None and stamp == STATE.sources:
        return
    content, report = content_mod.load(root)
    if report.errors:
        shown = "\n".join(str(p) for p in report.errors[:50])
        more = f"\n… and {len(report.errors) - 50} more" if len(report.errors) > 50 else ""
        raise PluginError(f"content has {len(report.errors)} error(s); run ./portal validate\n{shown}{more}")
    STATE.content = content
    STATE.pages = all_pages(content, directory_urls=config.use_directory_urls)
    STATE.sources = stamp


def nav(config, docs_dir: Path) -> list:
    """The navigation for the language being built: section titles are data, page titles
    come from each page's own '# Title'."""
    lang = current_language(config)
    c = STATE.content
    t = lambda zh, en: zh if lang == "zh" else en
    modules = [{escape(m.title(lang)): [f"courses/{m.id}/index.md"] + [f"courses/{m.id}/{p}.md" for p in m.lessons + ["job-aid", "trainer-notes"]]}
               for m in c.curriculum.built]
    banks = [f"quizzes/{b.id}/index.md" for b in banks_in_course_order(c) if f"quizzes/{b.id}/index.md" in STATE.pages]
    guides = sorted(p.relative_to(docs_dir).as_posix() for p in (docs_dir / "parents").glob("*.md")
                    if p.name.count(".") == 1 and p.name != "index.md")
    referral = [p for p in ("referral/index.md", "referral/tree.md", "referral/print.md") if p in STATE.pages]
    out = [{t("首页", "Home"): "index.md"},
           {t("培训课程", "Training"): ["courses/index.md", "courses/policy-coverage.md"] + modules},
           {t("测验", "Quizzes"): ["quizzes/index.md"] + banks}]
    if referral:
        out.append({t("转介指引", "Referral guide"): referral})
    out += [{t("家长指南", "For parents"): ["parents/index.md"] + [g for g in guides if g != "parents/where-to-get-help.md"]
             + (["parents/where-to-get-help.md"] if (docs_dir / "parents/where-to-get-help.md").exists() else []) + ["parents/handouts/index.md"]},
            {t("资源目录", "Directory"): ["directory/index.md", "directory/wallet-card.md", "directory/resource-sheet.md", "directory/freshness.md"]},
            {t("我的学习", "My progress"): ["progress/index.md", "progress/certificate.md", "trainers/index.md", "trainers/desk.md"]
             + [p for p in ["trainers/record-format.md"] if (docs_dir / p).exists()]
             + [p for p in ["trainers/skills-station.md"] if p in STATE.pages]},
            {t("关于", "About"): ["about/index.md"]}]   # about/benchmarks.md: for operators, linked from About, not in the menu
    return out


def add_placeholders(files: Files, config) -> Files:
    """Before i18n (priority -100) sees the files: one File per generated page, no content yet."""
    for src_uri in STATE.pages:
        if files.get_file_from_path(src_uri) is None:
            f = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            if config.not_in_nav and config.not_in_nav.match_file(src_uri):
                f.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(f)
    return files


def fill_generated(files: Files, config) -> Files:
    """After i18n rebuilt every File object: give the generated ones their content."""
    for f in files:
        text = STATE.pages.get(f.src_uri)
        if text is not None:
            f.content_string = text
    return files


def expand_shortcodes(markdown: str, page, config) -> str:
    lang = getattr(page.file, "locale", None) or DEFAULT
    src = re.sub(r"\.(en)\.md$", ".md", page.file.src_uri)
    entries = STATE.content.directory

    def replace(m):
        name, arg = m.group(1), m.group(2) or ""
        if name == "help":
            try:
                return "\n" + help_block(entries, arg, lang, src, config.use_directory_urls) + "\n"
            except ValueError as exc:
                raise PluginError(f"{page.file.src_uri}: {exc}") from None
        if name == "danger":
            return "\n" + danger.render(STATE.content.danger[arg], lang) + "\n"
        if name == "record-schema":         # the record format's field table, from record.schema.json
            from .completion.record_schema import table
            return "\n" + table(lang) + "\n"
        from .urls import relative
        href = relative(src, "referral/index.md", config.use_directory_urls) + (f"?start={arg}" if arg else "")
        label = "打开转介指引：一步步判断该做什么" if lang == "zh" else "Open the referral guide: decide step by step what to do"
        return f'\n<p class="hm-referral-link"><a class="md-button md-button--primary" href="{href}">{label}</a></p>\n'

    return SHORTCODE_RE.sub(replace, markdown)


def template_globals(env, config):
    """The help strip and language for every template of this language's build, 404 included."""
    lang = current_language(config)
    env.globals["humiao_strip"] = [{"name": e["name"][lang], "phone": p, "tel": tel_href(p)}
                                   for e in strip_entries(STATE.content.directory) for p in e["phones"]]
    env.globals["humiao_lang"] = lang
    return env


# Material fetches sitemap.xml beside every <link rel="alternate"> to match pages across
# languages (toolchain pitfall 16): a 98 KB download on the home page and a 404 page on every
# other. i18n's language links already lead to the same page, and the sitemap keeps hreflang.
HEAD_ALTERNATE_RE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def language_links(output: str, page) -> str:
    """Drop the head's language alternates (see above); make the home pages' language links
    relative: i18n writes root-absolute ones ('/', '/en/') when site_url is empty, and they
    break under a sub-path and on file://."""
    output = HEAD_ALTERNATE_RE.sub("", output)
    if page.file.src_uri not in ("index.md", "index.en.md"):
        return output
    depth_to_root = "./" if page.file.src_uri == "index.md" else "../"
    return re.sub(r'href="/(en/)?(index\.html)?"(\s+hreflang=)',
                  lambda m: f'href="{depth_to_root}{m.group(1) or ""}{m.group(2) or ""}"{m.group(3)}', output)


def not_found_alternates(output: str, template_name: str, config) -> str:
    """The 404 page has no page of its own, so i18n's language links on it are those of the
    last page built. Point them at each language's home page instead."""
    if template_name != "404.html":
        return output
    output = HEAD_ALTERNATE_RE.sub("", output)
    root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    home = {lang: root + ("" if lang == DEFAULT else f"{lang}/") for lang in LANGS}
    return re.sub(r'href="[^"]*"(\s+hreflang="(\w+)")',
                  lambda m: f'href="{home.get(m.group(2), root)}"{m.group(1)}', output)


def keep_default_404(site_dir: Path) -> None:
    """Each language build writes site/404.html, so the last one wins (toolchain pitfall 10).
    Keep the default language's before the others overwrite it."""
    page = site_dir / "404.html"
    STATE.default_404 = page.read_bytes() if page.exists() else None


def place_404_pages(site_dir: Path) -> None:
    """404.html in the default language at the root, each other language's in its folder
    (hosts map /en/… to en/404.html; README shows how)."""
    page = site_dir / "404.html"
    if STATE.default_404 is None or not page.exists():
        return
    other = [lang for lang in LANGS if lang != DEFAULT]
    (site_dir / other[0]).mkdir(exist_ok=True)
    page.replace(site_dir / other[0] / "404.html")   # the last-built language (i18n builds in order)
    page.write_bytes(STATE.default_404)
    STATE.default_404 = None


# Material 9.8.2's search worker cuts a Chinese query into the index's words, but its loop never
# tries a word that ends at the query's last character: "家访" is searched as "家*" (every word
# starting with 家), "留守儿童心理" loses "心理". One bound, patched in the built copy of the worker;
# if a Material upgrade changes the code, the build says so and leaves the worker alone.
WORKER_BOUND = ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e")


def fix_chinese_query_cutting(site_dir: Path) -> None:
    workers = list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if WORKER_BOUND[0] in code:
            worker.write_text(code.replace(WORKER_BOUND[0], WORKER_BOUND[1], 1), encoding="utf-8")
        elif WORKER_BOUND[1] not in code:
            log.warning("humiao: Material's search worker changed; Chinese query cutting not patched (scripts/humiao/build.py)")


def split_search_index(site_dir: Path, offline: bool) -> None:
    """i18n writes one index for both languages; give each language its own, so an en reader
    never gets zh results. en pages point Material's `base` at /en/ (see overrides/main.html)."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    per_lang = {"zh": [d for d in docs if not d["location"].startswith("en/")],
                "en": [dict(d, location=d["location"][3:]) for d in docs if d["location"].startswith("en/")]}
    for lang, entries in per_lang.items():
        folder = site_dir / ("search" if lang == "zh" else "en/search")
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(dict(index, docs=entries), ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(data, encoding="utf-8")
        if offline:
            (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def write_open_data(site_dir: Path) -> None:
    """The directory as machine-readable JSON with its schema, in both language folders."""
    data = json.dumps(dirmod.open_data(STATE.content.directory), ensure_ascii=False, indent=1)
    schema = json.dumps(dirmod.JSON_SCHEMA, ensure_ascii=False, indent=1)
    for folder in (site_dir / "directory", site_dir / "en" / "directory"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "directory.json").write_text(data, encoding="utf-8")
        (folder / "directory.schema.json").write_text(schema, encoding="utf-8")


def write_quiz_pools(site_dir: Path) -> None:
    """Each assessment's questions beside its page in both languages (quiz_pages.pool_script)."""
    for bank in banks_in_course_order(STATE.content):
        if bank.is_assessment:
            for lang in LANGS:
                folder = site_dir / ("" if lang == DEFAULT else lang) / "quizzes" / bank.id
                folder.mkdir(parents=True, exist_ok=True)
                script = pool_script(bank, lang)
                (folder / pool_file(script)).write_text(script, encoding="utf-8")
