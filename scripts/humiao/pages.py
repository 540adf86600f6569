"""Every generated page, as Markdown keyed by its docs-relative source path.

Nothing here is written to disk: scripts/hooks.py hands the pages to MkDocs at build time.
Text from YAML is escaped with html.escape before it reaches raw HTML."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from html import escape

from . import directory as dirmod
from .courses import AUDIENCE_GROUPS, AUDIENCES, Curriculum, clause_label
from .quizzes import CURRICULUM, Bank
from .urls import relative

LANGS = ("zh", "en")


def sfx(lang: str) -> str:
    """The source-file suffix of a language: x.md (zh) or x.en.md."""
    return ".md" if lang == "zh" else f".{lang}.md"


@dataclass
class Content:
    curriculum: Curriculum
    banks: dict[str, Bank]
    directory: list[dict]
    referral: object = None
    site_version: str = "dev"
    danger: dict = field(default_factory=dict)    # data/danger-lines.yml by id
    skills: list = field(default_factory=list)    # data/skills-station.yml stations


def L(lang, zh, en):
    return zh if lang == "zh" else en


def fmt_hours(h) -> str:
    return f"{h:g}"


def front_matter(**meta) -> str:
    lines = ["---"]
    for k, v in meta.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    return "\n".join(lines + ["---", ""])


# --- help blocks and the strip, all from data/directory.yml --------------------

def help_block(entries: list[dict], variant: str, lang: str, src: str, directory_urls: bool) -> str:
    """Whom to call, from data/directory.yml: first the one or two lines for this page's situation,
    in plain words and large call links; every other line, with its offers and hours, folded."""
    spec = dirmod.HELP_VARIANTS.get(variant)
    if spec is None:
        raise ValueError(f"unknown help variant '{variant}' (known: {', '.join(k for k in dirmod.HELP_VARIANTS if k)})")
    i = 0 if lang == "zh" else 1
    strip = strip_entries(entries)
    first = []
    for topic in spec["first"]:
        phones = [p for e in strip if topic in e["topics"] for p in e["phones"]]
        if phones:
            calls = " ".join(f'<a class="hm-tel" href="{escape(dirmod.tel(p))}">{escape(p)}</a>' for p in phones)
            first.append(f'<li><span class="hm-help-when">{escape(dirmod.HELP_FIRST[topic][i])}</span> {calls}</li>')
    more = []
    for e in dirmod.for_topics(entries, spec["more"]):
        phones = " ".join(f'<a class="hm-tel" href="{escape(dirmod.tel(p))}">{escape(p)}</a>' for p in e["phones"])
        more.append(f'<li><strong>{escape(e["name"][lang])}</strong> {phones}'
                    f'<br><span class="hm-help-offers">{escape(e["offers"][lang])}</span> '
                    f'<span class="hm-help-hours">{escape(e["hours"][lang])}</span></li>')
    directory = relative(src, "directory/index.md", directory_urls)
    title = L(lang, "到哪里求助", "Where to get help")
    return (f'<aside class="hm-help" aria-label="{title}">\n'
            f'<p class="hm-help-title"><strong>{title}</strong></p>\n'
            f'<ul class="hm-help-first">{"".join(first)}</ul>\n'
            f'<details class="hm-help-more"><summary>{L(lang, "更多求助电话：能帮什么、什么时间", "More lines: what they offer and when")}</summary>\n'
            f'<ul>{"".join(more)}</ul>\n'
            f'<p><a href="{directory}">{L(lang, "查看完整资源目录（按区筛选）", "See the full resource directory (filter by district)")}</a></p>\n'
            f'</details>\n</aside>')


def strip_entries(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e.get("strip") and e.get("phones")]


# --- the generator ------------------------------------------------------------

class Generator:
    def __init__(self, content: Content, directory_urls: bool = True):
        self.c = content
        self.du = directory_urls

    def all(self) -> dict[str, str]:
        pages: dict[str, str] = {}
        for lang in LANGS:
            pages.update(self.course_pages(lang))
            pages.update(self.quiz_pages(lang))
            pages.update(self.directory_pages(lang))
            pages.update(self.progress_pages(lang))
            if self.c.skills:
                from .skills import sheet
                pages[f"trainers/skills-station{sfx(lang)}"] = sheet(self.c.skills, lang, front_matter)
            if self.c.referral is not None:
                from .referral import pages as referral_pages
                pages.update(referral_pages(self.c.referral, self.c.directory, lang, self.du))
        return pages

    def href(self, src, to, anchor=""):
        return relative(src, to, self.du, anchor)

    # --- courses -------------------------------------------------------------
    def course_pages(self, lang) -> dict[str, str]:
        cur = self.c.curriculum
        out = {f"courses/index{sfx(lang)}": self.catalog(lang),
               f"courses/policy-coverage{sfx(lang)}": self.coverage(lang)}
        for m in cur.built:
            out[f"courses/{m.id}/index{sfx(lang)}"] = self.module_overview(m, lang)
            for page_id in m.lessons + ["job-aid", "trainer-notes"]:
                page = m.pages[page_id][lang]
                text = page.text
                if page_id in m.lessons:
                    text = (front_matter(humiao_module=m.id, humiao_lesson=page_id) + text.rstrip()
                            + "\n\n" + self.lesson_footer(m, page_id, lang))
                elif page_id == "job-aid":
                    text = front_matter(humiao_print="job-aid") + text
                out[f"courses/{m.id}/{page_id}{sfx(lang)}"] = text
        return out

    def audience_names(self, ids, lang):
        """Who a module is for, as a short list ("all roles" when it is every role)."""
        if set(ids) >= set(AUDIENCES):
            return L(lang, "所有岗位", "all roles")
        return ("、" if lang == "zh" else ", ").join(AUDIENCE_GROUPS[a][lang] for a in ids)

    def module_card(self, n, m, src, lang) -> str:
        """One module on the catalog: number, title, summary, hours and for whom; humiao.js adds
        the learner's own status (lessons read, practice passed) into .hm-status."""
        href = self.href(src, f"courses/{m.id}/index.md")
        hours = f"{fmt_hours(m.meta['hours'])} {L(lang, '学时', 'hours' if m.meta['hours'] != 1 else 'hour')}"
        return (f'<li class="hm-mod" data-module="{escape(m.id)}" data-lessons="{escape(" ".join(m.lessons))}">'
                f'<p class="hm-card-title">{n}. <a href="{href}">{escape(m.title(lang))}</a><span class="hm-status" aria-live="polite"></span></p>'
                f'<p class="hm-card-summary">{escape(m.meta["summary"][lang])}</p>'
                f'<p class="hm-card-meta">{hours} · {L(lang, "适用：", "For ")}{escape(self.audience_names(m.meta["audiences"], lang))}</p></li>')

    def catalog(self, lang) -> str:
        cur = self.c.curriculum
        src = "courses/index.md"
        number = {m.id: i for i, m in enumerate(cur.built, 1)}
        lines = [f"# {L(lang, '培训课程', 'Training courses')}", "",
                 L(lang, "儿童督导员、儿童主任、机构工作人员和教师的年度培训课程（津民发〔2024〕10号 二（三）5）。每个模块包括课文、情境案例、一页工作卡和练习题。读完一个模块的课文并通过练习，这个模块就完成了。",
                   "The annual training for child welfare supervisors, child directors, institution staff and teachers (Tianjin policy 津民发〔2024〕10号, 2(3)5). Each module has lessons, case scenarios, a one-page job aid and a practice quiz. A module is complete when you have read its lessons and passed its practice quiz."),
                 "", f"[{L(lang, '查看我的学习进度', 'See my progress')}](../progress/index.md)", "",
                 f"## {L(lang, '全部模块', 'All modules')} {{ #modules }}", ""]
        if cur.built:
            lines.append('<ol class="hm-cards">' + "".join(self.module_card(number[m.id], m, src, lang) for m in cur.built) + "</ol>")
        else:
            lines.append(L(lang, "暂无模块。", "No modules yet."))
        lines += ["", f"## {L(lang, '按岗位的学习路径', 'Learning paths by role')} {{ #paths }}", "",
                  L(lang, "每个岗位要学的模块（按先后顺序）和总学时；1 学时按 45 分钟计，各模块的培训说明给出面授安排。点开你的岗位：",
                    "The modules each role takes, in order, and the total class hours (1 class hour = 45 minutes; each module's trainer notes give the in-person session plan). Open your role:"), ""]
        for aid, names in AUDIENCES.items():
            mods = [m for m in cur.built if aid in m.meta["audiences"]]
            total = sum(m.meta["hours"] for m in mods)
            summary = (f"{names[lang]}：{len(mods)} 个模块，共 {fmt_hours(total)} 学时" if lang == "zh" else
                       f"{names[lang]}: {len(mods)} modules, {fmt_hours(total)} hours in all")
            items = "".join(f'<li>{number[m.id]}. <a href="{self.href(src, f"courses/{m.id}/index.md")}">{escape(m.title(lang))}</a> · '
                            f'{fmt_hours(m.meta["hours"])} {L(lang, "学时", "h")}</li>' for m in mods)
            lines += [f'<details class="hm-path" data-role="{aid}"><summary><h3 id="path-{aid}">{escape(summary)}</h3></summary>'
                      f'<ol class="hm-path-list">{items}</ol></details>', ""]
        lines += ["", f"## {L(lang, '政策覆盖', 'Policy coverage')} {{ #coverage }}", "",
                  f"[{L(lang, '查看每项政策措施由哪些模块覆盖', 'See which modules serve each measure of the policy')}](policy-coverage.md)", ""]
        return "\n".join(lines)

    def coverage(self, lang) -> str:
        cur = self.c.curriculum
        lines = [f"# {L(lang, '政策覆盖图', 'Policy coverage map')}", "",
                 L(lang, "《关于加强困境儿童心理健康关爱服务工作的实施意见》（津民发〔2024〕10号）的14项主要内容和3项保障措施，以及为每一项服务的培训模块。本页由模块元数据自动生成。",
                   "The 14 measures and 3 safeguards of Tianjin's implementing opinions on the mental-health care of children in difficult circumstances (津民发〔2024〕10号), and the training modules that serve each. Built from the modules' metadata."),
                 "", f"| {L(lang, '条款', 'Clause')} | {L(lang, '措施', 'Measure')} | {L(lang, '相关模块', 'Modules')} |", "|---|---|---|"]
        uncovered = 0
        for m in cur.policy:
            mods = [x for x in cur.built if m["id"] in x.meta["policy"]]
            if mods:
                cell = "<br>".join(f"[{escape(x.title(lang))}]({x.id}/index.md)" for x in mods)
            elif "outside_training" in m:
                cell = L(lang, "培训之外：", "Outside training: ") + m["outside_training"][lang]
            else:
                uncovered += 1
                cell = f'<span class="hm-uncovered">{L(lang, "尚未覆盖", "Not covered")}</span>'
            lines.append(f"| {clause_label(m['clause'], lang)} | {escape(m['title'][lang])} | {cell} |")
        lines += ["", L(lang, f"尚未覆盖的措施：{uncovered} 项。", f"Measures not covered: {uncovered}."), ""]
        return "\n".join(lines)

    def module_overview(self, m, lang) -> str:
        meta = m.meta
        src = f"courses/{m.id}/index.md"
        cur = self.c.curriculum
        policy = {p["id"]: p for p in cur.policy}
        prereq = [cur.modules[p] for p in meta["prerequisites"] if p in cur.modules]
        sep = "、" if lang == "zh" else ", "
        prereq_html = sep.join(f'<a href="{self.href(src, f"courses/{p.id}/index.md")}">{escape(p.title(lang))}</a>' for p in prereq) or L(lang, "无", "none")
        clauses = "<br>".join(f"{clause_label(policy[p]['clause'], lang)} {escape(policy[p]['title'][lang])}" for p in meta["policy"] if p in policy)
        hours = f"{fmt_hours(meta['hours'])} {L(lang, '学时', 'class hours' if meta['hours'] != 1 else 'class hour')}"
        facts = [(L(lang, "学时", "Hours"), hours), (L(lang, "适用对象", "For"), escape(self.audience_names(meta["audiences"], lang))),
                 (L(lang, "先修模块", "Take first"), prereq_html), (L(lang, "对应政策条款", "Policy clauses"), clauses)]
        # A title from YAML is text: escaped here and in the page's title (MkDocs puts page.title
        # into <title> and the nav as it is).
        lines = [front_matter(humiao_module=m.id, title=escape(m.title(lang))), f"# {escape(m.title(lang))}", "", escape(meta["summary"][lang]), "",
                 f'<div class="hm-module-status" data-module="{escape(m.id)}" data-lessons="{escape(" ".join(m.lessons))}" aria-live="polite"></div>', "",
                 '<dl class="hm-facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
                 "", f"## {L(lang, '学习目标', 'Learning objectives')} {{ #objectives }}", "",
                 L(lang, "学完本模块，你能够：", "After this module you can:"), ""]
        lines += [f"- {o}" for o in meta["objectives"][lang]]
        lines += ["", f"## {L(lang, '课程内容', 'Lessons')} {{ #lessons }}", ""]
        for i, lesson in enumerate(m.lessons, 1):
            lines.append(f'{i}. [{m.pages[lesson][lang].title}]({lesson}.md){{ data-lesson="{lesson}" }}')
        lines += ["", L(lang, "读到一课的末尾，这一课就记为已读（记录在本浏览器里）。", "A lesson counts as read when you reach its end (kept in this browser).")]
        lines += ["", f"## {L(lang, '练习与工具', 'Practice and tools')} {{ #tools }}", ""]
        bank = self.c.banks.get(m.id)
        if bank and "practice" in bank.modes:
            lines.append(f"- [{L(lang, '练习题', 'Practice quiz')}](../../quizzes/{m.id}/index.md) · {len(bank.questions)} {L(lang, '题', 'questions')}")
        lines += [f"- [{L(lang, '一页工作卡（可打印）', 'One-page job aid (printable)')}](job-aid.md)",
                  f"- [{L(lang, '培训者指引', 'Notes for trainers')}](trainer-notes.md)", ""]
        return "\n".join(lines)

    def lesson_footer(self, m, lesson, lang) -> str:
        i = m.lessons.index(lesson)
        if i + 1 < len(m.lessons):
            nxt = m.lessons[i + 1]
            link = f"[{L(lang, '下一课：', 'Next lesson: ')}{m.pages[nxt][lang].title}]({nxt}.md)"
        elif self.c.banks.get(m.id):
            link = f"[{L(lang, '下一步：做练习题', 'Next: the practice quiz')}](../../quizzes/{m.id}/index.md)"
        else:
            link = f"[{L(lang, '返回模块首页', 'Back to the module')}](index.md)"
        return f'<div class="hm-lesson-end" data-module="{escape(m.id)}" data-lesson="{escape(lesson)}" aria-live="polite"></div>\n\n{link}{{ .md-button .md-button--primary .hm-next-step }}\n'

    # --- quizzes ---------------------------------------------------------------
    def quiz_pages(self, lang) -> dict[str, str]:
        out = {f"quizzes/index{sfx(lang)}": self.quiz_index(lang)}
        for bank in self.c.banks.values():
            if not self.bank_built(bank):
                continue
            out[f"quizzes/{bank.id}/index{sfx(lang)}"] = self.quiz_page(bank, lang)
            out[f"quizzes/{bank.id}/print{sfx(lang)}"] = self.quiz_print(bank, lang, with_key=False)
            if not bank.is_assessment:
                out[f"quizzes/{bank.id}/answer-key{sfx(lang)}"] = self.quiz_print(bank, lang, with_key=True)
        return out

    def blueprint_attr(self, bank: Bank) -> str:
        """The assessment's blueprint and each module's roles, for quiz.js to draw by (humiao/blueprint.py)."""
        bp = bank.data.get("blueprint")
        if not bank.is_assessment or not bp:
            return ""
        audiences = {mid: list(m.meta.get("audiences") or []) for mid, m in self.c.curriculum.modules.items()}
        data = {"always": dict(bp.get("always") or {}), "each_module": bp.get("each_module", 0), "audiences": audiences}
        return f' data-blueprint="{escape(json.dumps(data, ensure_ascii=False))}"'

    def bank_built(self, bank: Bank) -> bool:
        return bank.data.get("module") == CURRICULUM or bank.data.get("module") in self.c.curriculum.order

    def banks_in_course_order(self) -> list[Bank]:
        """The built banks as a learner meets them: each module's practice quiz in catalog order,
        then any other (the annual assessment), never the files' alphabetical order."""
        order = {mid: i for i, mid in enumerate(self.c.curriculum.order)}
        built = [b for b in self.c.banks.values() if self.bank_built(b)]
        return sorted(built, key=lambda b: (order.get(b.data.get("module"), len(order)), b.id))

    def next_module(self, mid):
        order = self.c.curriculum.order
        if mid in order and order.index(mid) + 1 < len(order):
            return self.c.curriculum.modules[order[order.index(mid) + 1]]
        return None

    def quiz_index(self, lang) -> str:
        lines = [f"# {L(lang, '测验', 'Quizzes')}", "",
                 L(lang, "练习题：每题即时反馈，可反复练习。年度考核：作答记录在本浏览器中，由培训者统一评分。",
                   "Practice quizzes give feedback at once and can be repeated. The annual assessment records your answers in this browser; your trainer grades them."), ""]
        built = self.banks_in_course_order()
        for title, banks in ((L(lang, "年度考核", "Annual assessment"), [b for b in built if b.is_assessment]),
                             (L(lang, "练习题", "Practice quizzes"), [b for b in built if not b.is_assessment])):
            anchor = "assessment" if banks and banks[0].is_assessment else "practice"
            lines += [f"## {title} {{ #{anchor} }}", ""]
            for b in banks:
                lines.append(f"- [{escape(b.data['title'][lang])}]({b.id}/index.md){{ data-bank=\"{b.id}\" }} · {len(b.questions)} {L(lang, '题', 'questions')} · "
                             f"[{L(lang, '纸质版', 'paper version')}]({b.id}/print.md)")
            lines.append("" if banks else L(lang, "暂无。", "None yet.") + "\n")
        return "\n".join(lines)

    def quiz_page(self, bank: Bank, lang) -> str:
        src = f"quizzes/{bank.id}/index.md"
        assess = bank.is_assessment
        d = bank.data
        head = [front_matter(humiao_scripts=["quiz"], title=escape(d['title'][lang])), f"# {escape(d['title'][lang])}", ""]
        if assess:
            head += [L(lang, f"年度考核：每次从 {len(bank.questions)} 道题中随机抽取 {bank.draw} 道。作答后点击“提交”，记录保存在本浏览器中，请在“我的学习”页下载学习记录交给培训者。评分由培训者完成，合格线为 {round(bank.pass_mark * 100)}%。",
                       f"Annual assessment: each attempt draws {bank.draw} of {len(bank.questions)} questions at random. Answer, then press Submit: the attempt is kept in this browser. Download your record on the My progress page and send it to your trainer, who grades it; the pass mark is {round(bank.pass_mark * 100)}%."), ""]
        else:
            head += [L(lang, f"练习题：每题点“检查答案”即可看到反馈，答错可以再试。全部作答后点“提交”记录成绩，合格线为 {round(bank.pass_mark * 100)}%。",
                       f"Practice quiz: press Check answer on each question for feedback, and try again if you were wrong. When you have answered all, press Submit to record your score; the pass mark is {round(bank.pass_mark * 100)}%."), ""]
        head += [f"[{L(lang, '打印纸质版', 'Print the paper version')}](print.md)" + ("" if assess else f" · [{L(lang, '答案与解析', 'Answer key')}](answer-key.md)"), ""]
        cases = bank.cases
        mods = self.c.curriculum.modules
        nxt = None if assess else self.next_module(d.get("module"))
        after = (f' data-next-href="{self.href(src, f"courses/{nxt.id}/index.md")}" data-next-title="{escape(nxt.title(lang))}"' if nxt else "")
        after += f' data-progress-href="{self.href(src, "progress/index.md")}"'
        body = [f'<div class="hm-quiz" data-bank="{escape(bank.id)}" data-version="{bank.version}" data-mode="{"assessment" if assess else "practice"}" '
                f'data-pass="{bank.pass_mark}" data-draw="{bank.draw}" data-lang="{lang}"{after}{self.blueprint_attr(bank)}>',
                f'<noscript><p class="hm-note">{L(lang, "本页的提交和记录需要启用 JavaScript；没有 JavaScript 也可以阅读全部题目" + ("。" if assess else "，并展开每题的答案与解析。"), "Submitting and recording need JavaScript; without it you can still read every question" + ("." if assess else " and open each answer and explanation."))}</p></noscript>',
                '<form class="hm-quiz-form" novalidate>']
        key = {}
        for n, q in enumerate(bank.questions, 1):
            qid = q["id"]
            kind = q["type"]
            hint = {"single": L(lang, "单选", "choose one"), "multiple": L(lang, "多选：选出所有正确的", "choose all that apply"),
                    "truefalse": L(lang, "判断对错", "true or false")}[kind]
            module = f' data-module="{escape(q["see"].split("/", 1)[0])}"' if assess else ""
            body.append(f'<fieldset class="hm-q" id="q-{escape(qid)}" data-q="{escape(qid)}" data-type="{kind}"{module}>')
            body.append(f'<legend><span class="hm-q-n">{L(lang, f"第 {n} 题", f"Question {n}")}</span> '
                        f'<span class="hm-q-hint">（{hint}）</span><span class="hm-q-text">{escape(q["prompt"][lang])}</span></legend>' if lang == "zh" else
                        f'<legend><span class="hm-q-n">Question {n}</span> <span class="hm-q-hint">({hint})</span> <span class="hm-q-text">{escape(q["prompt"][lang])}</span></legend>')
            if q.get("case") in cases:
                body.append(f'<div class="hm-case"><p class="hm-case-label">{L(lang, "情境", "Case")}</p><p>{escape(cases[q["case"]]["text"][lang])}</p></div>')
            itype = "checkbox" if kind == "multiple" else "radio"
            for o in q["options"]:
                oid = f"{bank.id}--{qid}--{o['id']}"
                body.append(f'<div class="hm-opt"><input type="{itype}" id="{escape(oid)}" name="{escape(qid)}" value="{escape(o["id"])}">'
                            f'<label for="{escape(oid)}">{escape(o["text"][lang])}</label></div>')
            if not assess:
                mid, rest = q["see"].split("/", 1)
                lesson, anchor = rest.split("#", 1)
                see_href = self.href(src, f"courses/{mid}/{lesson}.md", anchor)
                see_title = mods[mid].pages[lesson][lang].title if mid in mods and lesson in mods[mid].pages else q["see"]
                answer = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
                labels = {o["id"]: o["text"][lang] for o in q["options"]}
                fb = "".join(f'<li><strong>{escape(o["text"][lang])}</strong>：{escape(o["feedback"][lang])}</li>' if lang == "zh" else
                             f'<li><strong>{escape(o["text"][lang])}</strong>: {escape(o["feedback"][lang])}</li>' for o in q["options"])
                right = ("；" if lang == "zh" else "; ").join(escape(labels[a]) for a in answer if a in labels)
                body.append(f'<details class="hm-explain"><summary>{L(lang, "答案与解析", "Answer and explanation")}</summary>'
                            f'<p>{L(lang, "正确答案：", "Correct answer: ")}{right}</p><ul>{fb}</ul>'
                            f'<p><a href="{see_href}">{L(lang, "复习：", "Read again: ")}{escape(see_title)}</a></p></details>')
                body.append(f'<div class="hm-fb" aria-live="polite"></div><button type="button" class="md-button hm-check">{L(lang, "检查答案", "Check answer")}</button>')
                key[qid] = {"answer": answer, "see": see_href, "seeTitle": see_title,
                            "feedback": {o["id"]: o["feedback"][lang] for o in q["options"]}}
            body.append("</fieldset>")
        body.append(f'<div class="hm-actions"><button type="submit" class="md-button md-button--primary">{L(lang, "提交", "Submit")}</button> '
                    f'<button type="button" class="md-button hm-retry">{L(lang, "重新开始（打乱顺序）", "Start again (shuffled)") if not assess else L(lang, "重新抽题", "Draw new questions")}</button></div>')
        body.append('<div class="hm-result" role="status" aria-live="polite"></div>')
        body.append("</form>")
        if not assess:
            # Practice banks carry their key; assessment pages never do (graded by the trainer).
            body.append('<script type="application/json" class="hm-quiz-key">' + json.dumps(key, ensure_ascii=False).replace("</", "<\\/") + "</script>")
        body.append(f'<script type="application/json" class="hm-quiz-strings">{json.dumps(quiz_strings(lang), ensure_ascii=False)}</script>')
        body.append("</div>")
        return "\n".join(head) + "\n" + "\n".join(body) + "\n"

    def quiz_print(self, bank: Bank, lang, with_key: bool) -> str:
        d = bank.data
        title = escape(d["title"][lang]) + (L(lang, "：答案与解析", ": answer key") if with_key else L(lang, "（纸质版）", " (paper version)"))
        lines = [front_matter(humiao_print="quiz", title=title), f"# {title}", "",
                 L(lang, "姓名：＿＿＿＿＿＿　单位：＿＿＿＿＿＿　日期：＿＿＿＿＿＿", "Name: ______________ Organisation: ______________ Date: __________") if not with_key else "", "",
                 '<div class="hm-paper">']
        cases = bank.cases
        for n, q in enumerate(bank.questions, 1):
            lines.append(f'<section class="hm-paper-q"><p><strong>{n}.</strong> {escape(q["prompt"][lang])}</p>')
            if q.get("case") in cases:
                lines.append(f'<p class="hm-case">{escape(cases[q["case"]]["text"][lang])}</p>')
            answer = q["answer"] if isinstance(q.get("answer"), list) else [q.get("answer")]   # none on an assessment paper
            lines.append("<ol class=\"hm-paper-opts\" type=\"A\">")
            for o in q["options"]:
                mark = ("✔ " if o["id"] in answer else "") if with_key else "☐ "
                extra = f'<br><small>{escape(o["feedback"][lang])}</small>' if with_key else ""
                lines.append(f"<li>{mark}{escape(o['text'][lang])}{extra}</li>")
            lines.append("</ol></section>")
        lines.append("</div>")
        return "\n".join(lines) + "\n"

    # --- directory -----------------------------------------------------------
    def directory_pages(self, lang) -> dict[str, str]:
        return {f"directory/index{sfx(lang)}": self.directory_index(lang),
                f"directory/wallet-card{sfx(lang)}": self.wallet_card(lang),
                f"directory/freshness{sfx(lang)}": self.freshness(lang)}

    def entry_html(self, e, lang) -> str:
        phones = " ".join(f'<a class="hm-tel" href="{escape(dirmod.tel(p))}">{escape(p)}</a>' for p in e.get("phones", []))
        area = dirmod.AREAS[e["area"]][0 if lang == "zh" else 1]
        parts = [f'<article class="hm-entry" data-type="{e["type"]}" data-area="{e["area"]}" data-audience="{" ".join(e["audience"])}" id="{e["id"]}">',
                 f'<h3 class="hm-entry-name">{escape(e["name"][lang])}</h3>']
        if phones:
            parts.append(f'<p class="hm-entry-phones">{phones}</p>')
        parts.append(f'<p>{escape(e["offers"][lang])}</p>')
        facts = [(L(lang, "地区", "Area"), area), (L(lang, "时间", "Hours"), e["hours"][lang])]
        if "address" in e:
            facts.append((L(lang, "地址", "Address"), e["address"][lang]))
        if "how_to_reach" in e:
            facts.append((L(lang, "怎样联系", "How to reach"), e["how_to_reach"][lang]))
        facts.append((L(lang, "适合", "For"), ("、" if lang == "zh" else ", ").join(dirmod.AUDIENCE[a][0 if lang == "zh" else 1] for a in e["audience"])))
        parts.append("<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts) + "</dl>")
        parts.append(f'<p class="hm-entry-source"><small>{L(lang, "来源", "Source")}: {escape(e["source"])} · {L(lang, "核实日期", "verified")} {e["verified_on"]}</small></p>')
        parts.append("</article>")
        return "".join(parts)

    def directory_index(self, lang) -> str:
        src = "directory/index.md"
        i = 0 if lang == "zh" else 1
        entries = self.c.directory
        json_href = self.href(src, "directory/directory.json")
        options_area = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.DISTRICTS.items())
        options_type = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.TYPES.items() if any(e["type"] == k for e in entries))
        options_aud = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.AUDIENCE.items())
        lines = [front_matter(humiao_scripts=["directory"]), f"# {L(lang, '资源目录', 'Resource directory')}", "",
                 L(lang, "热线电话和“5+X”关爱服务阵地（津民发〔2024〕10号 二（四）10、二（六）13）。每一条都注明来源和核实日期。号码可能变化：使用前请以官方发布为准。",
                   "Hotlines and the \"5+X\" care network (Tianjin policy 2(4)10, 2(6)13). Every entry names its source and the date it was verified. Numbers change: check the official notice before relying on one."), "",
                 f'!!! warning "{L(lang, "有生命危险时", "If a life is in danger")}"',
                 f'    {L(lang, "立即拨打 110（报警）或 120（急救）。", "Call 110 (police) or 120 (ambulance) now.")}', "",
                 f"[{L(lang, '打印钱包卡', 'Print the wallet card')}](wallet-card.md) · <a href='{json_href}'>{L(lang, '开放数据（JSON）', 'Open data (JSON)')}</a> · [{L(lang, '维护：核实时间', 'Maintainers: verification dates')}](freshness.md)", "",
                 f'<form class="hm-filters" hidden aria-label="{L(lang, "筛选", "Filters")}">'
                 f'<label>{L(lang, "所在区", "District")} <select name="area"><option value="">{L(lang, "全部", "All")}</option>{options_area}</select></label> '
                 f'<label>{L(lang, "类型", "Type")} <select name="type"><option value="">{L(lang, "全部", "All")}</option>{options_type}</select></label> '
                 f'<label>{L(lang, "服务对象", "For")} <select name="audience"><option value="">{L(lang, "全部", "All")}</option>{options_aud}</select></label> '
                 f'<label>{L(lang, "关键词", "Text")} <input type="search" name="q"></label>'
                 f'<p class="hm-filter-count" role="status" aria-live="polite"></p></form>', ""]
        for tkey, tname in dirmod.TYPES.items():
            group = [e for e in entries if e["type"] == tkey]
            if not group:
                continue
            lines += [f"## {tname[i]} {{ #{tkey} }}", "", '<div class="hm-entries">' + "".join(self.entry_html(e, lang) for e in group) + "</div>", ""]
        lines += [f"## {L(lang, '找不到本区的服务时', 'When you cannot find a service in your district')} {{ #how-to-find }}", "",
                  L(lang, "各区的未成年人保护工作站、儿童之家、家庭教育指导中心和学校心理中心都在运行，但本目录只收录能找到公开来源的联系方式。请通过乡镇（街道）办事处、村（居）委会或区民政局询问当地的儿童督导员和儿童主任。",
                    "Minors' protection workstations, children's centres, family education centres and school psychology centres exist across the districts, but this directory lists only contacts with a public source. Ask the township or street office, the village or community committee, or the district civil-affairs bureau for the local child welfare supervisor or child director."), ""]
        return "\n".join(lines)

    def wallet_card(self, lang) -> str:
        """A folded card the size of a bank card (85.6 × 54 mm a side): help numbers on both sides and
        a blank line for the local child director's number. Prints on one A4 page (humiao.css)."""
        keys = [(e, p) for e in self.c.directory if e.get("phones") and e["area"] in ("national", "tianjin") for p in e["phones"]]
        def rows(items):
            return "".join(f'<tr><td>{escape(" ".join(e["name"][lang].replace(p, " ").split()) or e["name"][lang])}</td>'
                           f'<td class="hm-wallet-n"><a class="hm-tel" href="{escape(dirmod.tel(p))}">{escape(p)}</a></td></tr>' for e, p in items)
        half = (len(keys) + 1) // 2
        blank = '<span class="hm-blank"></span>'
        front = (f'<section class="hm-wallet-side"><p class="hm-wallet-title">{L(lang, "护苗学堂 · 求助电话", "Humiao · help numbers")}</p>'
                 f'<p class="hm-wallet-danger">{L(lang, "有生命危险：立即拨打 110 或 120", "Life in danger: call 110 or 120 now")}</p>'
                 f'<table class="hm-wallet-t"><tbody>{rows(keys[:half])}</tbody></table></section>')
        back = (f'<section class="hm-wallet-side"><table class="hm-wallet-t"><tbody>{rows(keys[half:])}</tbody></table>'
                f'<p class="hm-wallet-local">{L(lang, "本村（社区）儿童主任：", "Our child director: ")}{blank}<br>'
                f'{L(lang, "电话：", "Phone: ")}{blank}</p>'
                f'<p class="hm-wallet-date">{L(lang, "核实日期见护苗学堂资源目录", "Verified: see the Humiao resource directory")} · {dt.date.today().isoformat()}</p></section>')
        return "\n".join([front_matter(humiao_print="card"), f"# {L(lang, '求助电话钱包卡', 'Wallet card of help numbers')}", "",
                           L(lang, "打印后沿虚线剪下，在中间对折，和银行卡一样大，可以放进钱包。请在背面写上本村（社区）儿童主任的电话。",
                             "Print, cut along the dashed line and fold in the middle: it is the size of a bank card and fits a wallet. Write your local child director's number on the back."), "",
                           f'<div class="hm-wallet-card">{front}{back}</div>', ""])

    def freshness(self, lang) -> str:
        entries = sorted(self.c.directory, key=lambda e: str(e["verified_on"]))
        lines = [f"# {L(lang, '目录维护：核实时间', 'Directory maintenance: verification dates')}", "",
                 L(lang, "按上次核实的时间排列，最久未核实的在前。超过12个月的条目需要重新核实：打电话确认，并对照发布单位的官方网站。",
                   "Entries by the date of their last verification, oldest first. Entries older than 12 months need checking again: call the number and compare with the issuing body's official website."), "",
                 f"| {L(lang, '条目', 'Entry')} | {L(lang, '核实日期', 'Verified')} | {L(lang, '已过天数', 'Days ago')} | {L(lang, '状态', 'Status')} | {L(lang, '来源', 'Source')} |", "|---|---|---|---|---|"]
        for e in entries:
            days = dirmod.age_days(e)
            stale = days > dirmod.STALE_AFTER_DAYS
            status = L(lang, "需重新核实", "re-check") if stale else L(lang, "有效", "current")
            lines.append(f"| [{e['name'][lang]}](index.md#{e['id']}) | {e['verified_on']} | {days} | {status} | {e['source'].replace('|', '/')} |")
        return "\n".join(lines) + "\n"

    # --- progress ----------------------------------------------------------------
    def progress_pages(self, lang) -> dict[str, str]:
        cur = self.c.curriculum
        catalog = {"siteVersion": self.c.site_version,
                   "modules": [{"id": m.id, "title": m.title(lang), "hours": m.meta["hours"], "lessons": m.lessons,
                                "audiences": m.meta["audiences"], "bank": m.id if m.id in self.c.banks else None,
                                "href": self.href("progress/index.md", f"courses/{m.id}/index.md")} for m in cur.built],
                   "banks": {b.id: {"version": b.version, "modes": b.modes, "module": b.data.get("module"),
                                    "title": b.data["title"][lang], "href": self.href("progress/index.md", f"quizzes/{b.id}/index.md")}
                             for b in self.c.banks.values() if self.bank_built(b)},
                   "roles": {k: v[lang] for k, v in AUDIENCES.items()},
                   "districts": {k: v[0 if lang == "zh" else 1] for k, v in dirmod.DISTRICTS.items()}}
        data = json.dumps(catalog, ensure_ascii=False).replace("</", "<\\/")
        return {f"progress/index{sfx(lang)}": progress_page(lang, data),
                f"progress/certificate{sfx(lang)}": certificate_page(lang, data)}


