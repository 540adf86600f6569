"""The directory pages (directory/, from data/directory.yml through directory.py): the resource
directory, the wallet card, the district resource sheet and the maintainers' freshness page; and
the help block every <!-- help --> shortcode becomes. Text from YAML is escaped before it reaches
raw HTML."""
from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from . import directory as dirmod
from .markup import front_matter, lang_suffix, lang_text, tel_link
from .urls import relative
from .vocab import SAME_EVERYWHERE, page_json

if TYPE_CHECKING:
    from .content import Content


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
            calls = " ".join(tel_link(p) for p in phones)
            first.append(f'<li><span class="hm-help-when">{escape(dirmod.HELP_FIRST[topic][i])}</span> {calls}</li>')
    more = []
    for e in dirmod.for_topics(entries, spec["more"]):
        phones = " ".join(tel_link(p) for p in e["phones"])
        more.append(f'<li data-area="{escape(e["area"])}"><strong>{escape(e["name"][lang])}</strong> {phones}'
                    f'<br><span class="hm-help-offers">{escape(e["offers"][lang])}</span> '
                    f'<span class="hm-help-hours">{escape(e["hours"][lang])}</span></li>')
    directory = relative(src, "directory/index.md", directory_urls)
    title = lang_text(lang, "到哪里求助", "Where to get help")
    return (f'<aside class="hm-help" aria-label="{title}">\n'
            f'<p class="hm-help-title"><strong>{title}</strong></p>\n'
            f'<ul class="hm-help-first">{"".join(first)}</ul>\n'
            f'<details class="hm-help-more"><summary>{lang_text(lang, "更多求助电话：能帮什么、什么时间", "More lines: what they offer and when")}</summary>\n'
            f'<ul>{"".join(more)}</ul>\n'
            f'<p><a href="{directory}">{lang_text(lang, "查看完整资源目录（按区筛选）", "See the full resource directory (filter by district)")}</a></p>\n'
            f'</details>\n{vocab_block()}\n</aside>')


def vocab_block() -> str:
    """The fixed vocabularies the page scripts need (humiao.js, directory.js), as a JSON data block."""
    return f'<script type="application/json" class="hm-vocab">{json.dumps(page_json())}</script>'


def strip_entries(entries: list[dict]) -> list[dict]:
    return [e for e in entries if e.get("strip") and e.get("phones")]


def pages(c: Content, lang: str, directory_urls: bool) -> dict[str, str]:
    entries = c.directory
    return {f"directory/index{lang_suffix(lang)}": directory_index(entries, lang, directory_urls),
            f"directory/wallet-card{lang_suffix(lang)}": wallet_card(entries, lang),
            f"directory/resource-sheet{lang_suffix(lang)}": resource_sheet(entries, lang),
            f"directory/freshness{lang_suffix(lang)}": freshness(entries, lang)}


