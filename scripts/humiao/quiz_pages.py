"""The quiz pages (quizzes/, from the banks quizzes.py loads): the index, each built bank's page,
its paper version and, for a practice bank, its answer key. Text from YAML is escaped before it
reaches raw HTML; assessment pages never carry the answers."""
from __future__ import annotations

import hashlib
import json
from html import escape
from typing import TYPE_CHECKING

from .courses import Curriculum
from .markup import front_matter, lang_suffix, lang_text
from .quizzes import CURRICULUM, Bank
from .urls import parse_ref, relative


if TYPE_CHECKING:
    from .content import Content


def pages(c: Content, lang: str, directory_urls: bool) -> dict[str, str]:
    out = {f"quizzes/index{lang_suffix(lang)}": quiz_index(c, lang)}
    for bank in c.banks.values():
        if not bank_built(bank, c.curriculum):
            continue
        out[f"quizzes/{bank.id}/index{lang_suffix(lang)}"] = quiz_page(bank, c.curriculum, lang, directory_urls)
        out[f"quizzes/{bank.id}/print{lang_suffix(lang)}"] = quiz_print(bank, lang, with_key=False)
        if not bank.is_assessment:
            out[f"quizzes/{bank.id}/answer-key{lang_suffix(lang)}"] = quiz_print(bank, lang, with_key=True)
    return out


def bank_built(bank: Bank, curriculum: Curriculum) -> bool:
    """A bank is built when its module is (or it spans the curriculum: the annual assessment)."""
    return bank.data.get("module") == CURRICULUM or bank.data.get("module") in curriculum.order


def banks_in_course_order(c: Content) -> list[Bank]:
    """The built banks as a learner meets them: each module's practice quiz in catalog order,
    then any other (the annual assessment), never the files' alphabetical order."""
    order = {mid: i for i, mid in enumerate(c.curriculum.order)}
    built = [b for b in c.banks.values() if bank_built(b, c.curriculum)]
    return sorted(built, key=lambda b: (order.get(b.data.get("module"), len(order)), b.id))


def next_module(curriculum: Curriculum, mid):
    order = curriculum.order
    if mid in order and order.index(mid) + 1 < len(order):
        return curriculum.modules[order[order.index(mid) + 1]]
    return None


def blueprint_attr(bank: Bank, curriculum: Curriculum) -> str:
    """The assessment's blueprint and each module's roles, for quiz.js to draw by (humiao/blueprint.py)."""
    bp = bank.data.get("blueprint")
    if not bank.is_assessment or not bp:
        return ""
    audiences = {mid: list(m.meta.get("audiences") or []) for mid, m in curriculum.modules.items()}
    data = {"always": dict(bp.get("always") or {}), "each_module": bp.get("each_module", 0), "audiences": audiences}
    return f' data-blueprint="{escape(json.dumps(data, ensure_ascii=False))}"'


def quiz_index(c: Content, lang: str) -> str:
    lines = [f"# {lang_text(lang, '测验', 'Quizzes')}", "",
             lang_text(lang, "练习题：每题即时反馈，可反复练习。年度考核：作答记录在本浏览器中，由培训者统一评分。",
               "Practice quizzes give feedback at once and can be repeated. The annual assessment records your answers in this browser; your trainer grades them."), ""]
    built = banks_in_course_order(c)
    for title, banks in ((lang_text(lang, "年度考核", "Annual assessment"), [b for b in built if b.is_assessment]),
                         (lang_text(lang, "练习题", "Practice quizzes"), [b for b in built if not b.is_assessment])):
        anchor = "assessment" if banks and banks[0].is_assessment else "practice"
        lines += [f"## {title} {{ #{anchor} }}", ""]
        for b in banks:
            lines.append(f"- [{escape(b.data['title'][lang])}]({b.id}/index.md){{ data-bank=\"{b.id}\" }} · {len(b.questions)} {lang_text(lang, '题', 'questions')} · "
                         f"[{lang_text(lang, '纸质版', 'paper version')}]({b.id}/print.md)")
        lines.append("" if banks else lang_text(lang, "暂无。", "None yet.") + "\n")
    return "\n".join(lines)


