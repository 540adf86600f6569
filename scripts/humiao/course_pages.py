"""The course pages (courses/, from courses/ through courses.py) and the learner's progress pages
(progress/, written by progress_page.py). Text from YAML is escaped before it reaches raw HTML."""
from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from .courses import Curriculum, clause_label
from .markup import fmt_hours, front_matter, lang_suffix, lang_text
from .progress_page import certificate_page, progress_page
from .quiz_pages import bank_built
from .urls import relative
from .vocab import COURSE_ROLES, DISTRICTS, ROLE_GROUPS, ROLES, label, labels

if TYPE_CHECKING:
    from .content import Content


def pages(c: Content, lang: str, directory_urls: bool) -> dict[str, str]:
    """courses/: the catalog, the policy coverage map, and each built module's overview, lessons
    (with their footer), job aid and trainer notes."""
    cur = c.curriculum
    out = {f"courses/index{lang_suffix(lang)}": catalog(cur, lang, directory_urls),
           f"courses/policy-coverage{lang_suffix(lang)}": coverage(cur, lang)}
    for m in cur.built:
        out[f"courses/{m.id}/index{lang_suffix(lang)}"] = module_overview(m, c, lang, directory_urls)
        for page_id in m.lessons + ["job-aid", "trainer-notes"]:
            page = m.pages[page_id][lang]
            text = page.text
            if page_id in m.lessons:
                text = (front_matter(humiao_module=m.id, humiao_lesson=page_id) + text.rstrip()
                        + "\n\n" + lesson_footer(m, page_id, c.banks, lang))
            elif page_id == "job-aid":
                text = front_matter(humiao_print="job-aid") + text
            out[f"courses/{m.id}/{page_id}{lang_suffix(lang)}"] = text
    return out


def audience_names(ids, lang):
    """Who a module is for, as a short list ("all roles" when it is every role)."""
    if set(ids) >= set(COURSE_ROLES):
        return lang_text(lang, "所有岗位", "all roles")
    return ("、" if lang == "zh" else ", ").join(label(ROLE_GROUPS, a, lang) for a in ids)


def module_card(n, m, src, lang, directory_urls) -> str:
    """One module on the catalog: number, title, summary, hours and for whom; humiao.js adds
    the learner's own status (lessons read, practice passed) into .hm-status."""
    href = relative(src, f"courses/{m.id}/index.md", directory_urls)
    hours = f"{fmt_hours(m.meta['hours'])} {lang_text(lang, '学时', 'hours' if m.meta['hours'] != 1 else 'hour')}"
    return (f'<li class="hm-mod" data-module="{escape(m.id)}" data-lessons="{escape(" ".join(m.lessons))}">'
            f'<p class="hm-card-title">{n}. <a href="{href}">{escape(m.title(lang))}</a><span class="hm-status" aria-live="polite"></span></p>'
            f'<p class="hm-card-summary">{escape(m.meta["summary"][lang])}</p>'
            f'<p class="hm-card-meta">{hours} · {lang_text(lang, "适用：", "For ")}{escape(audience_names(m.meta["audiences"], lang))}</p></li>')