def entry_html(e, lang) -> str:
    phones = " ".join(tel_link(p) for p in e.get("phones", []))
    area = dirmod.AREAS[e["area"]][0 if lang == "zh" else 1]
    parts = [f'<article class="hm-entry" data-type="{e["type"]}" data-area="{e["area"]}" data-audience="{" ".join(e["audience"])}" id="{e["id"]}">',
             f'<h3 class="hm-entry-name">{escape(e["name"][lang])}</h3>']
    if phones:
        parts.append(f'<p class="hm-entry-phones">{phones}</p>')
    parts.append(f'<p>{escape(e["offers"][lang])}</p>')
    facts = [(lang_text(lang, "地区", "Area"), area), (lang_text(lang, "时间", "Hours"), e["hours"][lang])]
    if "address" in e:
        facts.append((lang_text(lang, "地址", "Address"), e["address"][lang]))
    if "how_to_reach" in e:
        facts.append((lang_text(lang, "怎样联系", "How to reach"), e["how_to_reach"][lang]))
    facts.append((lang_text(lang, "适合", "For"), ("、" if lang == "zh" else ", ").join(dirmod.AUDIENCE[a][0 if lang == "zh" else 1] for a in e["audience"])))
    parts.append("<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts) + "</dl>")
    parts.append(f'<p class="hm-entry-source"><small>{lang_text(lang, "来源", "Source")}: {escape(e["source"][lang])} · {lang_text(lang, "核实日期", "verified")} {e["verified_on"]}</small></p>')
    parts.append("</article>")
    return "".join(parts)


def directory_index(entries: list[dict], lang: str, directory_urls: bool) -> str:
    src = "directory/index.md"
    i = 0 if lang == "zh" else 1
    json_href = relative(src, "directory/directory.json", directory_urls)
    options_area = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.DISTRICTS.items())
    options_type = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.TYPES.items() if any(e["type"] == k for e in entries))
    options_aud = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.AUDIENCE.items())
    lines = [front_matter(humiao_scripts=["directory"]), f"# {lang_text(lang, '资源目录', 'Resource directory')}", "",
             lang_text(lang, "热线电话和“5+X”关爱服务阵地（津民发〔2024〕10号 二（四）10、二（六）13）。每一条都注明来源和核实日期。号码可能变化：使用前请以官方发布为准。",
               "Hotlines and the \"5+X\" care network (Tianjin policy 2(4)10, 2(6)13). Every entry names its source and the date it was verified. Numbers change: check the official notice before relying on one."), "",
             f'!!! warning "{lang_text(lang, "有生命危险时", "If a life is in danger")}"',
             f'    {lang_text(lang, "立即拨打 110（报警）或 120（急救）。", "Call 110 (police) or 120 (ambulance) now.")}', "",
             f"[{lang_text(lang, '打印钱包卡', 'Print the wallet card')}](wallet-card.md) · [{lang_text(lang, '打印本区求助资源表', 'Print the district resource sheet')}](resource-sheet.md) · <a href='{json_href}'>{lang_text(lang, '开放数据（JSON）', 'Open data (JSON)')}</a> · [{lang_text(lang, '维护：核实与更新', 'Maintainers: keeping it current')}](freshness.md)", "",
             f'<form class="hm-filters" hidden aria-label="{lang_text(lang, "筛选", "Filters")}">'
             f'<label>{lang_text(lang, "所在区", "District")} <select name="area"><option value="">{lang_text(lang, "全部", "All")}</option>{options_area}</select></label> '
             f'<label>{lang_text(lang, "类型", "Type")} <select name="type"><option value="">{lang_text(lang, "全部", "All")}</option>{options_type}</select></label> '
             f'<label>{lang_text(lang, "服务对象", "For")} <select name="audience"><option value="">{lang_text(lang, "全部", "All")}</option>{options_aud}</select></label> '
             f'<label>{lang_text(lang, "关键词", "Text")} <input type="search" name="q"></label>'
             f'<p class="hm-filter-count" role="status" aria-live="polite"></p></form>', "", vocab_block(), ""]
    for tkey, tname in dirmod.TYPES.items():
        group = [e for e in entries if e["type"] == tkey]
        if not group:
            continue
        lines += [f"## {tname[i]} {{ #{tkey} }}", "", '<div class="hm-entries">' + "".join(entry_html(e, lang) for e in group) + "</div>", ""]
    lines += [f"## {lang_text(lang, '找不到本区的服务时', 'When you cannot find a service in your district')} {{ #how-to-find }}", "",
              lang_text(lang, "各区的未成年人保护工作站、儿童之家、家庭教育指导中心和学校心理中心都在运行，但本目录只收录能找到公开来源的联系方式。请通过乡镇（街道）办事处、村（居）委会或区民政局询问当地的儿童督导员和儿童主任。",
                "Minors' protection workstations, children's centres, family education centres and school psychology centres exist across the districts, but this directory lists only contacts with a public source. Ask the township or street office, the village or community committee, or the district civil-affairs bureau for the local child welfare supervisor or child director."), ""]
    return "\n".join(lines)