def quiz_page(bank: Bank, curriculum: Curriculum, lang: str, directory_urls: bool) -> str:
    """One bank's interactive page: an introduction, then a form of every question (quiz.js runs
    it); a practice bank adds each answer and its feedback, an assessment bank never does."""
    src = f"quizzes/{bank.id}/index.md"
    assess = bank.is_assessment
    nxt = None if assess else next_module(curriculum, bank.data.get("module"))
    after = (f' data-next-href="{relative(src, f"courses/{nxt.id}/index.md", directory_urls)}" data-next-title="{escape(nxt.title(lang))}"' if nxt else "")
    after += f' data-progress-href="{relative(src, "progress/index.md", directory_urls)}"'
    body = [f'<div class="hm-quiz" data-bank="{escape(bank.id)}" data-version="{bank.version}" data-mode="{"assessment" if assess else "practice"}" '
            f'data-pass="{bank.pass_mark}" data-draw="{bank.draw}" data-lang="{lang}"{after}{blueprint_attr(bank, curriculum)}>',
            f'<noscript><p class="hm-note">{_noscript(assess, lang, relative(src, f"quizzes/{bank.id}/print.md", directory_urls))}</p></noscript>',
            '<form class="hm-quiz-form" novalidate>']
    key = {}
    if assess:
        # The pool (every question, of which quiz.js draws a few) is in pool.<hash>.js beside the page, not in
        # it: 140 KB less HTML before the first paint on a plain server (issue #22).
        body.append(f'<div class="hm-pool" data-src="{pool_file(pool_script(bank, lang))}"><p class="hm-note" role="status">{lang_text(lang, "正在加载题目……", "Loading the questions…")}</p></div>')
    for n, q in enumerate([] if assess else bank.questions, 1):
        body += _question(bank, n, q, lang)
        explain, key[q["id"]] = _explanation(q, curriculum, lang, src, directory_urls)
        body += explain
        body.append("</fieldset>")
    body.append(f'<div class="hm-actions{" hm-needs-js" if assess else ""}"><button type="submit" class="md-button md-button--primary">{lang_text(lang, "提交", "Submit")}</button> '
                f'<button type="button" class="md-button hm-retry">{lang_text(lang, "重新开始（打乱顺序）", "Start again (shuffled)") if not assess else lang_text(lang, "重新抽题", "Draw new questions")}</button></div>')
    body.append('<div class="hm-result" role="status" aria-live="polite"></div>')
    body.append("</form>")
    if not assess:
        # Practice banks carry their key; assessment pages never do (graded by the trainer).
        body.append('<script type="application/json" class="hm-quiz-key">' + json.dumps(key, ensure_ascii=False).replace("</", "<\\/") + "</script>")
    body.append(f'<script type="application/json" class="hm-quiz-strings">{json.dumps(quiz_strings(lang), ensure_ascii=False)}</script>')
    body.append("</div>")
    return "\n".join(_quiz_head(bank, lang)) + "\n" + "\n".join(body) + "\n"


def _noscript(assess: bool, lang: str, print_href: str) -> str:
    if assess:
        return lang_text(lang, f"本页的抽题、提交和记录需要启用 JavaScript；没有 JavaScript 时，可以在<a href=\"{print_href}\">纸质版</a>中阅读全部题目。",
                         f"Drawing, submitting and recording need JavaScript; without it you can read every question in the <a href=\"{print_href}\">paper version</a>.")
    return lang_text(lang, "本页的提交和记录需要启用 JavaScript；没有 JavaScript 也可以阅读全部题目，并展开每题的答案与解析。",
                     "Submitting and recording need JavaScript; without it you can still read every question and open each answer and explanation.")


def pool_file(script: str) -> str:
    """A pool_script's file name, with a hash of its content: a browser's cached copy of an older
    pool is never paired with a newer page (as Material names its own assets)."""
    return f"pool.{hashlib.sha256(script.encode()).hexdigest()[:8]}.js"


def pool_script(bank: Bank, lang: str) -> str:
    """An assessment's questions as quiz.js takes them: a script (it loads from file:// too, where
    a fetch would not), written beside the bank's page as pool_file()."""
    html = "\n".join(line for n, q in enumerate(bank.questions, 1) for line in _question(bank, n, q, lang) + ["</fieldset>"])
    data = json.dumps({"bank": bank.id, "html": html}, ensure_ascii=False).replace("</", "<\\/")
    return f"window.HumiaoPool = {data};\n"


def _quiz_head(bank: Bank, lang: str) -> list[str]:
    """The title, how this kind of quiz works and its pass mark, and the links to the paper versions."""
    assess = bank.is_assessment
    d = bank.data
    head = [front_matter(humiao_scripts=["quiz"], title=escape(d['title'][lang])), f"# {escape(d['title'][lang])}", ""]
    if assess:
        head += [lang_text(lang, f"年度考核：每次从 {len(bank.questions)} 道题中随机抽取 {bank.draw} 道。作答后点击“提交”，记录保存在本浏览器中，请在“我的学习”页把记录码或记录文件交给培训者。评分由培训者完成，合格线为 {round(bank.pass_mark * 100)}%。",
                   f"Annual assessment: each attempt draws {bank.draw} of {len(bank.questions)} questions at random. Answer, then press Submit: the attempt is kept in this browser. On the My progress page, hand your record code or file to your trainer, who grades it; the pass mark is {round(bank.pass_mark * 100)}%."), ""]
    else:
        head += [lang_text(lang, f"练习题：每题点“检查答案”即可看到反馈，答错可以再试。全部作答后点“提交”记录成绩，合格线为 {round(bank.pass_mark * 100)}%。",
                   f"Practice quiz: press Check answer on each question for feedback, and try again if you were wrong. When you have answered all, press Submit to record your score; the pass mark is {round(bank.pass_mark * 100)}%."), ""]
    head += [f"[{lang_text(lang, '打印纸质版', 'Print the paper version')}](print.md)" + ("" if assess else f" · [{lang_text(lang, '答案与解析', 'Answer key')}](answer-key.md)"), ""]
    return head


