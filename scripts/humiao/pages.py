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
from .markup import L, fmt_hours, front_matter, sfx  # noqa: F401  (used by other renderers)
from .progress_page import certificate_page, progress_page
from .urls import relative

LANGS = ("zh", "en")


@dataclass
class Content:
    curriculum: Curriculum
    banks: dict[str, Bank]
    directory: list[dict]
    referral: object = None
    site_version: str = "dev"
    danger: dict = field(default_factory=dict)    # data/danger-lines.yml by id
    skills: list = field(default_factory=list)    # data/skills-station.yml stations


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
        more.append(f'<li data-area="{escape(e["area"])}"><strong>{escape(e["name"][lang])}</strong> {phones}'
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
            head += [L(lang, f"年度考核：每次从 {len(bank.questions)} 道题中随机抽取 {bank.draw} 道。作答后点击“提交”，记录保存在本浏览器中，请在“我的学习”页把记录码或记录文件交给培训者。评分由培训者完成，合格线为 {round(bank.pass_mark * 100)}%。",
                       f"Annual assessment: each attempt draws {bank.draw} of {len(bank.questions)} questions at random. Answer, then press Submit: the attempt is kept in this browser. On the My progress page, hand your record code or file to your trainer, who grades it; the pass mark is {round(bank.pass_mark * 100)}%."), ""]
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
                f"directory/resource-sheet{sfx(lang)}": self.resource_sheet(lang),
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
                 f"[{L(lang, '打印钱包卡', 'Print the wallet card')}](wallet-card.md) · [{L(lang, '打印本区求助资源表', 'Print the district resource sheet')}](resource-sheet.md) · <a href='{json_href}'>{L(lang, '开放数据（JSON）', 'Open data (JSON)')}</a> · [{L(lang, '维护：核实与更新', 'Maintainers: keeping it current')}](freshness.md)", "",
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
        a blank line for the local child director's number. Prints on one A4 page (humiao.css).
        A district select (directory.js) adds that district's lines; other districts' never print."""
        i = 0 if lang == "zh" else 1
        keys = [(e, p) for e in self.c.directory if e.get("phones") and e["area"] in ("national", "tianjin") for p in e["phones"]]
        local = [(e, p) for e in self.c.directory if e.get("phones") and e["area"] in dirmod.DISTRICTS for p in e["phones"]]
        def rows(items, hidden=False):
            return "".join(f'<tr data-area="{escape(e["area"])}"{" hidden" if hidden else ""}><td>{escape(" ".join(e["name"][lang].replace(p, " ").split()) or e["name"][lang])}</td>'
                           f'<td class="hm-wallet-n"><a class="hm-tel" href="{escape(dirmod.tel(p))}">{escape(p)}</a></td></tr>' for e, p in items)
        half = (len(keys) + 1) // 2
        blank = '<span class="hm-blank"></span>'
        front = (f'<section class="hm-wallet-side"><p class="hm-wallet-title">{L(lang, "护苗学堂 · 求助电话", "Humiao · help numbers")}<span class="hm-district-name" data-prefix=" · "></span></p>'
                 f'<p class="hm-wallet-danger">{L(lang, "有生命危险：立即拨打 110 或 120", "Life in danger: call 110 or 120 now")}</p>'
                 f'<table class="hm-wallet-t"><tbody>{rows(keys[:half])}</tbody></table></section>')
        back = (f'<section class="hm-wallet-side"><table class="hm-wallet-t"><tbody>{rows(local, hidden=True)}{rows(keys[half:])}</tbody></table>'
                f'<p class="hm-wallet-local">{L(lang, "本村（社区）儿童主任：", "Our child director: ")}{blank}<br>'
                f'{L(lang, "电话：", "Phone: ")}{blank}</p>'
                f'<p class="hm-wallet-date">{L(lang, "核实日期见护苗学堂资源目录", "Verified: see the Humiao resource directory")} · {dt.date.today().isoformat()}</p></section>')
        options = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.DISTRICTS.items())
        pick = (f'<form class="hm-district-pick" hidden><label>{L(lang, "为哪个区打印", "Print for district")} '
                f'<select name="district"><option value="">{L(lang, "只印全市和全国电话", "City-wide and national lines only")}</option>{options}</select></label> '
                f'<small>{L(lang, "选定后，卡上加印本区的电话（本目录已收录的）；其他区的不打印。", "The card then adds that district’s lines (those in this directory); other districts’ are not printed.")}</small></form>')
        return "\n".join([front_matter(humiao_print="card", humiao_scripts=["directory"]), f"# {L(lang, '求助电话钱包卡', 'Wallet card of help numbers')}", "",
                           L(lang, "打印后沿虚线剪下，在中间对折，和银行卡一样大，可以放进钱包。请在背面写上本村（社区）儿童主任的电话。",
                             "Print, cut along the dashed line and fold in the middle: it is the size of a bank card and fits a wallet. Write your local child director's number on the back."), "",
                           pick, "", f'<div class="hm-wallet-card hm-district-scope">{front}{back}</div>', ""])

    # The contacts a 儿童主任 writes in by hand: no public page lists them (issue #19).
    SHEET_ROWS = [
        ("乡镇（街道）社工站", "Township (street) social-work station", "个案帮扶、陪同转介", "casework, going with the family to a referral"),
        ("乡村医生（村卫生室）", "Village doctor (village clinic)", "身体不适、受伤时先看", "first stop for illness or an injury"),
        ("网格员", "Grid worker (网格员)", "走访、上报家庭变故", "home visits, reporting a family crisis"),
        ("学校心理老师", "School psychology teacher", "在校情绪、学习、同伴困扰", "feelings, learning and friends at school"),
        ("乡镇卫生院（社区卫生服务中心）精防人员", "Severe-mental-illness (精防) staff, township health centre", "精神卫生随访、就医指引", "mental-health follow-up, where to see a doctor"),
        ("派出所", "Police station (派出所)", "孩子受到伤害或处在危险中", "a child harmed or in danger"),
        ("村（居）委会", "Village (community) committee", "家庭困难、临时照料", "family hardship, temporary care"),
        ("区民政局儿童福利（未成年人保护）科室", "District civil-affairs children's office", "困境儿童保障、监护问题", "support for children in difficult circumstances, guardianship"),
        ("区未成年人救助保护机构", "District minors' rescue and protection institution", "临时照料、心理测评、转介就诊", "temporary care, assessment, routes to treatment"),
    ]

    def resource_sheet(self, lang) -> str:
        """A one-page form a child director fills in by hand with the local contacts no public page
        lists; the city-wide and national numbers are drawn from data/directory.yml. Prints on one A4
        page (humiao.css); a district select (directory.js) prints the district's name and any of its
        entries in the directory."""
        i = 0 if lang == "zh" else 1
        blank = '<span class="hm-blank"></span>'
        options = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.DISTRICTS.items())
        pick = (f'<form class="hm-district-pick" hidden><label>{L(lang, "所在区", "District")} '
                f'<select name="district"><option value="">{L(lang, "（手写）", "(write it in)")}</option>{options}</select></label></form>')
        head = (f'<p class="hm-sheet-head">{L(lang, "区：", "District: ")}<span class="hm-district-name"></span><span class="hm-district-blank">{blank}</span> '
                f'{L(lang, "乡镇（街道）：", "Township (street): ")}{blank}<br>'
                f'{L(lang, "村（社区）：", "Village (community): ")}{blank} {L(lang, "填表人：", "Filled in by: ")}{blank} {L(lang, "日期：", "Date: ")}{blank}</p>')
        th = "".join(f"<th>{x}</th>" for x in (L(lang, "找谁", "Whom"), L(lang, "什么时候找", "For what"),
                                               L(lang, "姓名 / 联系人", "Name / contact person"), L(lang, "电话", "Phone"),
                                               L(lang, "地址、时间、备注", "Address, hours, notes")))
        body = "".join(f'<tr><td><strong>{escape(r[i])}</strong></td><td><small>{escape(r[2 + i])}</small></td><td></td><td></td><td></td></tr>'
                       for r in self.SHEET_ROWS)
        city = [e for e in self.c.directory if e.get("phones") and (e.get("strip") or (e["area"] == "tianjin" and "crisis" in e["topics"]))]
        local = [e for e in self.c.directory if e.get("phones") and e["area"] in dirmod.DISTRICTS]
        def line(e, hidden=False):
            phones = " ".join(f'<a class="hm-tel" href="{escape(dirmod.tel(p))}">{escape(p)}</a>' for p in e["phones"])
            name = e["name"][lang]
            for p in e["phones"]:   # "110 报警电话" → "报警电话": the number is already in bold
                name = " ".join(name.replace(p, " ").split()) or name
            return (f'<li data-area="{escape(e["area"])}"{" hidden" if hidden else ""}><strong>{phones}</strong> {escape(name)} '
                    f'<small>（{escape(e["hours"][lang])}）</small></li>' if lang == "zh" else
                    f'<li data-area="{escape(e["area"])}"{" hidden" if hidden else ""}><strong>{phones}</strong> {escape(name)} '
                    f'<small>({escape(e["hours"][lang])})</small></li>')
        numbers = "".join(line(e, hidden=True) for e in local) + "".join(line(e) for e in city)
        safety = [L(lang, "有生命危险、受了重伤：立即拨打 110 或 120，不让孩子一个人待着。",
                    "A life in danger or a serious injury: call 110 or 120 now, and do not leave the child alone."),
                  L(lang, "孩子说想死：直接问有没有计划、工具、时间，以前试过没有；有计划并有工具或时间，按“现在”处理。",
                    "A child says they want to die: ask directly about a plan, means, timing and past attempts; a plan with means or timing is an emergency now."),
                  L(lang, "孩子自伤、自杀造成伤害：拨打 120，并向公安机关报告。",
                    "Self-harm or a suicide attempt that causes injury: call 120 and report to the police."),
                  L(lang, "伤害可能来自家里：先向公安机关报告，不要先告诉家人。",
                    "If the harm may come from home: report to the police first; do not tell the family first.")]
        return "\n".join([
            front_matter(humiao_print="sheet", humiao_scripts=["directory"]),
            f"# {L(lang, '本区求助资源表', 'District resource sheet')}", "",
            f'<p class="hm-sheet-intro">{L(lang, "由儿童主任手写填写：这些本地联系方式没有公开发布。填好后贴在儿童之家或工作台，复印一份随身带；每年核对一次，换人时及时改。", "For the child director to fill in by hand: no public page lists these local contacts. Put the filled-in sheet up in the children’s centre or at your desk and carry a copy; check it once a year and update it when people change.")}</p>',
            "", pick, "",
            '<div class="hm-sheet hm-district-scope">', head,
            f'<table class="hm-sheet-t"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>',
            f'<div class="hm-sheet-foot"><section><p class="hm-sheet-sub"><strong>{L(lang, "全市和全国求助电话（取自护苗学堂资源目录）", "City-wide and national lines (from the Humiao resource directory)")}</strong></p>'
            f'<ul class="hm-sheet-numbers">{numbers}</ul></section>'
            f'<section class="hm-sheet-safety"><p class="hm-sheet-sub"><strong>{L(lang, "危急时先做什么", "In danger: do this first")}</strong></p>'
            f'<ul>{"".join(f"<li>{x}</li>" for x in safety)}</ul></section></div>',
            f'<p class="hm-sheet-src"><small>{L(lang, "依据：津民发〔2024〕10号 二（四）10、二（五）11；高检发〔2020〕9号 第四条；号码的来源和核实日期见资源目录。", "Basis: Tianjin policy 津民发〔2024〕10号 2(4)10, 2(5)11; mandatory reporting rules 高检发〔2020〕9号 art. 4; sources and verification dates of the numbers: see the resource directory.")} · {dt.date.today().isoformat()}</small></p>',
            "</div>", ""])

    def freshness(self, lang) -> str:
        """The operator page: entries by age with what to re-check, the yearly routine, and how to add
        a district's entries in data/directory.yml without touching code."""
        i = 0 if lang == "zh" else 1
        entries = sorted(self.c.directory, key=lambda e: str(e["verified_on"]))
        stale_n = sum(1 for e in entries if dirmod.age_days(e) > dirmod.STALE_AFTER_DAYS)
        lines = [f"# {L(lang, '目录维护：核实与更新', 'Keeping the directory current')}", "",
                 L(lang, "本页写给维护资源目录的人（运营者、区民政局的培训者）。目录里的每个号码都会出现在求助框、转介指引、钱包卡和资源表上，所以过期的号码比没有号码更危险。",
                   "For the people who keep the resource directory (operators, trainers at district civil-affairs bureaus). Every number in the directory appears in the help boxes, the referral guide, the wallet card and the resource sheet, so an out-of-date number does more harm than none."), "",
                 f"## {L(lang, '按核实时间排列的条目', 'Entries by age')} {{ #by-age }}", "",
                 L(lang, f"最久未核实的在前。超过12个月的条目标为“需重新核实”，`./portal validate` 也会对它们给出警告（现有 {stale_n} 条）。",
                   f"Oldest first. Entries older than 12 months are marked re-check, and `./portal validate` warns about them ({stale_n} now)."), "",
                 f"| {L(lang, '条目', 'Entry')} | {L(lang, '地区', 'Area')} | {L(lang, '核实日期', 'Verified')} | {L(lang, '已过天数', 'Days ago')} | {L(lang, '状态', 'Status')} | {L(lang, '要核对什么', 'What to re-check')} | {L(lang, '来源', 'Source')} |",
                 "|---|---|---|---|---|---|---|"]
        for e in entries:
            days = dirmod.age_days(e)
            status = L(lang, "**需重新核实**", "**re-check**") if days > dirmod.STALE_AFTER_DAYS else L(lang, "有效", "current")
            lines.append(f"| [{e['name'][lang]}](index.md#{e['id']}) | {dirmod.AREAS[e['area']][i]} | {e['verified_on']} | {days} | {status} | "
                         f"{'；'.join(self.recheck(e, lang)) if lang == 'zh' else '; '.join(self.recheck(e, lang))} | {e['source'].replace('|', '/')} |")
        lines += ["", f"## {L(lang, '每年核对一次', 'The yearly re-check')} {{ #yearly }}", ""]
        steps = [
            ("每年在固定的月份做一次：一人负责核对，另一人复核。",
             "Once a year, in the same month each year: one person does the checks and a second person reviews them."),
            ("打开本页，从“需重新核实”的条目开始，逐条核对上表“要核对什么”一栏。",
             "Open this page and start with the entries marked re-check; go through the What to re-check column of each."),
            ("号码：在服务时间内拨打，确认接听的是该机构、服务内容和表中一致。只拨打，不替孩子求助；不留下孩子的任何信息。",
             "Number: call it during its hours and confirm it is answered by that body and offers what the entry says. Only check: never make a call about a child, and give no child's details."),
            ("服务时间和地址：以发布单位官方网站（政府、卫健委、民政局、医院自己的网站）的现行页面为准。",
             "Hours and address: take them from the current page of the issuing body's own website (government, health commission, civil affairs, the hospital's own site)."),
            ("来源页面：打开 `source` 中的网址，确认页面仍在、内容没变。页面已撤下时，找到新的官方页面替换；找不到，就把条目改为 `how_to_reach`（说明怎样找到它），或者删除号码。",
             "Source page: open the address in `source` and confirm the page is still there and unchanged. If it is gone, replace it with a new official page; if none can be found, turn the entry into a `how_to_reach` one (say how to find the service) or drop the number."),
            ("核对无误后，把 `verified_on` 改为核对当天的日期，并在 `source` 中写明核对方式（例如“2027-05-10 致电核实”）。号码或内容有变：只按官方页面改。",
             "When it checks out, set `verified_on` to the day of the check and say in `source` how it was checked (for example 2027-05-10 confirmed by phone). If something changed, change it only as an official page states."),
            ("运行 `./portal validate`，没有错误后再发布；把改动交给维护者提交。",
             "Run `./portal validate`; publish only without errors, and hand the change to the maintainer to commit."),
        ]
        lines += [f"{n}. {s[i]}" for n, s in enumerate(steps, 1)]
        keys = ("、" if lang == "zh" else ", ").join(f"`{k}` {v[i]}" for k, v in dirmod.DISTRICTS.items())
        lines += ["", f"## {L(lang, '添加本区的条目', 'Adding your district’s entries')} {{ #add-district }}", "",
                  L(lang, "本区的条目只写在一个数据文件 `data/directory.yml` 里，不用改代码。`area` 写区的代码，求助框、目录、转介指引、钱包卡和资源表就会把它排在该区读者的最前面。",
                    "A district's entries go in one data file, `data/directory.yml`; no code changes. Set `area` to the district's key and the help boxes, the directory, the referral guide, the wallet card and the resource sheet show it first to readers of that district."), "",
                  L(lang, "只收录官方页面（区政府、卫健委、民政局、医院自己的网站）写明的号码和地址：`source` 写该页面的网址，`verified_on` 写该页面的日期。新闻转载、地图或黄页网站上的号码不能收录，先打电话核实，再找官方页面。找不到官方来源的服务写 `how_to_reach`（怎样找到它），不写号码。",
                    "Add only a number or address that an official page states (the district government, health commission, civil-affairs bureau or the hospital's own site): `source` is that page's address and `verified_on` its date. Numbers seen on news re-posts, maps or directory sites are not added: call first, then find the official page. A service with no official source gets `how_to_reach` (how to find it) and no number."), "",
                  L(lang, f"区的代码：{keys}。", f"District keys: {keys}."), "",
                  "```yaml",
                  "  - id: jizhou-example-clinic          # " + L(lang, "小写字母和连字符，不重复", "lower case and hyphens, unique"),
                  "    name: {zh: 中文名称, en: English name}",
                  "    type: hospital                     # " + ", ".join(dirmod.TYPES),
                  "    area: jizhou",
                  "    phones: [\"022-xxxxxxxx\"]          # " + L(lang, "官方页面写明的号码；没有就删去这一行，写 how_to_reach", "as the official page states it; none: drop the line and write how_to_reach"),
                  "    hours: {zh: 工作日 8:00-17:00, en: \"Weekdays 8:00-17:00\"}",
                  "    offers:",
                  "      zh: 能帮什么（用自己的话写）。",
                  "      en: What it offers (in your own words).",
                  "    audience: [families, workers]      # children, families, workers",
                  "    topics: [referral]                 # " + ", ".join(sorted(dirmod.TOPICS)),
                  "    address: {zh: 地址, en: Address}   # " + L(lang, "可选", "optional"),
                  "    source: \"https://... " + L(lang, "官方页面的网址和标题", "the official page's address and title") + "\"",
                  "    verified_on: 2026-12-01            # " + L(lang, "官方页面的日期", "the official page's date"),
                  "```", "",
                  L(lang, "`topics` 里的 `crisis` 只给危机干预作用有来源的热线；作用或时间未核实的热线写 `support`。保存后运行 `./portal validate`：缺来源、号码格式不对、日期在未来都会报错；超过12个月会警告。",
                    "`crisis` in `topics` is only for a line whose crisis role is sourced; a line whose role or hours are unverified is `support`. Save and run `./portal validate`: a missing source, a malformed number or a date in the future is an error; older than 12 months is a warning."), "",
                  L(lang, "村医、网格员、社工站、学校心理老师等本地联系人不进目录：请儿童主任填写[本区求助资源表](resource-sheet.md)。尚未找到官方来源的线索，记录在代码库的 `notes/district-sources.md`，供电话核实。",
                    "Local contacts such as the village doctor, the grid worker, the social-work station and the school psychology teacher do not go in the directory: the child director writes them on the [district resource sheet](resource-sheet.md). Leads without an official source yet are kept in the repository in `notes/district-sources.md`, for checking by phone."), ""]
        return "\n".join(lines)

    @staticmethod
    def recheck(e, lang) -> list[str]:
        out = []
        if e.get("phones"):
            out.append(L(lang, f"拨打 {'、'.join(e['phones'])}，确认号码和服务时间", f"call {', '.join(e['phones'])}: number and hours"))
        else:
            out.append(L(lang, "核对“怎样联系”的说法", "check the how-to-reach text"))
        if "address" in e:
            out.append(L(lang, "核对地址", "check the address"))
        if "http" in e["source"]:
            out.append(L(lang, "打开来源页面，确认仍在线、内容未变", "open the source page: still live and unchanged"))
        else:
            out.append(L(lang, "找到来源的官方网页并写进 source", "find the source's official web page and put it in source"))
        return out

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
        "submitted": ("已提交并保存在本浏览器中。请到“我的学习”把记录码或记录文件交给培训者评分。", "Submitted and kept in this browser. On My progress, hand your record code or file to your trainer for grading."),
        "storage": ("本浏览器无法保存数据（可能是隐私模式或存储已满）：可以答题，但刷新后记录会丢失。", "This browser cannot save data (private mode or full storage): you can answer, but a reload will lose your record."),
        "restored": ("已恢复上次的作答。", "Your earlier answers were restored."),
        "drawn": ("本次抽取了 {n} 道题。", "{n} questions were drawn for this attempt."),
        "next": ("下一个模块：", "Next module: "),
        "allDone": ("这是最后一个模块。查看我的学习进度", "This was the last module. See my progress"),
        "progress": ("查看我的学习进度", "See my progress"),
    }.items()}
