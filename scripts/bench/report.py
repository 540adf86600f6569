"""The page-weight benchmark's report: docs/about/benchmarks.md and .en.md, written from the figures
of scripts/bench/site.py (`./portal bench --write`)."""
from __future__ import annotations

import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, Debian chromium"


def _lh(r: dict, key: str) -> str:
    v = (r.get("lighthouse") or {}).get(key)
    return "—" if v is None else str(v)


def write_page(results: dict):
    """Record the figures for operators, in both languages; the notes section is hand-written and kept."""
    for lang, suffix in (("zh", ".md"), ("en", ".en.md")):
        page = ROOT / "docs" / "about" / f"benchmarks{suffix}"
        old = page.read_text(encoding="utf-8") if page.exists() else ""
        notes = old.split("{ #notes }", 1)[1].strip() if "{ #notes }" in old else ""
        zh = lang == "zh"
        lines = (_weight_lines(results, zh) + _speed_lines(results, zh) + _lighthouse_lines(results, zh)
                 + _search_lines(results, zh) + _build_lines(results, zh)
                 + ["## 说明 { #notes }" if zh else "## Notes { #notes }", "", notes, ""])
        page.write_text("\n".join(lines), encoding="utf-8")


def _weight_lines(results: dict, zh: bool) -> list:
    w = results["pages"]
    lines = ["# 性能与规模" if zh else "# Performance and scale", "",
             ("本页由 `./portal bench --write` 生成，记录最近一次测量：" if zh else "Written by `./portal bench --write`: the latest measurement, ")
             + f"{results['date']}, {results['machine']}.", "",
             "## 页面大小 { #pages }" if zh else "## Page weight { #pages }", "",
             ("与同一份 Markdown 用原版 mkdocs-material 构建的页面比较。首次访问时浏览器取回的全部字节（页面加载时取回的搜索索引也计算在内）；"
              "在该页打开搜索时再取回的字节；再次访问（缓存）的字节。每页测两次：普通静态服务器（按原样传输）和像正式主机那样启用 gzip 压缩的服务器。") if zh else
             ("Against the same Markdown built with stock mkdocs-material. Every byte a first visit fetches (the search index included "
              "when the page fetches it on load); the bytes fetched when the reader then opens search on that page; a second (cached) visit. "
              "Each page is measured twice: on a plain static server (bytes as stored) and on one that compresses with gzip, as production hosts do."), "",
             "| page | first visit KB | bare KB | ratio | gzip KB | bare gzip KB | gzip ratio | gzip: opening search KB | gzip: bare opening search KB | second visit KB |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in w:
        o, bare, og, bg = r["ours_raw"], r["bare_raw"], r["ours_gzip"], r["bare_gzip"]
        lines.append(f"| {r['page']} | {o['first_kb']} | {bare['first_kb']} | {r['ratio_raw']} | {og['first_kb']} | {bg['first_kb']} | "
                     f"{r['ratio_gzip']} | {og['search_kb']} | {bg['search_kb']} | {o['second_kb']} |")
    return lines


def _speed_lines(results: dict, zh: bool) -> list:
    w = results["pages"]
    lines = ["", "## 速度 { #speed }" if zh else "## Speed { #speed }", "",
              ("Slow 4G 网络、CPU 降速 4 倍、360 像素手机屏，在 Debian chromium 中用浏览器自己的性能时间线测得（playwright）："
               "首次内容绘制（FCP）、最大内容绘制（LCP）、总阻塞时间（TBT：FCP 之后、网络空闲之前每个长任务超出 50 毫秒的部分之和，"
               "比 Lighthouse 只算到可交互为止的 TBT 偏大）和可用时间（测验页为测验脚本就绪，其余为 load 事件）。") if zh else
              ("On Slow 4G with the CPU slowed 4×, a 360-px phone screen, from chromium's own performance timeline (Debian chromium via playwright): "
               "first contentful paint (FCP), largest contentful paint (LCP), total blocking time (TBT: each long task after FCP, beyond 50 ms, "
               "until the network is quiet; an upper bound of Lighthouse's TBT, which stops at time-to-interactive) and time until usable "
               "(quiz ready on quiz pages, the load event elsewhere)."), "",
              "| page | gzip: FCP ms | LCP ms | bare LCP ms | TBT ms | bare TBT ms | usable ms | bare usable ms | plain: LCP ms | bare LCP ms | usable ms | bare usable ms |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in w:
        o, bare, og, bg = r["ours_raw"], r["bare_raw"], r["ours_gzip"], r["bare_gzip"]
        lines.append(f"| {r['page']} | {og['fcp_ms']} | {og['lcp_ms']} | {bg['lcp_ms']} | {og['tbt_ms']} | {bg['tbt_ms']} | {og['ready_ms']} | {bg['ready_ms']} "
                     f"| {o['lcp_ms']} | {bare['lcp_ms']} | {o['ready_ms']} | {bare['ready_ms']} |")
    return lines


def _lighthouse_lines(results: dict, zh: bool) -> list:
    w = results["pages"]
    lines = []
    if any(r["ours_gzip"].get("lighthouse") for r in w):
        lines += ["", "## Lighthouse { #lighthouse }", "",
                  ("Lighthouse 移动端配置（模拟 Slow 4G、CPU 降速 4 倍），Debian chromium。" if zh else
                   "Lighthouse's mobile profile (simulated Slow 4G, 4× CPU slowdown), Debian chromium."), "",
                  "| page | gzip: score | bare | LCP ms | bare LCP ms | TBT ms | bare TBT ms | CLS | plain: score | bare | LCP ms | bare LCP ms |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in w:
            o, bare, og, bg = r["ours_raw"], r["bare_raw"], r["ours_gzip"], r["bare_gzip"]
            lines.append(f"| {r['page']} | {_lh(og, 'score')} | {_lh(bg, 'score')} | {_lh(og, 'lcp_ms')} | {_lh(bg, 'lcp_ms')} | {_lh(og, 'tbt_ms')} | "
                         f"{_lh(bg, 'tbt_ms')} | {_lh(og, 'cls')} | {_lh(o, 'score')} | {_lh(bare, 'score')} | {_lh(o, 'lcp_ms')} | {_lh(bare, 'lcp_ms')} |")
    return lines


def _search_lines(results: dict, zh: bool) -> list:
    s = results["assets"]
    lesson = next((r for r in results["pages"] if "ours_search" in r), None)
    lines = ["", "## 搜索 { #search }" if zh else "## Search { #search }", ""]
    if lesson:
        os_, bs = lesson["ours_search"], lesson["bare_search"]
        lines += [(f"课程页上，从点进搜索框到可以搜索（索引下载并载入，期间显示“正在加载搜索…”）：{os_['ready_ms']} 毫秒（原版 {bs['ready_ms']} 毫秒，它在页面加载时就已下载索引）；"
                   f"此后输入“转介”到出现第一条结果：{os_['first_result_ms']} 毫秒（原版 {bs['first_result_ms']} 毫秒）。均为 Slow 4G、CPU 降速 4 倍、gzip 服务器。") if zh else
                  (f"On a lesson page, from focusing the search box to search being ready (the index fetched and loaded, \"Loading search…\" shown meanwhile): "
                   f"{os_['ready_ms']} ms (bare {bs['ready_ms']} ms, which fetched its index with the page); then from typing \"转介\" to the first result: "
                   f"{os_['first_result_ms']} ms (bare {bs['first_result_ms']} ms). Slow 4G, CPU slowed 4×, gzip server."), ""]
    lines += [(f"搜索索引：中文 {s['search_index_zh_kb']} KB（gzip {s['search_index_zh_gzip_kb']} KB，为其所含文字字节的 {s['search_index_zh_per_text']} 倍），"
               f"英文 {s['search_index_en_kb']} KB（gzip {s['search_index_en_gzip_kb']} KB，{s['search_index_en_per_text']} 倍）"
               + (f"；原版（两种语言合一）{s['bare_search_index_kb']} KB（gzip {s['bare_search_index_gzip_kb']} KB）" if "bare_search_index_kb" in s else "") + "。") if zh else
              (f"Search index: zh {s['search_index_zh_kb']} KB ({s['search_index_zh_gzip_kb']} KB gzip, {s['search_index_zh_per_text']}× the bytes of the text it holds), "
               f"en {s['search_index_en_kb']} KB ({s['search_index_en_gzip_kb']} KB gzip, {s['search_index_en_per_text']}×)"
               + (f"; bare (both languages in one) {s['bare_search_index_kb']} KB ({s['bare_search_index_gzip_kb']} KB gzip)" if "bare_search_index_kb" in s else "") + "."),
              "", f"quiz.js: {s['quiz_js_bytes']} B, {s['quiz_js_gzip']} B gzip.", ""]
    return lines


def _builds(runs: int, zh: bool) -> str:
    if runs > 1:
        return f"预热后交替 {runs} 次的中位数" if zh else f"median of {runs}, alternated, after a warm-up"
    return "各冷构建一次" if zh else "one cold build each"


def _build_lines(results: dict, zh: bool) -> list:
    b = results["build"]
    lines = ["## 构建时间与规模 { #build }" if zh else "## Build time and scale { #build }", "",
              "| scale | pages | builds | ours s | bare s | ratio | ms per page |", "|---|---|---|---|---|---|---|"]
    lines += [f"| ×{r['scale']} | {r['pages']} | {_builds(r.get('runs', 1), zh)} | {r['ours_s']} | {r['bare_s']} | {r['ratio']} "
              f"| {r['ours_ms_per_page']} |" for r in b]
    lines += ["", ("目标（议题 #22）：gzip 下首次访问的字节不超过原版的 0.5 倍；gzip 下 LCP 不超过 2.0 秒；Lighthouse 性能分 gzip 下不低于 98、未压缩不低于 90，"
                   "每种页面都要达到；索引载入后，输入到第一条结果不超过 1 秒；中文索引不超过其文字字节的 1.5 倍。"
                   "其他目标：quiz.js 压缩后小于 10 KB；构建开销低于 20%，线性增长。未达到的目标见下方说明。") if zh else
              ("Targets (issue #22): a first visit at most 0.5× the bytes of bare Material with gzip; LCP at most 2.0 s with gzip; Lighthouse "
               "performance at least 98 with gzip and 90 uncompressed, on every page type; the first result within 1 s of typing once the "
               "index has loaded; the Chinese index at most 1.5× the bytes of its text. Also: quiz.js under 10 KB compressed; build "
               "overhead under 20% and linear growth. Targets not met are discussed below."), ""]
    return lines