def _question(bank: Bank, n: int, q: dict, lang: str) -> list[str]:
    """A question's fieldset, up to its options (its explanation and the closing tag follow)."""
    assess = bank.is_assessment
    cases = bank.cases
    out = []
    qid = q["id"]
    kind = q["type"]
    hint = {"single": lang_text(lang, "单选", "choose one"), "multiple": lang_text(lang, "多选：选出所有正确的", "choose all that apply"),
            "truefalse": lang_text(lang, "判断对错", "true or false")}[kind]
    module = f' data-module="{escape(parse_ref(q["see"]).module)}"' if assess else ""
    out.append(f'<fieldset class="hm-q" id="q-{escape(qid)}" data-q="{escape(qid)}" data-type="{kind}"{module}>')
    out.append(f'<legend><span class="hm-q-n">{lang_text(lang, f"第 {n} 题", f"Question {n}")}</span> '
               f'<span class="hm-q-hint">（{hint}）</span><span class="hm-q-text">{escape(q["prompt"][lang])}</span></legend>' if lang == "zh" else
               f'<legend><span class="hm-q-n">Question {n}</span> <span class="hm-q-hint">({hint})</span> <span class="hm-q-text">{escape(q["prompt"][lang])}</span></legend>')
    if q.get("case") in cases:
        out.append(f'<div class="hm-case"><p class="hm-case-label">{lang_text(lang, "情境", "Case")}</p><p>{escape(cases[q["case"]]["text"][lang])}</p></div>')
    itype = "checkbox" if kind == "multiple" else "radio"
    for o in q["options"]:
        oid = f"{bank.id}--{qid}--{o['id']}"
        out.append(f'<div class="hm-opt"><input type="{itype}" id="{escape(oid)}" name="{escape(qid)}" value="{escape(o["id"])}">'
                   f'<label for="{escape(oid)}">{escape(o["text"][lang])}</label></div>')
    return out


def _explanation(q: dict, curriculum: Curriculum, lang: str, src: str, directory_urls: bool) -> tuple[list[str], dict]:
    """A practice question's folded answer and feedback, its Check button, and its entry in the
    page's key (what quiz.js grades and explains with)."""
    mods = curriculum.modules
    out = []
    mid, lesson, anchor = parse_ref(q["see"])
    see_href = relative(src, f"courses/{mid}/{lesson}.md", directory_urls, anchor)
    see_title = mods[mid].pages[lesson][lang].title if mid in mods and lesson in mods[mid].pages else q["see"]
    answer = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
    labels = {o["id"]: o["text"][lang] for o in q["options"]}
    fb = "".join(f'<li><strong>{escape(o["text"][lang])}</strong>：{escape(o["feedback"][lang])}</li>' if lang == "zh" else
                 f'<li><strong>{escape(o["text"][lang])}</strong>: {escape(o["feedback"][lang])}</li>' for o in q["options"])
    right = ("；" if lang == "zh" else "; ").join(escape(labels[a]) for a in answer if a in labels)
    out.append(f'<details class="hm-explain"><summary>{lang_text(lang, "答案与解析", "Answer and explanation")}</summary>'
               f'<p>{lang_text(lang, "正确答案：", "Correct answer: ")}{right}</p><ul>{fb}</ul>'
               f'<p><a href="{see_href}">{lang_text(lang, "复习：", "Read again: ")}{escape(see_title)}</a></p></details>')
    out.append(f'<div class="hm-fb" aria-live="polite"></div><button type="button" class="md-button hm-check">{lang_text(lang, "检查答案", "Check answer")}</button>')
    return out, {"answer": answer, "see": see_href, "seeTitle": see_title,
                 "feedback": {o["id"]: o["feedback"][lang] for o in q["options"]}}


def quiz_print(bank: Bank, lang: str, with_key: bool) -> str:
    d = bank.data
    title = escape(d["title"][lang]) + (lang_text(lang, "：答案与解析", ": answer key") if with_key else lang_text(lang, "（纸质版）", " (paper version)"))
    lines = [front_matter(humiao_print="quiz", title=title), f"# {title}", "",
             lang_text(lang, "姓名：＿＿＿＿＿＿　单位：＿＿＿＿＿＿　日期：＿＿＿＿＿＿", "Name: ______________ Organisation: ______________ Date: __________") if not with_key else "", "",
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
        "poolFailed": ("题目没有加载成功：请刷新本页再试，或使用纸质版。", "The questions did not load: reload this page to try again, or use the paper version."),
        "drawn": ("本次抽取了 {n} 道题。", "{n} questions were drawn for this attempt."),
        "next": ("下一个模块：", "Next module: "),
        "allDone": ("这是最后一个模块。查看我的学习进度", "This was the last module. See my progress"),
        "progress": ("查看我的学习进度", "See my progress"),
    }.items()}
