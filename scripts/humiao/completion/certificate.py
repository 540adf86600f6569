"""A printable A4 certificate for one learner: one self-contained HTML file, zh and en, every
value escaped, no scripts, fonts, images or links (it opens and prints offline). It names the
training year, the issuing office (the trainer's settings file), the issue date (the day of the
run, Beijing time) and a serial (rules.serial) that the roster row of the learner carries."""
from __future__ import annotations

import os
import queue
import threading
from html import escape
from pathlib import Path

from .record import DISTRICT_NAMES, ROLES
from .times import beijing_day

STYLE = """
@page { size: A4 portrait; margin: 18mm 16mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #1b1b1b; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; line-height: 1.6; }
main { max-width: 178mm; min-height: 255mm; margin: 0 auto; padding: 14mm 12mm; border: 2.5pt double #00695c; }
h1 { text-align: center; font-size: 26pt; letter-spacing: .3em; margin: 0 0 2mm; color: #00695c; }
.en { display: block; font-family: "Noto Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; letter-spacing: 0; color: #444; }
h1 .en { font-size: 13pt; font-weight: normal; }
.issuer { text-align: center; margin: 0 0 9mm; }
.who { font-size: 13pt; }
.who strong { font-size: 16pt; border-bottom: 1px solid #1b1b1b; padding: 0 .4em; }
table { width: 100%; border-collapse: collapse; margin: 6mm 0; font-size: 11pt; }
th, td { border: 1px solid #9e9e9e; padding: 1.6mm 2.4mm; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
thead th { background: #e0f2f1; }
tfoot th, tfoot td { font-weight: bold; }
.meta { margin-top: 10mm; font-size: 9pt; color: #555; }
.meta .en { font-size: inherit; color: inherit; }
.seal { margin-top: 8mm; text-align: right; }
.demo { border: 2pt solid #b71c1c; color: #b71c1c; padding: 2mm 3mm; }
.demo .en { color: inherit; }
.seal .en { text-align: right; }
@media print { main { border-color: #00695c; } }
""".strip()


def _date(ms: int) -> str:
    return beijing_day(ms)


def _hours(h: float) -> str:
    return f"{h:g}"


def _e(s) -> str:
    return escape(str(s), quote=True)


DEMO_NOTE = ('<p class="demo"><strong>示范答案评分，不作为考核凭证：</strong>本次年度考核是用代码库中公开的示范答案评分的。'
             '<span class="en" lang="en"><strong>Graded with the demo key, not evidence of an assessment:</strong> '
             "this annual assessment was graded with the public demo key of the repository.</span></p>")