def quiz_strings(lang) -> dict:
    return {k: v[0 if lang == "zh" else 1] for k, v in {
        "right": ("回答正确。", "Correct."),
        "wrong": ("还不对，再想一想。", "Not yet right: think again."),
        "partly": ("部分正确：还有遗漏或多选。", "Partly right: something is missing or extra."),
        "choose": ("请先选择答案。", "Choose an answer first."),
        "readAgain": ("复习：", "Read again: "),
        "score": ("得分：{correct}/{total}（{pct}%）。", "Score: {correct}/{total} ({pct}%)."),
        "passed": ("已达到合格线，练习通过。", "You reached the pass mark: practice passed."),
        "failed": ("未达到合格线，复习后可以重新练习。", "Below the pass mark: read again and retry."),
        "unanswered": ("还有 {n} 道题没有作答。", "{n} questions are not answered yet."),
        "submitted": ("已提交并保存在本浏览器中。请到“我的学习”下载学习记录交给培训者评分。", "Submitted and kept in this browser. Download your record on My progress and send it to your trainer for grading."),
        "storage": ("本浏览器无法保存数据（可能是隐私模式或存储已满）：可以答题，但刷新后记录会丢失。", "This browser cannot save data (private mode or full storage): you can answer, but a reload will lose your record."),
        "restored": ("已恢复上次的作答。", "Your earlier answers were restored."),
        "drawn": ("本次抽取了 {n} 道题。", "{n} questions were drawn for this attempt."),
        "next": ("下一个模块：", "Next module: "),
        "allDone": ("这是最后一个模块。查看我的学习进度", "This was the last module. See my progress"),
        "progress": ("查看我的学习进度", "See my progress"),
    }.items()}


