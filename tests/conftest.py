"""Shared fixtures: copies of the project and strict builds of it (tests/project_builds.py), a
static server on 127.0.0.1, and Debian's chromium driven by Playwright (never a downloaded browser).

The one fixture style (CONTRIBUTING.md, "Tests"):
- `project_copy(parts=CONTENT)`: a fresh writable copy of the repository's named parts; CONTENT
  (courses, quizzes, data, docs) is what the validator reads, BUILDABLE what a build needs too;
  `source=` copies a fixture project instead (parts=None: all of it).
- `build_project(project)`: its strict build; the site folder, or the test fails with the build's
  stderr tail. A test that expects a failed build calls `build(project)` and reads `.stderr`.
- `site`, `offline_site`, `site_url`, `subpath_url`, `site_url_build`: the repository's own builds,
  once per session.
Small made-up trees (a glossary and one page) are written straight into `tmp_path`."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from project_builds import BUILDABLE, CONTENT, ROOT, Build, build, copy_project  # noqa: F401  (re-exported)

sys.path.insert(0, str(ROOT / "scripts"))
# Every build of a session takes one date (MkDocs's sitemap and the directory's dates honour it), so
# builds made on either side of midnight still agree byte for byte.
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory):
    """Factory: project_copy(parts=CONTENT, name="project", source=ROOT) -> a fresh writable copy of
    those parts of the repository (or of a fixture project; parts=None: all of it) in its own temp
    folder. Session-scoped, so fixtures of any scope can use it; each call makes a new copy."""
    def make(parts=CONTENT, name="project", source: Path = ROOT) -> Path:
        return copy_project(tmp_path_factory.mktemp(name), parts, source)
    return make


@pytest.fixture(scope="session")
def build_project(tmp_path_factory):
    """Factory: build_project(project, offline=False, site_url=None, site_dir=None) -> the site
    folder of its strict build; a failed build fails the test with the build's stderr tail."""
    def make(project: Path, offline=False, site_url=None, site_dir=None) -> Path:
        result = build(project, site_dir or tmp_path_factory.mktemp("site") / "site", offline=offline, site_url=site_url)
        if not result.ok:
            pytest.fail(result.tail(), pytrace=False)
        return result.site
    return make


@pytest.fixture(scope="session")
def build_result(tmp_path_factory) -> Build:
    """The repository's strict build, passed or not (test_site_build asserts it passes)."""
    return build(ROOT, tmp_path_factory.mktemp("build") / "site")


@pytest.fixture(scope="session")
def site(build_result) -> Path:
    if not build_result.ok:
        pytest.fail(build_result.tail(), pytrace=False)
    return build_result.site


@pytest.fixture(scope="session")
def offline_site(build_project, tmp_path_factory) -> Path:
    return build_project(ROOT, offline=True, site_dir=tmp_path_factory.mktemp("offline") / "offline")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "humiao-tests")   # linkchecker: do not throttle this host
        super().end_headers()


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(site):
    httpd, url = serve(site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def subpath_url(site, tmp_path_factory):
    """The same build served under /portal/ on a plain static server."""
    top = tmp_path_factory.mktemp("subpath")
    shutil.copytree(site, top / "portal")
    httpd, url = serve(top)
    yield url + "/portal/"
    httpd.shutdown()


class _NotFoundPages(_Quiet):
    """A static host configured as README says: a missing page under /en/ gets en/404.html,
    any other the root 404.html, both with status 404."""
    prefix = "/portal/"

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        lang = "en/" if self.path.startswith(self.prefix + "en/") else ""
        body = (Path(self.directory) / self.prefix.strip("/") / lang / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url_build(build_project, tmp_path_factory):
    """A build for a host under /portal/ with SITE_URL set, served with per-language 404 pages."""
    top = tmp_path_factory.mktemp("siteurl")
    handler = functools.partial(_NotFoundPages, directory=str(top))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{httpd.server_address[1]}/portal/"
    build_project(ROOT, site_url=url, site_dir=top / "portal")
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright of the session: a second sync_playwright() in the same thread is refused,
    so a test that needs chromium with other flags launches it from this one."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: ./portal test installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver):
    b = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.js_errors = errors
    yield pg
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    pg = context.new_page()
    yield pg
    context.close()


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian chromium through Playwright (slower; deselect with -m 'not browser')")
    config.addinivalue_line("markers", "build: runs a full mkdocs build of the site or of a copy (slower; deselect with -m 'not build')")


# A test that uses one of these fixtures, directly or through another fixture, carries the marker
# by itself; a test that builds or drives chromium some other way says so with @pytest.mark.build
# or @pytest.mark.browser. The fast default: ./portal test -m "not browser and not build".
MARKED_BY_FIXTURE = {"browser": {"playwright_driver", "browser", "page", "phone"},
                     "build": {"build_project", "build_result", "site", "offline_site", "site_url", "subpath_url", "site_url_build"}}


@pytest.hookimpl(tryfirst=True)    # before -m deselects by marker
def pytest_collection_modifyitems(config, items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for marker, fixtures in MARKED_BY_FIXTURE.items():
            if used & fixtures and not item.get_closest_marker(marker):
                item.add_marker(marker)
