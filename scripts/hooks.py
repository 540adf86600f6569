"""MkDocs hook: wires scripts/humiao/build.py to the build events. Keep it thin."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402

from humiao import build, css_purge, desk_runtime, search  # noqa: E402


def on_config(config):
    build.load(config)
    config.nav = build.nav(config, Path(config.docs_dir))
    return config


@event_priority(-90)       # before i18n (-100) rebuilds the file list
def _placeholders(files, config):
    return build.add_placeholders(files, config)


@event_priority(-110)      # after i18n: set the content on its File objects
def _fill(files, config):
    return build.fill_generated(files, config)


on_files = CombinedEvent(_placeholders, _fill)


def on_page_markdown(markdown, page, config, files):
    search.page_meta(page)     # search weights, exclusions and keywords (issue #22)
    return build.expand_shortcodes(markdown, page, config)


def on_page_content(html, page, config, files):
    return search.exclude_parts(html)


def on_env(env, config, files):
    return build.template_globals(env, config)


def on_post_page(output, page, config):
    return build.language_links(output, page)


def on_post_template(output, template_name, config):
    return build.not_found_alternates(output, template_name, config)


@event_priority(0)         # before i18n (-100) builds the other languages over this one's 404.html
def _keep_default_404(config):
    if not _nested(config):
        build.keep_default_404(Path(config.site_dir))


@event_priority(-120)      # after i18n built every language and the offline plugin ran
def _finish(config):
    if _nested(config):
        return             # a nested per-language build; the outer one finishes the job
    site = Path(config.site_dir)
    build.place_404_pages(site)
    build.fix_chinese_query_cutting(site)
    search.defer_index(site)
    search.shrink_index(site)
    build.split_search_index(site, offline=not config.use_directory_urls)
    build.write_open_data(site)
    build.write_quiz_pools(site)
    css_purge.slim_stylesheets(site)   # less render-blocking CSS (issue #22); HUMIAO_CSS_PURGE=off skips it
    desk_runtime.write(site)   # the trainer's desk: Pyodide and the export's own Python


on_post_build = CombinedEvent(_keep_default_404, _finish)


def _nested(config) -> bool:
    return getattr(config.plugins.get("i18n"), "building", False)
