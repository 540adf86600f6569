"""The learner's own pages: My progress (profile, progress, hand-in by file or record code,
moving progress to another device) and the certificate. Their script: docs/assets/progress.js."""
from __future__ import annotations

import json
from html import escape

from .completion.codes import CODE_RE
from .markup import front_matter, lang_text

def progress_page(lang, data) -> str:
    return "\n".join([
        front_matter(humiao_scripts=["progress"]),
        f"# {lang_text(lang, '我的学习', 'My progress')}", "",
        f'??? note "{lang_text(lang, "隐私：记录只保存在这台设备的浏览器里", "Privacy: your record stays in this device’s browser")}"',
        "    " + lang_text(lang, "你的姓名、进度和答题记录只保存在这台设备的浏览器里，不会自动发送到任何地方。只有你把记录码或记录文件发给培训者时，培训者才能看到。换设备或清除浏览器数据会丢失记录，请及时下载。点击“忘记我”会删除本浏览器中的全部记录。",
                 "Your name, progress and answers are kept only in this device's browser and are never sent anywhere by themselves. Your trainer sees them only when you send your record code or file. A new device or clearing browser data loses them, so download your record in time. \"Forget me\" deletes everything this browser keeps."),
        "",
        f"## {lang_text(lang, '个人信息', 'Profile')} {{ #profile }}", "",
        '<div class="hm-app" id="hm-progress-app">',
        f'<noscript><p>{lang_text(lang, "记录学习进度需要启用 JavaScript。", "Progress tracking needs JavaScript.")}</p></noscript>',
        '<p class="hm-storage-warning" role="alert" hidden></p>',
        '<form class="hm-profile">',     # hidden without JavaScript: humiao.css, .hm-script
        f'<p><label>{lang_text(lang, "姓名", "Name")} <input name="name" required autocomplete="name"></label></p>',
        f'<p><label>{lang_text(lang, "岗位", "Role")} <select name="role" required></select></label></p>',
        f'<p><label>{lang_text(lang, "所在区", "District")} <select name="district" required></select></label></p>',
        f'<p><label>{lang_text(lang, "单位", "Organisation")} <input name="organisation" required autocomplete="organization"></label></p>',
        f'<p><label>{lang_text(lang, "工号（可选）", "Staff number (optional)")} <input name="staff_id" autocomplete="off"></label></p>',
        f'<p class="hm-hint">{lang_text(lang, "填好后点“保存”。这些信息会写在学习记录和证书上。", "Press Save when done. These details go on your record and certificate.")}</p>',
        f'<p><button type="submit" class="md-button md-button--primary">{lang_text(lang, "保存", "Save")}</button> <span class="hm-profile-saved" role="status" aria-live="polite"></span></p>',
        '</form>', '</div>', "",
        f"## {lang_text(lang, '学习进度', 'Progress')} {{ #modules }}", "",
        # What progress.js shows a reader with no record yet, already in the page: the form and the
        # table do not push the rest of the page down when the script runs (layout shift, issue #22).
        *first_view(lang, json.loads(data)), "",
        f"## {lang_text(lang, '交学习记录', 'Hand in your record')} {{ #record }}", "",
        lang_text(lang, "把学习记录交给培训者，有两种办法，交哪一种都可以：",
          "Hand your record to your trainer in either of two ways:"), "",
        lang_text(lang, "- **记录码**（微信里也能用）：点“复制我的记录码”，打开和培训者的微信聊天（或短信），长按输入框，选“粘贴”，发送。",
          "- **Record code** (works inside WeChat too): press Copy my record code, open your chat with your trainer (or an SMS), press and hold the input box, choose Paste, and send."),
        lang_text(lang, "- **记录文件**：点“下载学习记录”，手机会保存一个文件；把这个文件通过微信、电子邮件或U盘发给培训者。",
          "- **Record file**: press Download my record: your phone saves a file. Send that file to your trainer by WeChat, e-mail or USB stick."), "",
        '<p class="hm-inapp-hint" role="note" hidden></p>',
        '<p class="hm-record-note" role="status" aria-live="polite"></p>',
        f'<p class="hm-record-actions"><button type="button" class="md-button md-button--primary hm-copy-code">{lang_text(lang, "复制我的记录码", "Copy my record code")}</button> '
        f'<button type="button" class="md-button hm-download">{lang_text(lang, "下载学习记录", "Download my record")}</button> '
        f'<button type="button" class="md-button hm-share" hidden>{lang_text(lang, "分享记录码", "Share my record code")}</button></p>',
        f'<p class="hm-code-box" hidden><label>{lang_text(lang, "你的记录码（如果没有自动复制，长按下面的框，全选后复制）", "Your record code (if it was not copied, press and hold the box, select all and copy)")}'
        f'<textarea class="hm-code" readonly rows="4" spellcheck="false"></textarea></label></p>',
        f'<p><button type="button" class="md-button hm-ics">{lang_text(lang, "添加年度复训提醒（日历）", "Add the annual refresher reminder (calendar)")}</button></p>', "",
        f"[{lang_text(lang, '查看并打印证书', 'View and print my certificate')}](certificate.md)", "",
        f"## {lang_text(lang, '在这台设备上继续', 'Continue on this device')} {{ #move }}", "",
        lang_text(lang, "在微信里学了一半，想换到手机浏览器或电脑上接着学？在原来的地方点“复制我的记录码”，再在这里粘贴，点“合并到这台设备”。两边的进度会合在一起，不会互相覆盖；以后在哪里学都可以，交记录时交最新的那一份。",
          "Started inside WeChat and want to go on in the phone's browser or on a computer? Where you started, press Copy my record code; paste it here and press Merge into this device. Both sides' progress is put together, nothing is overwritten; after that, study wherever you like and hand in the newest record."), "",
        f'<form class="hm-import"><p><label>{lang_text(lang, "粘贴记录码", "Paste a record code")}'
        f'<textarea name="code" rows="4" spellcheck="false" autocomplete="off"></textarea></label></p>'
        f'<p><button type="submit" class="md-button md-button--primary">{lang_text(lang, "合并到这台设备", "Merge into this device")}</button> '
        '<span class="hm-import-status" role="status" aria-live="polite"></span></p></form>', "",
        f"## {lang_text(lang, '忘记我', 'Forget me')} {{ #forget }}", "",
        f'<p><button type="button" class="md-button hm-forget">{lang_text(lang, "忘记我：删除本浏览器中的全部记录", "Forget me: delete everything this browser keeps")}</button></p>', "",
        f'<script type="application/json" id="hm-catalog">{data}</script>',
        f'<script type="application/json" id="hm-progress-strings">{json.dumps(progress_strings(lang), ensure_ascii=False)}</script>',
        f'<script type="application/json" id="hm-record-code">{json.dumps(CODE_FORMAT)}</script>', ""])