def wallet_card(entries: list[dict], lang: str) -> str:
    """A folded card the size of a bank card (85.6 × 54 mm a side): help numbers on both sides and
    a blank line for the local child director's number. Prints on one A4 page (humiao.css).
    A district select (directory.js) adds that district's lines; other districts' never print."""
    i = 0 if lang == "zh" else 1
    keys = [(e, p) for e in entries if e.get("phones") and e["area"] in SAME_EVERYWHERE for p in e["phones"]]
    local = [(e, p) for e in entries if e.get("phones") and e["area"] in dirmod.DISTRICTS for p in e["phones"]]
    def rows(items, hidden=False):
        return "".join(f'<tr data-area="{escape(e["area"])}"{" hidden" if hidden else ""}><td>{escape(" ".join(e["name"][lang].replace(p, " ").split()) or e["name"][lang])}</td>'
                       f'<td class="hm-wallet-n">{tel_link(p)}</td></tr>' for e, p in items)
    half = (len(keys) + 1) // 2
    blank = '<span class="hm-blank"></span>'
    front = (f'<section class="hm-wallet-side"><p class="hm-wallet-title">{lang_text(lang, "护苗学堂 · 求助电话", "Humiao · help numbers")}<span class="hm-district-name" data-prefix=" · "></span></p>'
             f'<p class="hm-wallet-danger">{lang_text(lang, "有生命危险：立即拨打 110 或 120", "Life in danger: call 110 or 120 now")}</p>'
             f'<table class="hm-wallet-t"><tbody>{rows(keys[:half])}</tbody></table></section>')
    back = (f'<section class="hm-wallet-side"><table class="hm-wallet-t"><tbody>{rows(local, hidden=True)}{rows(keys[half:])}</tbody></table>'
            f'<p class="hm-wallet-local">{lang_text(lang, "本村（社区）儿童主任：", "Our child director: ")}{blank}<br>'
            f'{lang_text(lang, "电话：", "Phone: ")}{blank}</p>'
            f'<p class="hm-wallet-date">{lang_text(lang, "核实日期见护苗学堂资源目录", "Verified: see the Humiao resource directory")} · {dirmod.build_date().isoformat()}</p></section>')
    options = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.DISTRICTS.items())
    pick = (f'<form class="hm-district-pick" hidden><label>{lang_text(lang, "为哪个区打印", "Print for district")} '
            f'<select name="district"><option value="">{lang_text(lang, "只印全市和全国电话", "City-wide and national lines only")}</option>{options}</select></label> '
            f'<small>{lang_text(lang, "选定后，卡上加印本区的电话（本目录已收录的）；其他区的不打印。", "The card then adds that district’s lines (those in this directory); other districts’ are not printed.")}</small></form>')
    return "\n".join([front_matter(humiao_print="card", humiao_scripts=["directory"]), f"# {lang_text(lang, '求助电话钱包卡', 'Wallet card of help numbers')}", "",
                       lang_text(lang, "打印后沿虚线剪下，在中间对折，和银行卡一样大，可以放进钱包。请在背面写上本村（社区）儿童主任的电话。",
                         "Print, cut along the dashed line and fold in the middle: it is the size of a bank card and fits a wallet. Write your local child director's number on the back."), "",
                       pick, "", vocab_block(), "", f'<div class="hm-wallet-card hm-district-scope">{front}{back}</div>', ""])


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


