"""Every generated page, as Markdown keyed by its docs-relative source path: one renderer per
content type, each beside its loader, registered below.

Nothing here is written to disk: scripts/hooks.py hands the pages to MkDocs at build time.
Each renderer is `pages(content, lang, directory_urls) -> {source path: Markdown}`; to add a
content type, add its loader to content.py and one line here (CONTRIBUTING.md, "Add a content type")."""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import course_pages, directory_pages, quiz_pages, referral_page, skills
from .vocab import LANGS

if TYPE_CHECKING:
    from .content import Content


RENDERERS = (
    course_pages.pages,       # courses/: catalog, policy coverage, module overviews and lessons (courses.py)
    quiz_pages.pages,         # quizzes/: index, each bank's page, paper version, answer key (quizzes.py)
    directory_pages.pages,    # directory/: resource directory, wallet card, resource sheet, freshness (directory.py)
    course_pages.progress,    # progress/: My progress and the certificate (progress_page.py)
    skills.pages,             # trainers/skills-station: the skills-station sheet (skills.py)
    referral_page.pages,      # referral/: the guide, its text version, the home-visit sheet (referral.py)
)


def all_pages(content: Content, directory_urls: bool = True) -> dict[str, str]:
    """Every generated page of both languages, in a fixed order (language, then renderer)."""
    out: dict[str, str] = {}
    for lang in LANGS:
        for render in RENDERERS:
            out.update(render(content, lang, directory_urls))
    return out
