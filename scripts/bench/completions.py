"""`./portal bench-completions [-n N]`: time export-completions on N synthetic records beside a
bare baseline on the same files, in the same run.

The synthetic content mirrors the real curriculum's shape (12 modules of 2–3 lessons, practice
banks of 11–13 questions, an annual assessment drawing 20 of 60), so the figures do not depend
on content still being written. Each learner has one record, written exactly as the browser
downloads it (its canonical JSON, checksum included): every lesson read (a few modules only partly),
a practice attempt for every module (a quarter with an earlier failed try, a few never passed)
and one annual assessment attempt (most pass).

Baseline: json.loads of every file and the same roster.csv (learner columns, UTF-8 with BOM),
serial, nothing verified. Both run as child processes; peak memory is the high-water mark of
resident memory (getrusage) of the main process and of its largest child (a pool worker)."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODULES = {   # id: (hours, lessons) — the real curriculum's ids and shape
    "care-system": (1.5, ["policy-and-network", "my-role"]),
    "development": (1.5, ["ages-and-stages", "attachment", "resilience"]),
    "warning-signs": (2, ["noticing", "signs", "red-flags"]),
    "circumstances": (2, ["families-apart", "loss-and-change", "disability-and-institutions"]),
    "conversations": (2, ["talking-with-children", "home-visits", "confidentiality-and-notes"]),
    "crisis": (2, ["recognising-and-asking", "what-to-do", "after-a-crisis"]),
    "referral": (1.5, ["when-to-refer", "how-to-refer"]),
    "follow-up": (1.5, ["back-to-community", "working-together"]),
    "protection": (2, ["recognising", "reporting", "privacy"]),
    "families": (1.5, ["working-with-caregivers", "parenting-support"]),
    "assessment": (1.5, ["requirements", "consent-and-files", "using-results"]),
    "self-care": (1, ["strain", "support"]),
}
ANNUAL = "annual-assessment"
ANNUAL_QUESTIONS, ANNUAL_DRAW, ANNUAL_PASS = 60, 20, 0.6
WORDS = ["sleep", "change", "refer", "report", "listen", "school", "family", "visit", "record", "safety",
         "consent", "privacy", "worry", "friend", "parent", "teacher", "notice", "ask", "first", "step"]
DISTRICTS = ["heping", "hedong", "hexi", "nankai", "hebei", "hongqiao", "dongli", "xiqing", "jinnan", "beichen",
             "wuqing", "baodi", "ninghe", "jinghai", "jizhou", "binhai", "other"]
ROLES = ["director"] * 6 + ["supervisor"] * 2 + ["institution", "teacher", "other"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "芳明伟静丽强磊军洋勇艳杰娟涛超秀英华玉兰平刚桂"
LESSON_MD = """# {title}

## 第一节 {{ #first }}

合成的基准测试内容。

!!! case "情境案例（虚构）"
    合成案例。

    ??? answer "参考答案"
        合成答案。

!!! case "情境案例二（虚构）"
    合成案例。

    ??? answer "参考答案"
        合成答案。

!!! keypoints "要点回顾"
    - 要点。

## 参考资料 {{ #references }}

