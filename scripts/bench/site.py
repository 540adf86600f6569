"""`./portal bench`: page weight, speed and build scale, each beside a bare mkdocs-material
site built from the same Markdown in the same run. Figures, not a test: it prints them and,
with --write, records them in docs/about/benchmarks(.en).md for operators."""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

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
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "completion"))
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
    from humiao.pages import Generator
    loaded, _ = content.load(source)
    docs = dest / "docs"
    shutil.copytree(source / "docs", docs)
    for src, text in Generator(loaded).all().items():
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for css_js in ("humiao.css", "humiao.js", "quiz.js", "progress.js", "directory.js", "referral.js"):
        (docs / "assets" / css_js).unlink(missing_ok=True)
    (dest / "mkdocs.yml").write_text(BARE_YML, encoding="utf-8")
    sys.path.remove(str(source / "scripts"))
    return dest


def build_scale(work: Path, scales: list[int]) -> list[dict]:
    rows = []
    for scale in scales:
        ours = copy_project(work / f"ours-{scale}", scale)
        bare = bare_project(ours, work / f"bare-{scale}")
        t_ours = mkdocs_build(ours, work / f"site-ours-{scale}")
        t_bare = mkdocs_build(bare, work / f"site-bare-{scale}")
        pages = sum(1 for _ in (work / f"site-ours-{scale}").rglob("*.html"))
        rows.append({"scale": scale, "pages": pages, "ours_s": round(t_ours, 1), "bare_s": round(t_bare, 1),
                     "ratio": round(t_ours / t_bare, 2), "ours_ms_per_page": round(1000 * t_ours / pages, 1)})
        print(f"build ×{scale}: {pages} pages, ours {t_ours:.1f} s, bare {t_bare:.1f} s, ratio {t_ours / t_bare:.2f}", flush=True)
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
        data = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)


def serve_gzipped(directory: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzipping, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def page_weights(site_ours: Path, site_bare: Path) -> list[dict]:
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
                first, second = visit_bytes(browser, f"{url}/{path}")
                fcp, ready = throttled_timings(browser, f"{url}/{path}", kind)
                row[f"{name}_{mode}"] = {"first_kb": round(first / 1024, 1), "second_kb": round(second / 1024, 1),
                                         "fcp_ms": fcp, "ready_ms": ready}
            for mode in ("raw", "gzip"):
                row[f"ratio_{mode}"] = round(row[f"ours_{mode}"]["first_kb"] / row[f"bare_{mode}"]["first_kb"], 2)
            rows.append(row)
            o, b, og = row["ours_raw"], row["bare_raw"], row["ours_gzip"]
            print(f"{kind:14} first {o['first_kb']:7.1f} KB (bare {b['first_kb']:7.1f}, ×{row['ratio_raw']}), "
                  f"gzip {og['first_kb']:6.1f} KB (×{row['ratio_gzip']}), FCP {o['fcp_ms']} ms (bare {b['fcp_ms']}), "
                  f"usable {o['ready_ms']} ms raw, {og['ready_ms']} ms gzip (bare {row['bare_gzip']['ready_ms']})", flush=True)
        browser.close()
    for httpd, _ in servers.values():
        httpd.shutdown()
    return rows


def visit_bytes(browser, url) -> tuple[int, int]:
    """Bytes on the wire for a first visit and for a second visit in the same (cached) context."""
    ctx = browser.new_context()
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    total = {"n": 0}
    urls = {}
    # The search index is fetched by a worker, not always in step with the page: it is reported
    # on its own (asset_sizes), and page bytes here leave it out so both sites compare alike.
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: total.__setitem__("n", total["n"] + (
        0 if "search_index" in urls.get(e["requestId"], "") else e["encodedDataLength"])))
    page.goto(url, wait_until="networkidle")
    first = total["n"]
    total["n"] = 0
    page.goto(url, wait_until="networkidle")
    second = total["n"]
    ctx.close()
    return first, second