def resource_sheet(entries: list[dict], lang: str) -> str:
    """A one-page form a child director fills in by hand with the local contacts no public page
    lists; the city-wide and national numbers are drawn from data/directory.yml. Prints on one A4
    page (humiao.css); a district select (directory.js) prints the district's name and any of its
    entries in the directory."""
    i = 0 if lang == "zh" else 1
    blank = '<span class="hm-blank"></span>'
    options = "".join(f'<option value="{k}">{escape(v[i])}</option>' for k, v in dirmod.DISTRICTS.items())
    pick = (f'<form class="hm-district-pick" hidden><label>{lang_text(lang, "所在区", "District")} '
            f'<select name="district"><option value="">{lang_text(lang, "（手写）", "(write it in)")}</option>{options}</select></label></form>')
    head = (f'<p class="hm-sheet-head">{lang_text(lang, "区：", "District: ")}<span class="hm-district-name"></span><span class="hm-district-blank">{blank}</span> '
            f'{lang_text(lang, "乡镇（街道）：", "Township (street): ")}{blank}<br>'
            f'{lang_text(lang, "村（社区）：", "Village (community): ")}{blank} {lang_text(lang, "填表人：", "Filled in by: ")}{blank} {lang_text(lang, "日期：", "Date: ")}{blank}</p>')
    th = "".join(f"<th>{x}</th>" for x in (lang_text(lang, "找谁", "Whom"), lang_text(lang, "什么时候找", "For what"),
                                           lang_text(lang, "姓名 / 联系人", "Name / contact person"), lang_text(lang, "电话", "Phone"),
                                           lang_text(lang, "地址、时间、备注", "Address, hours, notes")))
    body = "".join(f'<tr><td><strong>{escape(r[i])}</strong></td><td><small>{escape(r[2 + i])}</small></td><td></td><td></td><td></td></tr>'
                   for r in SHEET_ROWS)
    city = [e for e in entries if e.get("phones") and (e.get("strip") or (e["area"] == "tianjin" and "crisis" in e["topics"]))]
    local = [e for e in entries if e.get("phones") and e["area"] in dirmod.DISTRICTS]
    def line(e, hidden=False):
        phones = " ".join(tel_link(p) for p in e["phones"])
        name = e["name"][lang]
        for p in e["phones"]:   # "110 报警电话" → "报警电话": the number is already in bold
            name = " ".join(name.replace(p, " ").split()) or name
        return (f'<li data-area="{escape(e["area"])}"{" hidden" if hidden else ""}><strong>{phones}</strong> {escape(name)} '
                f'<small>（{escape(e["hours"][lang])}）</small></li>' if lang == "zh" else
                f'<li data-area="{escape(e["area"])}"{" hidden" if hidden else ""}><strong>{phones}</strong> {escape(name)} '
                f'<small>({escape(e["hours"][lang])})</small></li>')
    numbers = "".join(line(e, hidden=True) for e in local) + "".join(line(e) for e in city)
    safety = [lang_text(lang, "有生命危险、受了重伤：立即拨打 110 或 120，不让孩子一个人待着。",
                "A life in danger or a serious injury: call 110 or 120 now, and do not leave the child alone."),
              lang_text(lang, "孩子说想死：直接问有没有计划、工具、时间，以前试过没有；有计划并有工具或时间，按“现在”处理。",
                "A child says they want to die: ask directly about a plan, means, timing and past attempts; a plan with means or timing is an emergency now."),
              lang_text(lang, "孩子自伤、自杀造成伤害：拨打 120，并向公安机关报告。",
                "Self-harm or a suicide attempt that causes injury: call 120 and report to the police."),
              lang_text(lang, "伤害可能来自家里：先向公安机关报告，不要先告诉家人。",
                "If the harm may come from home: report to the police first; do not tell the family first.")]
    return "\n".join([
        front_matter(humiao_print="sheet", humiao_scripts=["directory"]),
        f"# {lang_text(lang, '本区求助资源表', 'District resource sheet')}", "",
        f'<p class="hm-sheet-intro">{lang_text(lang, "由儿童主任手写填写：这些本地联系方式没有公开发布。填好后贴在儿童之家或工作台，复印一份随身带；每年核对一次，换人时及时改。", "For the child director to fill in by hand: no public page lists these local contacts. Put the filled-in sheet up in the children’s centre or at your desk and carry a copy; check it once a year and update it when people change.")}</p>',
        "", pick, "", vocab_block(), "",
        '<div class="hm-sheet hm-district-scope">', head,
        f'<table class="hm-sheet-t"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>',
        f'<div class="hm-sheet-foot"><section><p class="hm-sheet-sub"><strong>{lang_text(lang, "全市和全国求助电话（取自护苗学堂资源目录）", "City-wide and national lines (from the Humiao resource directory)")}</strong></p>'
        f'<ul class="hm-sheet-numbers">{numbers}</ul></section>'
        f'<section class="hm-sheet-safety"><p class="hm-sheet-sub"><strong>{lang_text(lang, "危急时先做什么", "In danger: do this first")}</strong></p>'
        f'<ul>{"".join(f"<li>{x}</li>" for x in safety)}</ul></section></div>',
        f'<p class="hm-sheet-src"><small>{lang_text(lang, "依据：津民发〔2024〕10号 二（四）10、二（五）11；高检发〔2020〕9号 第四条；号码的来源和核实日期见资源目录。", "Basis: Tianjin policy 津民发〔2024〕10号 2(4)10, 2(5)11; mandatory reporting rules 高检发〔2020〕9号 art. 4; sources and verification dates of the numbers: see the resource directory.")} · {dirmod.build_date().isoformat()}</small></p>',
        "</div>", ""])