def catalog(cur: Curriculum, lang, directory_urls) -> str:
    src = "courses/index.md"
    number = {m.id: i for i, m in enumerate(cur.built, 1)}
    lines = [f"# {lang_text(lang, '培训课程', 'Training courses')}", "",
             lang_text(lang, "儿童督导员、儿童主任、机构工作人员和教师的年度培训课程（津民发〔2024〕10号 二（三）5）。每个模块包括课文、情境案例、一页工作卡和练习题。读完一个模块的课文并通过练习，这个模块就完成了。",
               "The annual training for child welfare supervisors, child directors, institution staff and teachers (Tianjin policy 津民发〔2024〕10号, 2(3)5). Each module has lessons, case scenarios, a one-page job aid and a practice quiz. A module is complete when you have read its lessons and passed its practice quiz."),
             "", f"[{lang_text(lang, '查看我的学习进度', 'See my progress')}](../progress/index.md)", "",
             f"## {lang_text(lang, '全部模块', 'All modules')} {{ #modules }}", ""]
    if cur.built:
        lines.append('<ol class="hm-cards">' + "".join(module_card(number[m.id], m, src, lang, directory_urls) for m in cur.built) + "</ol>")
    else:
        lines.append(lang_text(lang, "暂无模块。", "No modules yet."))
    lines += ["", f"## {lang_text(lang, '按岗位的学习路径', 'Learning paths by role')} {{ #paths }}", "",
              lang_text(lang, "每个岗位要学的模块（按先后顺序）和总学时；1 学时按 45 分钟计，各模块的培训说明给出面授安排。点开你的岗位：",
                "The modules each role takes, in order, and the total class hours (1 class hour = 45 minutes; each module's trainer notes give the in-person session plan). Open your role:"), ""]
    for aid in COURSE_ROLES:
        name = label(ROLES, aid, lang)
        mods = [m for m in cur.built if aid in m.meta["audiences"]]
        total = sum(m.meta["hours"] for m in mods)
        summary = (f"{name}：{len(mods)} 个模块，共 {fmt_hours(total)} 学时" if lang == "zh" else
                   f"{name}: {len(mods)} modules, {fmt_hours(total)} hours in all")
        items = "".join(f'<li>{number[m.id]}. <a href="{relative(src, f"courses/{m.id}/index.md", directory_urls)}">{escape(m.title(lang))}</a> · '
                        f'{fmt_hours(m.meta["hours"])} {lang_text(lang, "学时", "h")}</li>' for m in mods)
        lines += [f'<details class="hm-path" data-role="{aid}"><summary><h3 id="path-{aid}">{escape(summary)}</h3></summary>'
                  f'<ol class="hm-path-list">{items}</ol></details>', ""]
    lines += ["", f"## {lang_text(lang, '政策覆盖', 'Policy coverage')} {{ #coverage }}", "",
              f"[{lang_text(lang, '查看每项政策措施由哪些模块覆盖', 'See which modules serve each measure of the policy')}](policy-coverage.md)", ""]
    return "\n".join(lines)


def coverage(cur: Curriculum, lang) -> str:
    lines = [f"# {lang_text(lang, '政策覆盖图', 'Policy coverage map')}", "",
             lang_text(lang, "《关于加强困境儿童心理健康关爱服务工作的实施意见》（津民发〔2024〕10号）的14项主要内容和3项保障措施，以及为每一项服务的培训模块。本页由模块元数据自动生成。",
               "The 14 measures and 3 safeguards of Tianjin's implementing opinions on the mental-health care of children in difficult circumstances (津民发〔2024〕10号), and the training modules that serve each. Built from the modules' metadata."),
             "", f"| {lang_text(lang, '条款', 'Clause')} | {lang_text(lang, '措施', 'Measure')} | {lang_text(lang, '相关模块', 'Modules')} |", "|---|---|---|"]
    uncovered = 0
    for m in cur.policy:
        mods = [x for x in cur.built if m["id"] in x.meta["policy"]]
        if mods:
            cell = "<br>".join(f"[{escape(x.title(lang))}]({x.id}/index.md)" for x in mods)
        elif "outside_training" in m:
            cell = lang_text(lang, "培训之外：", "Outside training: ") + m["outside_training"][lang]
        else:
            uncovered += 1
            cell = f'<span class="hm-uncovered">{lang_text(lang, "尚未覆盖", "Not covered")}</span>'
        lines.append(f"| {clause_label(m['clause'], lang)} | {escape(m['title'][lang])} | {cell} |")
    lines += ["", lang_text(lang, f"尚未覆盖的措施：{uncovered} 项。", f"Measures not covered: {uncovered}."), ""]
    return "\n".join(lines)