- 合成来源。
"""


# --- the synthetic site ------------------------------------------------------------------------

def _question(rng: random.Random, qid: str, see: str, kind: str) -> dict:
    fb = {"zh": "反馈。", "en": "Feedback."}
    if kind == "truefalse":
        options = [{"id": o, "text": {"zh": t, "en": o}, "feedback": fb} for o, t in (("true", "对"), ("false", "错"))]
        answer = rng.choice(["true", "false"])
    else:
        n = rng.choice([3, 4, 4, 4, 5])
        options = [{"id": o, "text": {"zh": f"选项{o}：{qid}", "en": f"Option {o}: {qid}"}, "feedback": fb} for o in "abcde"[:n]]
        ids = [o["id"] for o in options]
        answer = sorted(rng.sample(ids, 2)) if kind == "multiple" else rng.choice(ids)
    return {"id": qid, "type": kind, "prompt": {"zh": f"题目 {qid}？", "en": f"Question {qid}?"},
            "options": options, "answer": answer, "see": see}


def make_site(root: Path, seed: int = 1):
    import yaml
    rng = random.Random(seed)
    (root / "data").mkdir(parents=True)
    (root / "quizzes").mkdir()
    policy = Path(__file__).resolve().parents[2] / "data" / "policy.yml"
    shutil.copy(policy, root / "data" / "policy.yml")
    (root / "courses").mkdir()
    (root / "courses" / "catalog.yml").write_text(yaml.safe_dump({"modules": list(MODULES)}), encoding="utf-8")
    used = set()

    def qid(prefix=""):
        while True:
            q = prefix + "-".join(rng.sample(WORDS, 2)) + f"-{rng.randint(1, 99)}"
            if q not in used:
                used.add(q)
                return q

    annual = []
    for mid, (hours, lessons) in MODULES.items():
        folder = root / "courses" / mid
        folder.mkdir()
        meta = {"id": mid, "status": "published", "title": {"zh": f"模块 {mid}", "en": f"Module {mid}"},
                "summary": {"zh": "合成模块。", "en": "A synthetic module."}, "hours": hours,
                "audiences": ["supervisor", "director"], "prerequisites": [], "policy": ["M5"], "sensitive": False,
                "objectives": {"zh": ["说出要点"], "en": ["State the points"]}, "lessons": lessons}
        (folder / "module.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        for page in lessons + ["job-aid", "trainer-notes"]:
            (folder / f"{page}.md").write_text(LESSON_MD.format(title=page), encoding="utf-8")
            (folder / f"{page}.en.md").write_text(LESSON_MD.format(title=page), encoding="utf-8")
        see = f"{mid}/{lessons[0]}#first"
        n = rng.choice([11, 12, 12, 13])
        kinds = ["multiple", "truefalse"] + ["single"] * (n - 2)
        bank = {"id": mid, "module": mid, "version": 1, "title": {"zh": f"{mid} 练习题", "en": f"{mid}: practice"},
                "modes": ["practice"], "pass_mark": 0.8, "questions": [_question(rng, qid(), see, k) for k in kinds]}
        (root / "quizzes" / f"{mid}.yml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")
        annual += [_question(rng, qid("a-"), see, k) for k in ["multiple", "truefalse", "single", "single", "single"]]
    bank = {"id": ANNUAL, "module": "curriculum", "version": 1, "title": {"zh": "年度考核", "en": "Annual assessment"},
            "modes": ["assessment"], "pass_mark": ANNUAL_PASS, "draw": ANNUAL_DRAW, "questions": annual[:ANNUAL_QUESTIONS]}
    (root / "quizzes" / f"{ANNUAL}.yml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- synthetic records -------------------------------------------------------------------------

def _answer_sets(rng, questions, pass_mark, asked_n, n_pass, n_fail, practice):
    """Pre-drawn (asked, answers, claimed) for passing and failing attempts of a bank."""
    keys = {q["id"]: (q["answer"] if isinstance(q["answer"], list) else [q["answer"]]) for q in questions}
    opts = {q["id"]: [o["id"] for o in q["options"]] for q in questions}
    ids = list(keys)

    def one(passing: bool):
        asked = rng.sample(ids, asked_n) if not practice else rng.sample(ids, len(ids))
        limit = int(asked_n * (1 - pass_mark) + 1e-9)
        wrong = rng.randint(0, limit) if passing else rng.randint(limit + 1, min(asked_n, limit + 5))
        bad = set(rng.sample(asked, wrong))
        answers = {}
        for q in asked:
            if q in bad:
                answers[q] = [rng.choice([o for o in opts[q] if o not in keys[q]])]
            else:
                answers[q] = list(keys[q])
        correct = asked_n - wrong
        claimed = {"correct": correct, "total": asked_n, "passed": correct / asked_n >= pass_mark - 1e-9} if practice else None
        return asked, answers, claimed

    return [one(True) for _ in range(n_pass)], [one(False) for _ in range(n_fail)]


def _iso(ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + f".{ms % 1000:03d}Z"


def _generate_chunk(job):
    site, out, start, count, seed, now_ms = job
    import yaml
    rng = random.Random(seed)
    banks = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(Path(site, "quizzes").glob("*.yml"))}
    sets = {}
    for bid, b in banks.items():
        practice = "practice" in b["modes"]
        n = len(b["questions"]) if practice else b["draw"]
        sets[bid] = _answer_sets(rng, b["questions"], b["pass_mark"], n, 48, 24, practice)
    uid = lambda: "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                   0x8000 | rng.getrandbits(14), rng.getrandbits(48))
    canon = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    total = 0
    for i in range(start, start + count):
        t = now_ms - rng.randint(100, 300) * 86_400_000   # ends at least ~25 days ago
        lessons, attempts = {}, []
        for mid, (_, les) in MODULES.items():
            read = les if rng.random() < 0.95 else les[:-1]
            lessons[mid] = {}
            for lesson in read:
                t += rng.randint(10, 3000) * 60_000
                lessons[mid][lesson] = _iso(t)
            tries = ([False] if rng.random() < 0.25 else []) + ([True] if rng.random() < 0.97 else [False])
            for ok in tries:
                asked, answers, claimed = rng.choice(sets[mid][0 if ok else 1])
                t += rng.randint(5, 600) * 60_000
                started = t
                t += rng.randint(3, 40) * 60_000
                attempts.append({"id": uid(), "bank": mid, "bank_version": 1, "mode": "practice",
                                 "started_at": _iso(started), "submitted_at": _iso(t), "asked": asked,
                                 "answers": answers, "claimed": claimed})
        asked, answers, _ = rng.choice(sets[ANNUAL][0 if rng.random() < 0.88 else 1])
        t += rng.randint(60, 6000) * 60_000
        started = t
        t += rng.randint(15, 60) * 60_000
        attempts.append({"id": uid(), "bank": ANNUAL, "bank_version": 1, "mode": "assessment", "started_at": _iso(started),
                         "submitted_at": _iso(t), "asked": asked, "answers": answers, "claimed": None})
        district = rng.choice(DISTRICTS)
        learner = {"id": uid(), "name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2]))),
                   "role": rng.choice(ROLES), "district": district,
                   "organisation": f"{district}某某街道第{rng.randint(1, 40)}社区居委会",
                   "staff_id": "" if rng.random() < 0.6 else str(rng.randint(10000, 99999))}
        rec = {"format": "humiao-completion-record", "format_version": 1, "site_version": "3f2a9c1b0d4e",
               "exported_at": _iso(min(t + 3_600_000, now_ms)), "learner": learner, "lessons": lessons, "attempts": attempts}
        rec["checksum"] = "sha256:" + hashlib.sha256(canon.encode(rec).encode("utf-8")).hexdigest()
        data = canon.encode(rec).encode("utf-8")
        folder = Path(out, f"batch-{i // 1000:04d}")
        folder.mkdir(exist_ok=True)
        (folder / f"humiao-record-{i:07d}.json").write_bytes(data)
        total += len(data)
    return total


def generate(site: Path, out: Path, n: int, now_ms: int, jobs: int) -> int:
    out.mkdir(parents=True)
    step = 1000
    chunks = [(str(site), str(out), s, min(step, n - s), 1000 + s, now_ms) for s in range(0, n, step)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return sum(pool.imap_unordered(_generate_chunk, chunks))


# --- the two runs, each in a child process --------------------------------------------------------

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
mode, records, out, site = sys.argv[2:6]
phases = {}
if mode == "baseline":
    from bench.completions import baseline
    baseline(records, out)
else:
    import argparse, io
    from pathlib import Path
    from humiao.completion import cli, export, outputs, xapi
    def timed(name, fn, report=False):
        def run(*a, **k):
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*a, **k)
            finally:
                wall, cpu = time.perf_counter() - t, time.process_time() - c
                phases[name] = phases.get(name, 0) + wall
                if report:       # may run in a forked writer: report on stderr
                    print(f"TIMING {name} {wall:.1f} {cpu:.1f}", file=sys.stderr, flush=True)
        return run
    export.verify_all = timed("verify and merge", export.verify_all)
    outputs.write_outputs = timed("write outputs", outputs.write_outputs)
    outputs.write_xlsx = timed("roster.xlsx", outputs.write_xlsx, True)
    xapi.Writer.write = timed("roster.csv+xapi+certificates", xapi.Writer.write, True)
    buf = io.StringIO()
    args = argparse.Namespace(records=[Path(records)], out=Path(out), roster=None, root=Path(site), year=None,
                              merge=None, settings=None)
    code = cli.main(args, out=buf)
    phases["stdout"] = buf.getvalue()
    phases["code"] = code
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"self_kb": me.ru_maxrss, "child_kb": kids.ru_maxrss, "phases": phases,
                  "self_cpu": me.ru_utime + me.ru_stime, "child_cpu": kids.ru_utime + kids.ru_stime}))
"""