def freshness(entries: list[dict], lang: str) -> str:
    """The operator page: entries by age with what to re-check, the yearly routine, and how to add
    a district's entries in data/directory.yml without touching code."""
    return "\n".join(_by_age(entries, lang) + _yearly_recheck(lang) + _adding_a_district(lang))


def _by_age(entries: list[dict], lang: str) -> list[str]:
    i = 0 if lang == "zh" else 1
    entries = sorted(entries, key=lambda e: str(e["verified_on"]))
    stale_n = sum(1 for e in entries if dirmod.age_days(e) > dirmod.STALE_AFTER_DAYS)
    lines = [f"# {lang_text(lang, '目录维护：核实与更新', 'Keeping the directory current')}", "",
             lang_text(lang, "本页写给维护资源目录的人（运营者、区民政局的培训者）。目录里的每个号码都会出现在求助框、转介指引、钱包卡和资源表上，所以过期的号码比没有号码更危险。",
               "For the people who keep the resource directory (operators, trainers at district civil-affairs bureaus). Every number in the directory appears in the help boxes, the referral guide, the wallet card and the resource sheet, so an out-of-date number does more harm than none."), "",
             f"## {lang_text(lang, '按核实时间排列的条目', 'Entries by age')} {{ #by-age }}", "",
             lang_text(lang, f"最久未核实的在前。超过12个月的条目标为“需重新核实”，`./portal validate` 也会对它们给出警告（现有 {stale_n} 条）。",
               f"Oldest first. Entries older than 12 months are marked re-check, and `./portal validate` warns about them ({stale_n} now)."), "",
             # Five columns (date, age and status in one) whose long source addresses wrap (.hm-freshness),
             # so the table fits a desktop column without sideways scrolling.
             '<div class="hm-freshness" markdown>', "",
             f"| {lang_text(lang, '条目', 'Entry')} | {lang_text(lang, '地区', 'Area')} | {lang_text(lang, '核实日期', 'Verified')} | {lang_text(lang, '要核对什么', 'What to re-check')} | {lang_text(lang, '来源', 'Source')} |",
             "|---|---|---|---|---|"]
    for e in entries:
        days = dirmod.age_days(e)
        status = lang_text(lang, "**需重新核实**", "**re-check**") if days > dirmod.STALE_AFTER_DAYS else lang_text(lang, "有效", "current")
        when = f"{e['verified_on']}<br>{lang_text(lang, f'{days} 天前', f'{days} days ago')}<br>{status}"
        lines.append(f"| [{e['name'][lang]}](index.md#{e['id']}) | {dirmod.AREAS[e['area']][i]} | {when} | "
                     f"{'；'.join(recheck(e, lang)) if lang == 'zh' else '; '.join(recheck(e, lang))} | {e['source'][lang].replace('|', '/')} |")
    return lines + ["", "</div>"]


def _yearly_recheck(lang: str) -> list[str]:
    i = 0 if lang == "zh" else 1
    lines = ["", f"## {lang_text(lang, '每年核对一次', 'The yearly re-check')} {{ #yearly }}", ""]
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
    return lines + [f"{n}. {s[i]}" for n, s in enumerate(steps, 1)]


