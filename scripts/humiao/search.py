"""Search: what is indexed, how it ranks, how small the index is and when a browser fetches it
(issue #22). scripts/hooks.py wires these functions to the build events.

- Page meta (on_page_markdown): pages that only repeat others or
  are for operators are left out; lessons and parents' guides weigh more than hub pages, job
  aids, trainer notes and quizzes; a few parents' guides (and the crisis module) get the words a
  reader would type as search keywords (Material's `tags` field).
- Page HTML (on_page_content): a quiz's questions stay out of the index
  (`data-search-exclude`); the page itself is unchanged.
- The built index (on_post_build, before build.split_search_index): jieba's zero-width
  separators are dropped where a separator is already there and the others become the
  two-byte U+034F (invisible like U+200B, which takes three); a page's reference list weighs
  a tenth of its page, so a law or notice cited on every page does not lift all of them.
- Material's bundle (on_post_build): the index is fetched, and the search worker started, when
  the reader opens or focuses search (as Material already does for the index on file://), not on
  every page load.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.humiao")

ZWSP = "\u200b"      # what Material's search plugin puts between jieba's words
SEP = "\u034f"       # what we put there instead (listed in search.separator in mkdocs.yml)

# Pages that stay out of search: printable twins of other pages (they would only repeat their
# originals' results), the no-JavaScript copy of the referral guide, and operators' pages.
EXCLUDE_RE = re.compile(r"^(parents/handouts/|quizzes/[^/]+/(print|answer-key)\.|referral/print\.|directory/wallet-card\."
                        r"|referral/tree\.|directory/freshness\.|about/benchmarks\.)")

# Boost by page type; the first match wins. Default 1 (module pages, the directory, referral guide).
BOOSTS = [
    (re.compile(r"^courses/[^/]+/(job-aid)\."), 0.5),
    (re.compile(r"^courses/[^/]+/(trainer-notes)\."), 0.3),
    (re.compile(r"^quizzes/[^/]+/index\."), 0.2),      # a quiz repeats its topic in every option
    (re.compile(r"^trainers/(record-format|skills-station)\."), 0.3),
    (re.compile(r"^(index|parents/index|courses/index|quizzes/index|about/index|trainers/index)\."), 0.5),
    (re.compile(r"^courses/[^/]+/(?!index\.)[^/]+\.md$"), 2.0),     # a lesson
    (re.compile(r"^parents/(?!index\.)[^/]+\.md$"), 2.0),            # a parents' guide
]

# Words a family types for its situation that the guide's own title does not hold. Shown as
# tags under the result, so each must be plainly true of the page. The crisis module also
# names its own topic: other modules hold 自杀 in their titles too (postvention), and a reader
# who types it needs what to do now first.
KEYWORDS = {
    "courses/crisis/index": (["自杀", "自伤"], ["suicide", "self-harm"]),
    "parents/grandparents": (["爷爷奶奶", "外公外婆", "姥姥姥爷", "隔代"], ["grandma", "grandpa", "grandmother", "grandfather"]),
    "parents/sleep-phones-games": (["睡不着", "失眠", "熬夜", "玩手机"], ["insomnia", "gaming"]),
    "parents/single-parents": (["离婚", "分居", "单亲"], ["divorce", "separation"]),
    "parents/not-wanting-to-live": (["想死", "不想活", "轻生"], ["suicidal"]),
    "parents/parent-in-prison": (["坐牢", "监狱"], ["jail"]),
    "parents/grief": (["去世", "丧亲"], ["bereavement", "death"]),
    "parents/parents-far-away": (["外出打工", "留守"], ["migrant"]),
    "parents/bullying": (["霸凌", "被欺负"], ["bullied"]),
    "parents/new-city": (["转学", "搬家"], ["moving"]),
    "parents/parent-illness": (["酗酒", "吸毒"], ["drinking", "drugs"]),
}


def _source(page) -> tuple[str, str]:
    """(language-neutral source path, language) of a page: 'parents/grief.md', 'en'."""
    src = page.file.src_uri
    m = re.match(r"^(.*)\.(en)\.md$", src)
    return (m.group(1) + ".md", "en") if m else (src, "zh")


def page_meta(page) -> None:
    src, lang = _source(page)
    search = page.meta.setdefault("search", {})
    if not isinstance(search, dict):
        return
    if EXCLUDE_RE.match(src):
        search["exclude"] = True
        return
    for pattern, boost in BOOSTS:
        if pattern.match(src):
            search["boost"] = boost
            break
    words = KEYWORDS.get(src[:-3])
    if words and "tags" not in page.meta:
        page.meta["tags"] = words[0] if lang == "zh" else words[1]


# A quiz's questions repeat the lesson in every option and explanation (a third of the index).
# The mark goes on the quiz's <form>: Material's parser tells elements apart by tag name only, so
# on the quiz's <div> it would end at the first inner </div>.
QUIZ_OPEN_RE = re.compile(r'<form class="hm-quiz-form"(?![^>]*data-search-exclude)')


def exclude_parts(html: str) -> str:
    return QUIZ_OPEN_RE.sub('<form class="hm-quiz-form" data-search-exclude', html)


# Around a separator or an HTML tag, a zero-width separator adds nothing.
_REDUNDANT = re.compile(r"\u200b+(?=[\s\u3000、。，．？！；：（）“”《》<\-]|$)|(?<=[\s\u3000、。，．？！；：（）“”《》>\-])\u200b+|^\u200b+")


def compact(text: str) -> str:
    return _REDUNDANT.sub("", text).replace(ZWSP, SEP)


REFERENCES_WEIGHT = 0.1


def shrink_index(site_dir: Path) -> dict | None:
    """Rewrite site/search/search_index.json (both languages, before the split) smaller;
    returns the sizes before and after."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return None
    before = path.stat().st_size
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index.get("docs", []):
        entry["title"] = compact(entry["title"])
        entry["text"] = compact(entry["text"])
        if "#" in entry["location"]:
            entry.pop("tags", None)        # keywords once per page, on its first entry
        if entry["location"].endswith("#references"):
            entry["boost"] = round(REFERENCES_WEIGHT * entry.get("boost", 1), 3)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    return {"before": before, "after": len(data.encode("utf-8"))}


