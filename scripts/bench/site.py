"""`./portal bench`: page weight, speed, search and build scale, each beside a bare
mkdocs-material site built from the same Markdown in the same run. Figures, not a test: it
prints them and, with --write, records them in docs/about/benchmarks(.en).md for operators.
Every byte a visit fetches is counted, the search index included (issue #22)."""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from . import report

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
# Page types and the page that stands for each (same source path in both builds).
PAGE_TYPES = {
    "home": "", "catalog": "courses/", "module": "courses/crisis/", "lesson": "courses/crisis/what-to-do/",
    "practice quiz": "quizzes/crisis/", "assessment": "quizzes/annual-assessment/", "progress": "progress/",
    "directory": "directory/", "parent guide": "parents/signs-by-age/", "referral": "referral/",
}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8}  # Lighthouse's "Slow 4G"
BARE_YML = """site_name: bare
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.indexes, navigation.prune, navigation.top, navigation.footer]
plugins:
  - search
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details, pymdownx.superfences,
  {toc: {permalink: true}}]
"""


def mkdocs_build(project: Path, site: Path, env=None) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)], cwd=project, env=env,
                   check=True, capture_output=True)
    return time.perf_counter() - start


def copy_project(dest: Path, scale: int = 1) -> Path:
    """A copy of the portal's sources; with scale > 1, every module and its bank repeated."""
    for name in ("docs", "courses", "quizzes", "data", "scripts", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if scale > 1:
        catalog = yaml.safe_load((dest / "courses/catalog.yml").read_text(encoding="utf-8"))["modules"]
        extra = []
        for n in range(2, scale + 1):
            for mid in catalog:
                new = f"{mid}-s{n}"
                shutil.copytree(dest / "courses" / mid, dest / "courses" / new)
                meta = dest / "courses" / new / "module.yml"
                text = meta.read_text(encoding="utf-8").replace(f"id: {mid}\n", f"id: {new}\n", 1)
                text = re.sub(r"(?m)^prerequisites:.*(?:\n[ -].*)*", "prerequisites: []", text)
                meta.write_text(text.replace("zh: ", f"zh: （{n}）", 1), encoding="utf-8")
                bank = (dest / "quizzes" / f"{mid}.yml").read_text(encoding="utf-8")
                bank = bank.replace(f"id: {mid}\n", f"id: {new}\n", 1).replace(f"module: {mid}\n", f"module: {new}\n", 1)
                bank = bank.replace(f"see: {mid}/", f"see: {new}/")
                (dest / "quizzes" / f"{new}.yml").write_text(bank, encoding="utf-8")
                extra.append(new)
        (dest / "courses/catalog.yml").write_text(yaml.safe_dump({"modules": catalog + extra}), encoding="utf-8")
    return dest


def bare_project(source: Path, dest: Path) -> Path:
    """The same Markdown (hand-written plus generated pages, both languages) under stock Material."""
    sys.path.insert(0, str(source / "scripts"))
    from humiao import content
    from humiao.pages import all_pages
    loaded, _ = content.load(source)
    docs = dest / "docs"
    shutil.copytree(source / "docs", docs)
    for src, text in all_pages(loaded).items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for css_js in ("humiao.css", "humiao.js", "quiz.js", "progress.js", "directory.js", "referral.js"):
        (docs / "assets" / css_js).unlink(missing_ok=True)
    (dest / "mkdocs.yml").write_text(BARE_YML, encoding="utf-8")
    sys.path.remove(str(source / "scripts"))
    return dest


def build_scale(work: Path, scales: list[int]) -> list[dict]:
    """Our build and the bare one of each scale, in turn. At ×1 (seconds a build), after one
    untimed build of each (Python's compiled modules, jieba's cache), the median of 5 pairs: one
    build on this machine varies by a quarter from run to run. Larger scales: one cold pair."""
    rows = []
    for scale in scales:
        ours = copy_project(work / f"ours-{scale}", scale)
        bare = bare_project(ours, work / f"bare-{scale}")
        runs = 5 if scale == 1 else 1
        if runs > 1:
            mkdocs_build(ours, work / f"site-ours-{scale}")
            mkdocs_build(bare, work / f"site-bare-{scale}")
        times = [(mkdocs_build(ours, work / f"site-ours-{scale}"), mkdocs_build(bare, work / f"site-bare-{scale}"))
                 for _ in range(runs)]
        t_ours, t_bare = (statistics.median(t[i] for t in times) for i in (0, 1))
        pages = sum(1 for _ in (work / f"site-ours-{scale}").rglob("*.html"))
        rows.append({"scale": scale, "pages": pages, "runs": runs, "ours_s": round(t_ours, 1), "bare_s": round(t_bare, 1),
                     "ratio": round(t_ours / t_bare, 2), "ours_ms_per_page": round(1000 * t_ours / pages, 1)})
        print(f"build ×{scale}: {pages} pages, ours {t_ours:.1f} s, bare {t_bare:.1f} s, ratio {t_ours / t_bare:.2f} "
              f"({'median of ' + str(runs) if runs > 1 else 'one cold build each'})", flush=True)
    return rows


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


class _Gzipping(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text as production hosts do (nginx `gzip on`)."""
    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if not (path.endswith(self.TEXT) and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        modified = self.date_time_string(int(os.stat(path).st_mtime))
        if self.headers.get("If-Modified-Since") == modified:    # revalidation, as the plain server answers it
            self.send_response(304)
            self.end_headers()
            return None
        data = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        return io.BytesIO(data)


def serve_gzipped(directory: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzipping, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def page_weights(site_ours: Path, site_bare: Path, lh: str | None = None, lh_runs: int = 1) -> list[dict]:
    """Each page type on a plain server (bytes as stored) and on a gzip server (as hosted)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright
    servers = {(name, mode): (serve if mode == "raw" else serve_gzipped)(path)
               for name, path in (("ours", site_ours), ("bare", site_bare)) for mode in ("raw", "gzip")}
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for kind, path in PAGE_TYPES.items():
            row = {"page": kind}
            for (name, mode), (_, url) in servers.items():
                v = visit_bytes(browser, f"{url}/{path}")
                t = throttled_timings(browser, f"{url}/{path}", kind)
                row[f"{name}_{mode}"] = {"first_kb": round(v["first"] / 1024, 1), "search_kb": round(v["search"] / 1024, 1),
                                         "second_kb": round(v["second"] / 1024, 1), "index_on_load": v["index_on_load"],
                                         "worker_on_load": v["worker_on_load"], **t}
                if lh:
                    row[f"{name}_{mode}"]["lighthouse"] = lighthouse(lh, f"{url}/{path}", lh_runs)
            for mode in ("raw", "gzip"):
                row[f"ratio_{mode}"] = round(row[f"ours_{mode}"]["first_kb"] / row[f"bare_{mode}"]["first_kb"], 2)
            if kind == "lesson":
                for name in ("ours", "bare"):
                    row[f"{name}_search"] = search_timings(browser, f"{servers[(name, 'gzip')][1]}/{path}", "转介")
            rows.append(row)
            o, b, og, bg = row["ours_raw"], row["bare_raw"], row["ours_gzip"], row["bare_gzip"]
            print(f"{kind:14} first {o['first_kb']:7.1f} KB (bare {b['first_kb']:7.1f}, x{row['ratio_raw']}), "
                  f"gzip {og['first_kb']:6.1f} KB (bare {bg['first_kb']:6.1f}, x{row['ratio_gzip']}), search +{og['search_kb']} KB; "
                  f"gzip LCP {og['lcp_ms']} ms (bare {bg['lcp_ms']}), TBT {og['tbt_ms']} (bare {bg['tbt_ms']}); "
                  f"raw LCP {o['lcp_ms']} (bare {b['lcp_ms']})"
                  + (f"; lighthouse gzip {(og.get('lighthouse') or {}).get('score')} (bare {(bg.get('lighthouse') or {}).get('score')}),"
                     f" raw {(o.get('lighthouse') or {}).get('score')} (bare {(b.get('lighthouse') or {}).get('score')})" if lh else "")
                  + (f"; search ready {row['ours_search']['ready_ms']} ms, first result {row['ours_search']['first_result_ms']} ms" if kind == "lesson" else ""),
                  flush=True)
        browser.close()
    for httpd, _ in servers.values():
        httpd.shutdown()
    return rows


def visit_bytes(browser, url) -> dict:
    """Every byte on the wire for a first visit (the search index included, when the page
    fetches it), for opening search on that page, and for a second (cached) visit."""
    ctx = browser.new_context()
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    total = {"n": 0}
    urls = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: total.__setitem__("n", total["n"] + e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    out = {"first": total["n"], "index_on_load": any("search_index" in u for u in urls.values()),
           "worker_on_load": any("/workers/search." in u for u in urls.values())}
    total["n"] = 0
    page.locator(".md-search__input").focus()      # the reader starts to search
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    out["search"] = total["n"]
    total["n"] = 0
    page.goto(url, wait_until="networkidle")
    out["second"] = total["n"]
    ctx.close()
    return out


# Largest contentful paint and long tasks, observed from before the page's first script.
OBSERVE = """window.__hm = {lcp: 0, long: []};
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__hm.lcp = e.startTime; })
  .observe({type: "largest-contentful-paint", buffered: true});
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__hm.long.push([e.startTime, e.duration]); })
  .observe({type: "longtask"});"""


def throttled_timings(browser, url, kind) -> dict:
    """On Slow 4G with the CPU slowed 4x, a 360-px phone: first contentful paint, largest
    contentful paint, total blocking time (long tasks after FCP, each beyond 50 ms, until the
    network is quiet: Lighthouse's TBT stops at time-to-interactive, so this is an upper bound)
    and when the page is usable (quiz ready on quiz pages, the load event elsewhere)."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    ctx.add_init_script(OBSERVE)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load", timeout=120_000)
    if "quiz" in kind or kind == "assessment":
        try:
            page.wait_for_function("document.querySelector('.hm-quiz.hm-js')", timeout=30_000)
            ready = page.evaluate("performance.now()")
        except Exception:   # the bare site has no quiz script: usable at load
            ready = page.evaluate("performance.timing.loadEventEnd - performance.timing.navigationStart")
    else:
        ready = page.evaluate("performance.timing.loadEventEnd - performance.timing.navigationStart")
    try:
        page.wait_for_load_state("networkidle", timeout=60_000)
    except Exception:
        pass
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    hm = page.evaluate("window.__hm")
    tbt = sum(max(0, d - 50) for start, d in hm["long"] if start >= fcp)
    ctx.close()
    return {"fcp_ms": round(fcp), "lcp_ms": round(hm["lcp"]), "tbt_ms": round(tbt), "ready_ms": round(ready)}


def search_timings(browser, url, query) -> dict:
    """Opening search on a page, on Slow 4G with the CPU slowed 4x: from focusing the box to
    search being ready (the index fetched and loaded: what the "loading" line covers), then
    from typing a query to its first result."""
    ctx = browser.new_context(viewport={"width": 1024, "height": 740})
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_timeout(1000)
    start = time.perf_counter()
    page.locator(".md-search__input").focus()
    # Ready when the "initializing"/"loading" line gives way to the "type to search" line.
    page.wait_for_function("(() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !m.querySelector('.hm-search-loading') && !/Initializing|初始化/.test(m.textContent) })()",
                           timeout=120_000)
    ready = time.perf_counter() - start
    page.locator(".md-search__input").fill(query)
    start = time.perf_counter()
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    first = time.perf_counter() - start
    ctx.close()
    return {"ready_ms": round(ready * 1000), "first_result_ms": round(first * 1000)}


LH_FLAGS = "--headless=new " + " ".join(a for a in ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                                                   "--disable-background-networking", "--disable-component-update", "--disable-sync"))


def lighthouse(binary: str, url: str, runs: int) -> dict | None:
    """Lighthouse's mobile profile (simulated Slow 4G, 4x CPU), the median of `runs` runs by
    performance score; None if it does not run here."""
    results = []
    for _ in range(runs):
        try:
            run = subprocess.run([binary, url, "--quiet", "--only-categories=performance", "--output=json", "--output-path=stdout",
                                  f"--chrome-flags={LH_FLAGS}"], env=dict(os.environ, CHROME_PATH=CHROMIUM),
                                 capture_output=True, text=True, timeout=300)
            report = json.loads(run.stdout)
        except Exception:
            return None
        audits = report["audits"]
        results.append({"score": round(100 * (report["categories"]["performance"]["score"] or 0)),
                        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
                        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
                        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
                        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3)})
    results.sort(key=lambda r: r["score"])
    return results[len(results) // 2]


def asset_sizes(site: Path, bare: Path | None = None) -> dict:
    sys.path.insert(0, str(ROOT / "scripts"))
    from humiao.search import text_bytes
    quiz = (site / "assets" / "quiz.js").read_bytes()
    out = {"quiz_js_bytes": len(quiz), "quiz_js_gzip": gz(quiz)}
    for lang, folder in (("zh", site / "search"), ("en", site / "en" / "search")):
        data = (folder / "search_index.json").read_bytes()
        out[f"search_index_{lang}_kb"] = round(len(data) / 1024, 1)
        out[f"search_index_{lang}_gzip_kb"] = round(gz(data) / 1024, 1)
        out[f"search_index_{lang}_per_text"] = round(len(data) / text_bytes(json.loads(data)["docs"]), 2)
    if bare:
        data = (bare / "search" / "search_index.json").read_bytes()
        out["bare_search_index_kb"] = round(len(data) / 1024, 1)
        out["bare_search_index_gzip_kb"] = round(gz(data) / 1024, 1)
    return out


def main(args) -> int:
    scales = [int(x) for x in args.scales.split(",")] if args.scales else [1, 2, 5] if args.quick else [1, 10, 50]
    # Lighthouse is not a dependency: point HUMIAO_LIGHTHOUSE at its binary (npm install lighthouse,
    # outside the repository) to add its figures; HUMIAO_LIGHTHOUSE_RUNS (default 3) runs per page, median.
    lh = os.environ.get("HUMIAO_LIGHTHOUSE")
    lh_runs = int(os.environ.get("HUMIAO_LIGHTHOUSE_RUNS", "3"))
    with tempfile.TemporaryDirectory(prefix="humiao-bench-") as tmp:
        work = Path(tmp)
        build = build_scale(work, scales)
        pages = page_weights(work / "site-ours-1", work / "site-bare-1", lh, lh_runs)
        assets = asset_sizes(work / "site-ours-1", work / "site-bare-1")
    results = {"date": dt.date.today().isoformat(), "machine": report.machine(), "build": build, "pages": pages, "assets": assets}
    print(json.dumps(results, ensure_ascii=False))   # every figure, also when not written
    if args.write:
        report.write_page(results)
        print("figures written to docs/about/benchmarks.md and benchmarks.en.md")
    return 0