def baseline(records: str, out: str):
    """The bare minimum on the same files: parse every one and write roster.csv (same columns)."""
    import csv
    from humiao.completion.outputs import ROSTER_HEADER
    rows = []
    for p in sorted(Path(records).rglob("*.json")):
        r = json.loads(p.read_bytes())
        learner = r["learner"]
        rows.append([learner[k] for k in ("id", "name", "role", "district", "organisation", "staff_id")]
                    + [""] * (len(ROSTER_HEADER) - 7) + [p.as_posix()])
    Path(out).mkdir(parents=True, exist_ok=True)
    with open(Path(out) / "roster.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(ROSTER_HEADER)
        w.writerows(rows)


def _child(mode: str, records: Path, out: Path, site: Path) -> tuple[float, dict]:
    scripts = str(Path(__file__).resolve().parents[1])
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", CHILD, scripts, mode, str(records), str(out), str(site)],
                       capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise RuntimeError(f"{mode} run failed:\n{p.stderr[-3000:]}")
    result = json.loads(p.stdout.strip().splitlines()[-1])
    result["writers"] = [line.split()[1:] for line in p.stderr.splitlines() if line.startswith("TIMING ")]
    return wall, result


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def main(args) -> int:
    n = int(args.n)
    if n < 1:
        print("bench-completions: -n must be at least 1", file=sys.stderr)
        return 2
    jobs = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp(prefix="humiao-bench-"))
    say = lambda s="": print(s, flush=True)
    try:
        site = tmp / "site"
        make_site(site)
        now_ms = int(time.time() * 1000)
        t = time.perf_counter()
        size = generate(site, tmp / "records", n, now_ms, jobs)
        say(f"bench-completions: {n} synthetic records ({size / 1e6:.0f} MB, {size / n / 1000:.1f} kB each) "
            f"in {tmp}, generated in {time.perf_counter() - t:.1f} s (not timed below)")
        say(f"  content: {len(MODULES)} modules, practice banks of 11–13 questions, annual assessment drawing "
            f"{ANNUAL_DRAW} of {ANNUAL_QUESTIONS}; machine: {jobs} CPU(s), Python {sys.version.split()[0]}")
        base_wall, base = _child("baseline", tmp / "records", tmp / "baseline-out", site)
        say(f"  baseline  (serial json.loads of every file + roster.csv): {base_wall:6.1f} s   peak memory {_mb(base['self_kb'])}")
        cmd_wall, cmd = _child("export", tmp / "records", tmp / "out", site)
        ph = cmd["phases"]
        say(f"  export-completions (whole command, {jobs} worker processes): {cmd_wall:6.1f} s   peak memory "
            f"{_mb(cmd['self_kb'])} (main process), {_mb(cmd['child_kb'])} (largest worker or writer)")
        say(f"    verify and merge {ph.get('verify and merge', 0):.1f} s · write outputs {ph.get('write outputs', 0):.1f} s ("
            + ", ".join(f"{n} {w} s wall / {c} s CPU" for n, w, c in cmd["writers"]) + ")")
        say(f"    CPU time: {cmd['self_cpu']:.1f} s main process, {cmd['child_cpu']:.1f} s workers and writers "
            f"(baseline {base['self_cpu']:.1f} s)")
        ratio = cmd_wall / base_wall
        say(f"  ratio: {ratio:.2f}× the baseline (target ≤ 1.5×: {'met' if ratio <= 1.5 else 'NOT met'}); "
            f"{n} records in {cmd_wall:.1f} s")
        say(f"  rate: {n / cmd_wall:,.0f} records/s (baseline {n / base_wall:,.0f} records/s)")
        out = tmp / "out"
        sizes = {p.name: p.stat().st_size for p in out.iterdir() if p.is_file()}
        chunks = list((out / "xapi").glob("*.ndjson"))
        sizes["xapi/"] = sum(p.stat().st_size for p in chunks)
        certs = sum(1 for _ in (out / "certificates").glob("*.html"))
        say("  figures: " + " · ".join(line for line in ph.get("stdout", "").splitlines() if not line.startswith("note")))
        say("  outputs: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items()))
            + f" ({len(chunks)} NDJSON chunks), certificates/ {certs} files")
        return 0 if ph.get("code") == 0 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