# Material 9.8.2 fetches the index at once over http and only when search opens on file://:
#   L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))
# We make http wait like file://. Focusing the search box opens search, so the index arrives
# when the reader starts to search; Material shows its "initializing" line until then
# (overrides/partials/search.html words it as "loading"). If a Material upgrade changes
# the code, the build says so and the bundle is left alone (eager, as before).
EAGER_RE = re.compile(r'([\w$]+)\(location\.protocol!=="file:"\),([\w$]+)\("search"\)\)\.pipe\(')
LAZY_MARK = '(!1/*humiao: index on first search*/),'
# search.highlight also subscribes to the index on every page, to mark the words of a `?h=`
# address; it now does so only on a page opened from a search result (the index is cached then).
HIGHLIGHT_RE = re.compile(r'([\w$]+)\("search\.highlight"\)\?([\w$]+)\(e,\{index\$:')
HIGHLIGHT_MARK = '&&/[?&]h=/.test(location.search)/*humiao*/?'


# The search worker (search.*.min.js, 12 KB gzip and a lunr start-up on a slow phone) was also
# started on every page load: `let r=Mn(e);` with `function Mn(e,t=new Worker(e))`. We hand Mn
# a stand-in that keeps the listeners Material adds and starts the real worker when the search
# box gets focus (so worker and index download side by side) or, at the latest, at the first
# message Material posts (the index, once it has arrived). On file:// the iframe-worker shim,
# loaded before the bundle, is the Worker it starts.
WORKER_RE = re.compile(r'let ([\w$]+)=([\w$]+)\(([\w$]+)\);(?=return [\w$]+\([\w$]+(?:\(location\.protocol!=="file:"\)|'
                       + re.escape(LAZY_MARK) + r'))')
WORKER_MARK = "/*humiao: worker on first search*/"
LAZY_WORKER = (WORKER_MARK + '(u=>{let w,q=[],s=()=>{if(!w){w=new Worker(u);q.forEach(a=>w.addEventListener(...a))}};'
               'document.addEventListener("focusin",e=>{e.target.matches&&e.target.matches("[data-md-component=search-query]")&&s()});'
               'return{addEventListener(...a){w?w.addEventListener(...a):q.push(a)},'
               'removeEventListener(...a){w?w.removeEventListener(...a):q=q.filter(b=>b[1]!==a[1])},'
               'postMessage(m){s();w.postMessage(m)}}})')


def _patch_bundle(code: str) -> str | None:
    """Material's bundle with the index and the worker waiting for search; None if its code
    is not what the patterns expect."""
    new, n = EAGER_RE.subn(lambda m: f'{m.group(1)}{LAZY_MARK}{m.group(2)}("search")).pipe(', code, count=1)
    new, k = HIGHLIGHT_RE.subn(lambda m: f'{m.group(1)}("search.highlight"){HIGHLIGHT_MARK}{m.group(2)}(e,{{index$:', new, count=1)
    new, w = WORKER_RE.subn(lambda m: f'let {m.group(1)}={m.group(2)}({m.group(3)},{LAZY_WORKER}({m.group(3)}));', new, count=1)
    return new if n and k and w else None


def defer_index(site_dir: Path) -> bool:
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    done = False
    for bundle in bundles:
        code = bundle.read_text(encoding="utf-8")
        if LAZY_MARK in code and WORKER_MARK in code:
            done = True
            continue
        new = _patch_bundle(code)
        if new:
            bundle.write_text(new, encoding="utf-8")
            done = True
    if bundles and not done:
        log.warning("humiao: Material's bundle changed; the search index and worker load on every page (scripts/humiao/search.py)")
    return done


def text_bytes(docs: list[dict]) -> int:
    """Bytes of the visible text an index holds: titles and texts without markup or separators."""
    strip = re.compile(r"<[^>]+>|[\u200b\u034f]")
    return sum(len(strip.sub("", d["title"]).encode("utf-8")) + len(strip.sub("", d["text"]).encode("utf-8")) for d in docs)