class Template:
    """The parts of a certificate that are the same for everyone, built once per run."""

    def __init__(self, cat, year: int | None = None, office: dict | None = None, issued_ms: int = 0):
        self.cat = cat
        self.year = year
        self.office = office
        self.issued = _date(issued_ms) if issued_ms else ""
        # Graded with a repository's demo key, whose answers are public: the paper says so (issue #16).
        self.demo = bool(set(cat.demo_keys) & set(cat.annual))
        self.rows = {}
        for mid in cat.order:
            mod = cat.modules[mid]
            self.rows[mid] = (f'<tr><td>{_e(mod.title["zh"])}<span class="en" lang="en">{_e(mod.title["en"])}</span></td>'
                              f'<td class="n">{_hours(mod.hours)}</td><td class="n">', "</td></tr>", mod.hours)
        self.roles = {k: (_e(zh), _e(en)) for k, (zh, en) in ROLES.items()}
        self.districts = {k: (_e(zh), _e(en)) for k, (zh, en) in DISTRICT_NAMES.items()}

    def render(self, learner) -> str:
        name, org = _e(learner.name), _e(learner.organisation)
        district_zh, district_en = self.districts[learner.district]
        role_zh, role_en = self.roles[learner.role]
        rows, total = [], 0.0
        for mid in self.cat.order:
            done = learner.completed.get(mid)
            if done:
                head, tail, hours = self.rows[mid]
                total += hours
                rows.append(f"{head}{_date(done[3])}{tail}")
        lines = [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>学习证书 Certificate of completion · {name}</title>",
            f"<style>\n{STYLE}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            '<h1>学习证书<span class="en" lang="en">Certificate of completion</span></h1>',
            *([f'<p class="issuer">{self.year} 年度培训<span class="en" lang="en">Training year {self.year}</span></p>']
              if self.year else []),
            '<p class="issuer">护苗学堂 · 困境儿童心理健康关爱服务培训'
            '<span class="en" lang="en">Humiao · Training on the mental-health care of children in difficult circumstances</span></p>',
            f'<p class="who">兹证明 <strong>{name}</strong>（{role_zh}，{org}，{district_zh}）完成了以下培训模块：'
            f'<span class="en" lang="en">This certifies that <strong>{name}</strong> ({role_en}, {org}, '
            f'{district_en}) completed these training modules:</span></p>',
            "<table>",
            '<thead><tr><th>模块 <span lang="en">Module</span></th><th class="n">学时 <span lang="en">Hours</span></th>'
            '<th class="n">完成日期 <span lang="en">Completed</span></th></tr></thead>',
            "<tbody>", *rows, "</tbody>",
            f'<tfoot><tr><th>合计 <span lang="en">Total</span></th><td class="n">{_hours(total)}</td><td></td></tr></tfoot>',
            "</table>",
        ]
        if learner.passed:
            c, t, ms, _ = learner.passed
            pct = f"{round(c / t * 100, 1):g}%"
            lines.append(f'<p>年度考核：已通过（{c}/{t}，{pct}，{_date(ms)}）'
                         f'<span class="en" lang="en">Annual assessment: passed ({c}/{t}, {pct}, {_date(ms)})</span></p>')
            if self.demo:
                lines.append(DEMO_NOTE)
        if learner.in_person_hours:
            h = _hours(learner.in_person_hours)
            lines.append(f'<p>线下培训：{h} 学时<span class="en" lang="en">In-person training: {h} hours</span></p>')
        lines += self._seal(learner)
        lines += [
            f'<p class="meta">学员编号 <span lang="en">Learner id</span>: {_e(learner.id)}'
            + (f" · 工号 <span lang=\"en\">Staff no.</span>: {_e(learner.staff_id)}" if learner.staff_id else "") + "<br>"
            "依据学员提交的学习记录，经培训者核验（校验和与重新评分）后生成。"
            '<span class="en" lang="en">Generated from the learner\'s completion records after the trainer\'s check '
            "(checksum and re-grading).</span></p>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
        return "\n".join(lines)


    def _seal(self, learner) -> list[str]:
        """Issuing office, issue date and serial: what a reader checks against the roster."""
        serial = _e(getattr(learner, "serial", "") or "")
        out = ['<div class="seal">']
        if self.office:
            zh, en = _e(self.office["zh"]), _e(self.office["en"])
            out.append(f'<p>签发单位：{zh}<span class="en" lang="en">Issued by: {en}</span></p>')
        if self.issued:
            out.append(f'<p>签发日期：{self.issued}<span class="en" lang="en">Date of issue: {self.issued}</span></p>')
        if serial:
            out.append(f'<p>证书编号：{serial}<span class="en" lang="en">Serial: {serial} '
                       "(listed in the trainer's roster)</span></p>")
        return out + ["</div>"]


def render(learner, cat) -> str:
    """One learner's certificate (Template(cat).render(learner) when there are many)."""
    return Template(cat).render(learner)


class Folder:
    """certificates/: one file per learner with a module completed in the year, named by learner id.

    threaded=True (big runs): a thread creates the files while the caller goes on with the other
    outputs. Creating a file is kernel work (and waits on a busy disk) that does not hold the
    interpreter, so it overlaps with the roster and xAPI of the same pass; the queue is bounded,
    so memory stays flat. Where threads cannot start (the desk's Pyodide), files are written in
    line. Use as a context manager: leaving it waits for the last file and raises the first error
    the thread met."""

    def __init__(self, folder: Path, template, threaded: bool = False):
        folder.mkdir()
        self.base, self.template, self.count = str(folder), template, 0
        self.flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        self._queue, self._error = None, None
        if threaded:
            self._queue = queue.Queue(maxsize=256)
            self._thread = threading.Thread(target=self._drain, name="certificates", daemon=True)
            try:
                self._thread.start()
            except RuntimeError:            # no threads here
                self._queue = None

    def write(self, learner):
        if not learner.completed:
            return
        item = (os.path.join(self.base, f"{learner.id}.html"), self.template.render(learner).encode("utf-8", "backslashreplace"))
        if self._queue is None:
            self._create(*item)
        else:
            self._queue.put(item)
        self.count += 1

    def _create(self, path: str, data: bytes):
        fd = os.open(path, self.flags, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def _drain(self):
        while (item := self._queue.get()) is not None:
            if self._error is None:         # after an error, only empty the queue
                try:
                    self._create(*item)
                except Exception as e:      # kept for __exit__: the thread must go on emptying the queue
                    self._error = e

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if self._queue is not None:
            self._queue.put(None)
            self._thread.join()
        if self._error is not None and kind is None:
            raise self._error