def progress_page(lang, data) -> str:
    return "\n".join([
        front_matter(humiao_scripts=["progress"]),
        f"# {L(lang, '我的学习', 'My progress')}", "",
        f'??? note "{L(lang, "隐私：记录只保存在这台设备的浏览器里", "Privacy: your record stays in this device’s browser")}"',
        "    " + L(lang, "你的姓名、进度和答题记录只保存在这台设备的浏览器里，不会自动发送到任何地方。只有你点击“下载学习记录”并把文件交给培训者时，培训者才能看到。换设备或清除浏览器数据会丢失记录，请及时下载。点击“忘记我”会删除本浏览器中的全部记录。",
                 "Your name, progress and answers are kept only in this device's browser and are never sent anywhere by themselves. Your trainer sees them only when you download your record and send the file. A new device or clearing browser data loses them, so download your record in time. \"Forget me\" deletes everything this browser keeps."),
        "",
        f"## {L(lang, '个人信息', 'Profile')} {{ #profile }}", "",
        '<div class="hm-app" id="hm-progress-app">',
        f'<noscript><p>{L(lang, "记录学习进度需要启用 JavaScript。", "Progress tracking needs JavaScript.")}</p></noscript>',
        '<p class="hm-storage-warning" role="alert" hidden></p>',
        '<form class="hm-profile" hidden>',
        f'<p><label>{L(lang, "姓名", "Name")} <input name="name" required autocomplete="name"></label></p>',
        f'<p><label>{L(lang, "岗位", "Role")} <select name="role" required></select></label></p>',
        f'<p><label>{L(lang, "所在区", "District")} <select name="district" required></select></label></p>',
        f'<p><label>{L(lang, "单位", "Organisation")} <input name="organisation" required autocomplete="organization"></label></p>',
        f'<p><label>{L(lang, "工号（可选）", "Staff number (optional)")} <input name="staff_id" autocomplete="off"></label></p>',
        f'<p class="hm-hint">{L(lang, "填好后点“保存”。这些信息会写在学习记录和证书上。", "Press Save when done. These details go on your record and certificate.")}</p>',
        f'<p><button type="submit" class="md-button md-button--primary">{L(lang, "保存", "Save")}</button> <span class="hm-profile-saved" role="status" aria-live="polite"></span></p>',
        '</form>', '</div>', "",
        f"## {L(lang, '学习进度', 'Progress')} {{ #modules }}", "",
        '<p class="hm-next-up"></p>', '<div class="hm-progress-table" aria-live="polite"></div>', "",
        f"## {L(lang, '学习记录与证书', 'Record and certificate')} {{ #record }}", "",
        L(lang, "点“下载学习记录”，手机会保存一个学习记录文件；把这个文件通过微信、电子邮件或U盘发给培训者。",
          "Press Download my record: your phone saves a record file. Send that file to your trainer by WeChat, e-mail or USB stick."), "",
        '<p class="hm-record-note" role="status" aria-live="polite"></p>',
        f'<p class="hm-record-actions"><button type="button" class="md-button md-button--primary hm-download">{L(lang, "下载学习记录", "Download my record")}</button> '
        f'<button type="button" class="md-button hm-ics">{L(lang, "添加年度复训提醒（日历）", "Add the annual refresher reminder (calendar)")}</button></p>', "",
        f"[{L(lang, '查看并打印证书', 'View and print my certificate')}](certificate.md)", "",
        f"## {L(lang, '忘记我', 'Forget me')} {{ #forget }}", "",
        f'<p><button type="button" class="md-button hm-forget">{L(lang, "忘记我：删除本浏览器中的全部记录", "Forget me: delete everything this browser keeps")}</button></p>', "",
        f'<script type="application/json" id="hm-catalog">{data}</script>',
        f'<script type="application/json" id="hm-progress-strings">{json.dumps(progress_strings(lang), ensure_ascii=False)}</script>', ""])