def _adding_a_district(lang: str) -> list[str]:
    i = 0 if lang == "zh" else 1
    keys = ("、" if lang == "zh" else ", ").join(f"`{k}` {v[i]}" for k, v in dirmod.DISTRICTS.items())
    return ["", f"## {lang_text(lang, '添加本区的条目', 'Adding your district’s entries')} {{ #add-district }}", "",
            lang_text(lang, "本区的条目只写在一个数据文件 `data/directory.yml` 里，不用改代码。`area` 写区的代码，求助框、目录、转介指引、钱包卡和资源表就会把它排在该区读者的最前面。",
              "A district's entries go in one data file, `data/directory.yml`; no code changes. Set `area` to the district's key and the help boxes, the directory, the referral guide, the wallet card and the resource sheet show it first to readers of that district."), "",
            lang_text(lang, "只收录官方页面（区政府、卫健委、民政局、医院自己的网站）写明的号码和地址：`source` 写该页面的网址，`verified_on` 写该页面的日期。新闻转载、地图或黄页网站上的号码不能收录，先打电话核实，再找官方页面。找不到官方来源的服务写 `how_to_reach`（怎样找到它），不写号码。",
              "Add only a number or address that an official page states (the district government, health commission, civil-affairs bureau or the hospital's own site): `source` is that page's address and `verified_on` its date. Numbers seen on news re-posts, maps or directory sites are not added: call first, then find the official page. A service with no official source gets `how_to_reach` (how to find it) and no number."), "",
            lang_text(lang, f"区的代码：{keys}。", f"District keys: {keys}."), "",
            "```yaml",
            "  - id: jizhou-example-clinic          # " + lang_text(lang, "小写字母和连字符，不重复", "lower case and hyphens, unique"),
            "    name: {zh: 中文名称, en: English name}",
            "    type: hospital                     # " + ", ".join(dirmod.TYPES),
            "    area: jizhou",
            "    phones: [\"022-xxxxxxxx\"]          # " + lang_text(lang, "官方页面写明的号码；没有就删去这一行，写 how_to_reach", "as the official page states it; none: drop the line and write how_to_reach"),
            "    hours: {zh: 工作日 8:00-17:00, en: \"Weekdays 8:00-17:00\"}",
            "    offers:",
            "      zh: 能帮什么（用自己的话写）。",
            "      en: What it offers (in your own words).",
            "    audience: [families, workers]      # children, families, workers",
            "    topics: [referral]                 # " + ", ".join(sorted(dirmod.TOPICS)),
            "    address: {zh: 地址, en: Address}   # " + lang_text(lang, "可选", "optional"),
            "    source: \"https://... " + lang_text(lang, "官方页面的网址和标题", "the official page's address and title") + "\"",
            "    verified_on: 2026-12-01            # " + lang_text(lang, "官方页面的日期", "the official page's date"),
            "```", "",
            lang_text(lang, "`topics` 里的 `crisis` 只给危机干预作用有来源的热线；作用或时间未核实的热线写 `support`。保存后运行 `./portal validate`：缺来源、号码格式不对、日期在未来都会报错；超过12个月会警告。",
              "`crisis` in `topics` is only for a line whose crisis role is sourced; a line whose role or hours are unverified is `support`. Save and run `./portal validate`: a missing source, a malformed number or a date in the future is an error; older than 12 months is a warning."), "",
            lang_text(lang, "村医、网格员、社工站、学校心理老师等本地联系人不进目录：请儿童主任填写[本区求助资源表](resource-sheet.md)。尚未找到官方来源的线索，记录在代码库的 `notes/district-sources.md`，供电话核实。",
              "Local contacts such as the village doctor, the grid worker, the social-work station and the school psychology teacher do not go in the directory: the child director writes them on the [district resource sheet](resource-sheet.md). Leads without an official source yet are kept in the repository in `notes/district-sources.md`, for checking by phone."), ""]


def recheck(e, lang) -> list[str]:
    out = []
    if e.get("phones"):
        out.append(lang_text(lang, f"拨打 {'、'.join(e['phones'])}，确认号码和服务时间", f"call {', '.join(e['phones'])}: number and hours"))
    else:
        out.append(lang_text(lang, "核对“怎样联系”的说法", "check the how-to-reach text"))
    if "address" in e:
        out.append(lang_text(lang, "核对地址", "check the address"))
    if "http" in e["source"]["zh"]:
        out.append(lang_text(lang, "打开来源页面，确认仍在线、内容未变", "open the source page: still live and unchanged"))
    else:
        out.append(lang_text(lang, "找到来源的官方网页并写进 source", "find the source's official web page and put it in source"))
    return out