def throttled_timings(browser, url, kind) -> tuple[int, int]:
    """First contentful paint, and when the page is usable (quiz ready on quiz pages, load
    elsewhere), on Slow 4G with the CPU slowed 4×."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
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
    fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0")
    ctx.close()
    return round(fcp), round(ready)


def asset_sizes(site: Path) -> dict:
    quiz = (site / "assets" / "quiz.js").read_bytes()
    out = {"quiz_js_bytes": len(quiz), "quiz_js_gzip": gz(quiz)}
    for lang, folder in (("zh", site / "search"), ("en", site / "en" / "search")):
        data = (folder / "search_index.json").read_bytes()
        out[f"search_index_{lang}_kb"] = round(len(data) / 1024, 1)
        out[f"search_index_{lang}_gzip_kb"] = round(gz(data) / 1024, 1)
    return out


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Debian chromium"


def write_page(results: dict):
    """Record the figures for operators, in both languages."""
    b, w, s = results["build"], results["pages"], results["assets"]
    for lang, suffix in (("zh", ".md"), ("en", ".en.md")):
        zh = lang == "zh"
        page = ROOT / "docs" / "about" / f"benchmarks{suffix}"
        old = page.read_text(encoding="utf-8") if page.exists() else ""
        notes = old.split("{ #notes }", 1)[1].strip() if "{ #notes }" in old else ""   # hand-written, kept
        lines = ["# 性能与规模" if zh else "# Performance and scale", "",
                 ("本页由 `./portal bench --write` 生成，记录最近一次测量：" if zh else "Written by `./portal bench --write`: the latest measurement, ")
                 + f"{results['date']}, {results['machine']}.", "",
                 "## 页面大小与速度 { #pages }" if zh else "## Page weight and speed { #pages }", "",
                 ("与同一份 Markdown 用原版 mkdocs-material 构建的页面比较。首次访问和再次访问（缓存）传输的字节（不含搜索索引）；"
                  "Slow 4G 网络、CPU 降速 4 倍、360 像素手机屏下的首次内容绘制（FCP）和可用时间（测验页为测验脚本就绪，其余为 load 事件）。"
                  "每页测两次：普通静态服务器（按原样传输）和像正式主机那样启用 gzip 压缩的服务器。") if zh else
                 ("Against the same Markdown built with stock mkdocs-material. Bytes transferred on a first and a second (cached) visit, "
                  "search index left out; first contentful paint (FCP) and time until usable (quiz ready on quiz pages, the load event elsewhere) "
                  "on Slow 4G with the CPU slowed 4×, on a 360-px phone screen. Each page is measured twice: on a plain static server "
                  "(bytes as stored) and on one that compresses with gzip, as production hosts do."), "",
                 "| page | first visit KB | bare KB | ratio | gzip KB | bare gzip KB | gzip ratio | second visit KB "
                 "| FCP ms | bare FCP ms | usable ms | gzip: usable ms | gzip: bare usable ms |",
                 "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in w:
            o, bare, og, bg = r["ours_raw"], r["bare_raw"], r["ours_gzip"], r["bare_gzip"]
            lines.append(f"| {r['page']} | {o['first_kb']} | {bare['first_kb']} | {r['ratio_raw']} | {og['first_kb']} | {bg['first_kb']} | "
                         f"{r['ratio_gzip']} | {o['second_kb']} | {o['fcp_ms']} | {bare['fcp_ms']} | {o['ready_ms']} | {og['ready_ms']} | {bg['ready_ms']} |")
        lines += ["", f"quiz.js: {s['quiz_js_bytes']} B, {s['quiz_js_gzip']} B gzip. "
                  + (f"搜索索引：中文 {s['search_index_zh_kb']} KB（gzip {s['search_index_zh_gzip_kb']} KB），英文 {s['search_index_en_kb']} KB（gzip {s['search_index_en_gzip_kb']} KB）。" if zh else
                     f"Search index: zh {s['search_index_zh_kb']} KB ({s['search_index_zh_gzip_kb']} KB gzip), en {s['search_index_en_kb']} KB ({s['search_index_en_gzip_kb']} KB gzip)."), "",
                  "## 构建时间与规模 { #build }" if zh else "## Build time and scale { #build }", "",
                  "| scale | pages | ours s | bare s | ratio | ms per page |", "|---|---|---|---|---|---|"]
        lines += [f"| ×{r['scale']} | {r['pages']} | {r['ours_s']} | {r['bare_s']} | {r['ratio']} | {r['ours_ms_per_page']} |" for r in b]
        lines += ["", ("目标：页面字节不超过原版的 1.15 倍；quiz.js 压缩后小于 10 KB；模块页在降速条件下 3 秒内可用；构建开销低于 20%，线性增长。"
                       "未达到的目标见下方说明。") if zh else
                  ("Targets: page bytes within 1.15× of bare Material; quiz.js under 10 KB compressed; a module page usable within 3 s "
                   "on the throttled profile; build overhead under 20% and linear growth. Targets not met are discussed below."), "",
                  "## 说明 { #notes }" if zh else "## Notes { #notes }", "", notes, ""]
        page.write_text("\n".join(lines), encoding="utf-8")


def main(args) -> int:
    scales = [int(x) for x in args.scales.split(",")] if args.scales else [1, 2, 5] if args.quick else [1, 10, 50]
    with tempfile.TemporaryDirectory(prefix="humiao-bench-") as tmp:
        work = Path(tmp)
        build = build_scale(work, scales)
        pages = page_weights(work / "site-ours-1", work / "site-bare-1")
        assets = asset_sizes(work / "site-ours-1")
    results = {"date": dt.date.today().isoformat(), "machine": machine(), "build": build, "pages": pages, "assets": assets}
    print(json.dumps(results, ensure_ascii=False))   # every figure, also when not written
    if args.write:
        write_page(results)
        print("figures written to docs/about/benchmarks.md and benchmarks.en.md")
    return 0