def certificate_page(lang, data) -> str:
    return "\n".join([
        front_matter(humiao_scripts=["progress"], humiao_print="certificate"),
        f"# {L(lang, '学习证书', 'Certificate of completion')}", "",
        '<div class="hm-certificate" aria-live="polite">',
        f'<noscript><p>{L(lang, "证书需要启用 JavaScript。", "The certificate needs JavaScript.")}</p></noscript>',
        '</div>', "",
        L(lang, "本证书列出本浏览器记录的已完成模块（课文读完且练习通过）。年度考核成绩以培训者核定为准。",
          "This certificate lists the modules this browser recorded as completed (lessons read and practice passed). The annual assessment result is the one your trainer confirms."), "",
        f'<script type="application/json" id="hm-catalog">{data}</script>',
        f'<script type="application/json" id="hm-progress-strings">{json.dumps(progress_strings(lang), ensure_ascii=False)}</script>', ""])


def progress_strings(lang) -> dict:
    return {k: v[0 if lang == "zh" else 1] for k, v in {
        "choose": ("请选择", "Choose"), "other": ("其他", "Other"),
        "saved": ("已保存在本浏览器。", "Saved in this browser."),
        "module": ("模块", "Module"), "hours": ("学时", "Hours"), "read": ("课文", "Lessons"),
        "practice": ("练习", "Practice"), "assessment": ("年度考核", "Annual assessment"),
        "done": ("已完成", "done"), "notYet": ("未完成", "not yet"), "passed": ("已通过", "passed"),
        "submitted": ("已提交", "submitted"), "of": ("/", " of "),
        "earned": ("本培训年度已获得 {earned} 学时，学习路径共 {total} 学时。", "{earned} of the {total} hours of your path earned this training year."),
        "due": ("下次年度复训：{date} 之前。", "Next annual refresher: before {date}."),
        "noDue": ("完成第一个模块后，这里会显示下次年度复训的日期。", "The date of your next annual refresher shows here once you complete a module."),
        "hoursUnit": ("{hours} 学时", "{hours} hours"), "hourUnit": ("{hours} 学时", "{hours} hour"),
        "complete": ("已完成", "complete"),
        "nextStep": ("下一步：", "Next: "), "nextQuiz": ("做练习题", "the practice quiz"),
        "pathDone": ("你的学习路径已经全部完成。请下载学习记录交给培训者。", "You have completed your whole path. Download your record and send it to your trainer."),
        "wechat": ("你正在微信里打开本页。微信里不能下载学习记录，换到手机浏览器后这里的记录也不会跟过去。请先点右上角“···”，选“在浏览器打开”，再填写信息、开始学习。",
                   "You opened this page inside WeChat. WeChat cannot download your record, and what you do here does not follow you to the phone's browser. Tap \"···\" at the top right, choose \"Open in browser\", then fill in your profile and start."),
        "profileFirst": ("请先在上面填写姓名、岗位、所在区和单位，然后点“保存”。", "Fill in your name, role, district and organisation above first, then press Save."),
        "noProfile": ("请先填写个人信息。", "Fill in your profile first."),
        "forgetConfirm": ("确定删除本浏览器中的全部学习记录吗？此操作无法撤销。", "Delete everything this browser keeps? This cannot be undone."),
        "forgotten": ("已删除。", "Deleted."),
        "storage": ("本浏览器无法保存数据（可能是隐私模式或存储已满）。可以学习，但记录不会保留。", "This browser cannot save data (private mode or full storage). You can study, but nothing will be kept."),
        "certTitle": ("兹证明", "This certifies that"),
        "certBody": ("完成了护苗学堂困境儿童心理健康关爱服务培训的以下模块：", "completed these modules of the Humiao training on the mental-health care of children in difficult circumstances:"),
        "certNone": ("本浏览器还没有记录已完成的模块。", "This browser has no completed module yet."),
        "certTotal": ("合计 {hours} 学时", "{hours} hours in all"),
        "icsTitle": ("护苗学堂年度复训", "Humiao annual refresher training"),
        "print": ("打印证书", "Print certificate"),
    }.items()}