def module_overview(m, c: Content, lang, directory_urls) -> str:
    meta = m.meta
    src = f"courses/{m.id}/index.md"
    cur = c.curriculum
    policy = {p["id"]: p for p in cur.policy}
    prereq = [cur.modules[p] for p in meta["prerequisites"] if p in cur.modules]
    sep = "、" if lang == "zh" else ", "
    prereq_html = sep.join(f'<a href="{relative(src, f"courses/{p.id}/index.md", directory_urls)}">{escape(p.title(lang))}</a>' for p in prereq) or lang_text(lang, "无", "none")
    clauses = "<br>".join(f"{clause_label(policy[p]['clause'], lang)} {escape(policy[p]['title'][lang])}" for p in meta["policy"] if p in policy)
    hours = f"{fmt_hours(meta['hours'])} {lang_text(lang, '学时', 'class hours' if meta['hours'] != 1 else 'class hour')}"
    facts = [(lang_text(lang, "学时", "Hours"), hours), (lang_text(lang, "适用对象", "For"), escape(audience_names(meta["audiences"], lang))),
             (lang_text(lang, "先修模块", "Take first"), prereq_html), (lang_text(lang, "对应政策条款", "Policy clauses"), clauses)]
    # A title from YAML is text: escaped here and in the page's title (MkDocs puts page.title
    # into <title> and the nav as it is).
    lines = [front_matter(humiao_module=m.id, title=escape(m.title(lang))), f"# {escape(m.title(lang))}", "", escape(meta["summary"][lang]), "",
             f'<div class="hm-module-status" data-module="{escape(m.id)}" data-lessons="{escape(" ".join(m.lessons))}" aria-live="polite"></div>', "",
             '<dl class="hm-facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>",
             "", f"## {lang_text(lang, '学习目标', 'Learning objectives')} {{ #objectives }}", "",
             lang_text(lang, "学完本模块，你能够：", "After this module you can:"), ""]
    lines += [f"- {o}" for o in meta["objectives"][lang]]
    lines += ["", f"## {lang_text(lang, '课程内容', 'Lessons')} {{ #lessons }}", ""]
    for i, lesson in enumerate(m.lessons, 1):
        lines.append(f'{i}. [{m.pages[lesson][lang].title}]({lesson}.md){{ data-lesson="{lesson}" }}')
    lines += ["", lang_text(lang, "读到一课的末尾，这一课就记为已读（记录在本浏览器里）。", "A lesson counts as read when you reach its end (kept in this browser).")]
    lines += ["", f"## {lang_text(lang, '练习与工具', 'Practice and tools')} {{ #tools }}", ""]
    bank = c.banks.get(m.id)
    if bank and "practice" in bank.modes:
        lines.append(f"- [{lang_text(lang, '练习题', 'Practice quiz')}](../../quizzes/{m.id}/index.md) · {len(bank.questions)} {lang_text(lang, '题', 'questions')}")
    lines += [f"- [{lang_text(lang, '一页工作卡（可打印）', 'One-page job aid (printable)')}](job-aid.md)",
              f"- [{lang_text(lang, '培训者指引', 'Notes for trainers')}](trainer-notes.md)", ""]
    return "\n".join(lines)


def lesson_footer(m, lesson, banks, lang) -> str:
    i = m.lessons.index(lesson)
    if i + 1 < len(m.lessons):
        nxt = m.lessons[i + 1]
        link = f"[{lang_text(lang, '下一课：', 'Next lesson: ')}{m.pages[nxt][lang].title}]({nxt}.md)"
    elif banks.get(m.id):
        link = f"[{lang_text(lang, '下一步：做练习题', 'Next: the practice quiz')}](../../quizzes/{m.id}/index.md)"
    else:
        link = f"[{lang_text(lang, '返回模块首页', 'Back to the module')}](index.md)"
    return f'<div class="hm-lesson-end" data-module="{escape(m.id)}" data-lesson="{escape(lesson)}" aria-live="polite"></div>\n\n{link}{{ .md-button .md-button--primary .hm-next-step }}\n'


def progress(c: Content, lang: str, directory_urls: bool) -> dict[str, str]:
    """progress/: My progress and the certificate (progress_page.py writes them); the built modules
    and banks go in as one JSON catalog for progress.js."""
    cur = c.curriculum
    catalog = {"siteVersion": c.site_version,
               "modules": [{"id": m.id, "title": m.title(lang), "hours": m.meta["hours"], "lessons": m.lessons,
                            "audiences": m.meta["audiences"], "bank": m.id if m.id in c.banks else None,
                            "href": relative("progress/index.md", f"courses/{m.id}/index.md", directory_urls)} for m in cur.built],
               "banks": {b.id: {"version": b.version, "modes": b.modes, "module": b.data.get("module"),
                                "title": b.data["title"][lang], "href": relative("progress/index.md", f"quizzes/{b.id}/index.md", directory_urls)}
                         for b in c.banks.values() if bank_built(b, cur)},
               "roles": labels(ROLES, lang, COURSE_ROLES),
               "districts": labels(DISTRICTS, lang)}
    data = json.dumps(catalog, ensure_ascii=False).replace("</", "<\\/")
    return {f"progress/index{lang_suffix(lang)}": progress_page(lang, data),
            f"progress/certificate{lang_suffix(lang)}": certificate_page(lang, data)}