def _num(x) -> str:
    """A number as JavaScript's String() writes it (2, not 2.0)."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def first_view(lang, catalog) -> list[str]:
    """The next step and the progress table as progress.js renders them for a reader with no
    record (every module, nothing read), so the page keeps its layout when the script runs."""
    s = progress_strings(lang)
    mods = catalog["modules"]
    labels = [s["module"], s["hours"], s["read"], s["practice"]]
    rows, total = [], 0
    for m in mods:
        total += m["hours"]
        cells = [f'<a href="{escape(m["href"])}">{escape(m["title"])}</a>', _num(m["hours"]),
                 f'0{s["of"]}{len(m["lessons"])}', s["notYet"]]
        rows.append(f'<tr data-module="{escape(m["id"])}" data-complete="no">'
                    + "".join(f'<td data-label="{escape(lab)}">{c if i == 0 else escape(c)}</td>'
                              for i, (lab, c) in enumerate(zip(labels, cells))) + "</tr>")
    head = "".join(f"<th>{escape(lab)}</th>" for lab in labels)
    parts = [f'<table class="hm-ptable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>',
             f'<p class="hm-hours">{escape(s["earned"].format(earned=0, total=_num(total)))}</p>']
    if any(b["module"] == "curriculum" for b in catalog["banks"].values()):
        parts.append(f'<p class="hm-assessment">{escape(s["assessment"])}: {escape(s["notYet"])}</p>')
    parts += [f'<p class="hm-due">{escape(s["noDue"])}</p>', f'<p>{escape(s["noProfile"])}</p>']
    nxt = ""
    if mods and mods[0]["lessons"]:
        m = mods[0]
        file = m["href"].endswith("index.html")   # the offline package links files, not folders
        href = (m["href"][:-len("index.html")] if file else m["href"]) + m["lessons"][0] + (".html" if file else "/")
        nxt = f'<a class="md-button md-button--primary" href="{escape(href)}">{escape(s["nextStep"] + m["title"])}</a>'
    return [f'<p class="hm-next-up">{nxt}</p>', f'<div class="hm-progress-table" aria-live="polite">{"".join(parts)}</div>']


# The page reads codes with the same pattern as the export (completion/codes.py).
CODE_FORMAT = {"pattern": CODE_RE.pattern}


def certificate_page(lang, data) -> str:
    return "\n".join([
        front_matter(humiao_scripts=["progress"], humiao_print="certificate"),
        f"# {lang_text(lang, '学习证书', 'Certificate of completion')}", "",
        '<div class="hm-certificate" aria-live="polite">',
        f'<noscript><p>{lang_text(lang, "证书需要启用 JavaScript。", "The certificate needs JavaScript.")}</p></noscript>',
        '</div>', "",
        lang_text(lang, "本证书列出本浏览器记录的已完成模块（课文读完且练习通过）。年度考核成绩以培训者核定为准。",
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
        "pathDone": ("你的学习路径已经全部完成。请把记录码或记录文件交给培训者（见下面“交学习记录”）。", "You have completed your whole path. Hand your record code or file to your trainer (see Hand in your record below)."),
        "wechat": ("你正在微信里打开本页。在微信里学习没问题，进度保存在微信里。交记录请用“复制我的记录码”，粘贴到和培训者的聊天里（微信里不能下载文件）。想换到手机浏览器接着学：先在这里复制记录码，再到浏览器的“我的学习”页粘贴合并。",
                   "You opened this page inside WeChat. You can study here; your progress is kept inside WeChat. To hand in, use Copy my record code and paste it into your chat with your trainer (WeChat cannot download files). To go on in the phone's browser: copy your code here, then paste it on My progress in the browser and merge."),
        "inapp": ("你正在一个应用里打开本页。这里可能不能下载文件：请用“复制我的记录码”交记录。",
                  "You opened this page inside an app, which may not download files: hand in with Copy my record code."),
        "copied": ("记录码已复制。打开和培训者的聊天，长按输入框，选“粘贴”，发送。", "Record code copied. Open your chat with your trainer, press and hold the input box, choose Paste, and send."),
        "copyManual": ("请长按下面的记录码，全选后复制，再粘贴到和培训者的聊天里。", "Press and hold the code below, select all and copy it, then paste it into your chat with your trainer."),
        "codeSize": ("记录码共 {n} 个字符。", "The code has {n} characters."),
        "importNone": ("没有找到记录码：请粘贴以 HM1. 开头的整段记录码。", "No record code found: paste the whole code, which starts with HM1."),
        "importBad": ("记录码不完整或被改动了：请在原来的设备上重新复制整段记录码。", "The code is incomplete or changed: copy the whole code again on the other device."),
        "importOther": ("这个记录码是“{theirs}”的，这台设备上是“{mine}”的。确定要合并成一个人的记录吗？", "This code belongs to \"{theirs}\", this device to \"{mine}\". Merge them into one person's record?"),
        "imported": ("已合并：新增 {attempts} 次答题、{lessons} 课已读。", "Merged: {attempts} new quiz attempt(s), {lessons} lesson(s) read."),
        "importSame": ("已合并：这台设备上已经有这些记录了。", "Merged: this device already had all of it."),
        "importUnsupported": ("这个浏览器不能打开压缩的记录码：请换一个浏览器（如手机自带浏览器）。", "This browser cannot open a compressed code: use another browser (the phone's own browser, for example)."),
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
