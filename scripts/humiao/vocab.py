"""The one home of every fixed vocabulary: languages, roles, districts and areas.

Loaders, renderers and the completion export import these names from here; the page scripts get
them as JSON (`page_json`) inside the data blocks the pages already embed, so no file defines a
vocabulary twice (tests/test_one_home.py fails on a second definition).

Each label is a (zh, en) pair; `label(table, key, lang)` picks one."""
from __future__ import annotations

# Languages, the default (Chinese, the source) first.
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

# A quiz bank's modes (quizzes/<id>.yml `modes`, an attempt's `mode` in a completion record).
QUIZ_MODES = ("practice", "assessment")

# Roles of a learner: one person's role (the profile menu, the certificate, the export, a path's name).
# "other" is a learner whose role is none of the four the courses are written for.
ROLES = {
    "supervisor": ("儿童督导员", "Child welfare supervisor"),
    "director": ("儿童主任", "Child director"),
    "institution": ("机构工作人员", "Institution staff member"),   # child welfare or minors' rescue and protection institution
    "teacher": ("教师", "Teacher"),
    "other": ("其他", "Other"),
}
# The roles the courses are written for (module.yml `audiences`), in this order.
COURSE_ROLES = ("supervisor", "director", "institution", "teacher")
# The same roles as groups, short, for "for whom" lists in running text and on cards.
ROLE_GROUPS = {
    "supervisor": ("儿童督导员", "child welfare supervisors"),
    "director": ("儿童主任", "child directors"),
    "institution": ("机构工作人员", "institution staff"),
    "teacher": ("教师", "teachers"),
}

# Tianjin's 16 districts (data/directory.yml `area`, a learner's `district`).
DISTRICTS = {
    "heping": ("和平区", "Heping"), "hedong": ("河东区", "Hedong"), "hexi": ("河西区", "Hexi"),
    "nankai": ("南开区", "Nankai"), "hebei": ("河北区", "Hebei"), "hongqiao": ("红桥区", "Hongqiao"),
    "dongli": ("东丽区", "Dongli"), "xiqing": ("西青区", "Xiqing"), "jinnan": ("津南区", "Jinnan"),
    "beichen": ("北辰区", "Beichen"), "wuqing": ("武清区", "Wuqing"), "baodi": ("宝坻区", "Baodi"),
    "ninghe": ("宁河区", "Ninghe"), "jinghai": ("静海区", "Jinghai"), "jizhou": ("蓟州区", "Jizhou"),
    "binhai": ("滨海新区", "Binhai New Area"),
}
# A learner's district: one of the 16 or "other".
DISTRICT_NAMES = {**DISTRICTS, "other": ("其他", "Other")}

# Areas a directory entry may serve that are not one district, with the rank the pages sort them
# by (after the reader's own district, rank 0): city-wide or in every district 1, national 2.
CITY_WIDE = {"national": 2, "tianjin": 1, "every-district": 1}
# Of those, the areas whose lines are one number for every reader (an every-district service has a
# number per district): the wallet card prints these for all.
SAME_EVERYWHERE = ("national", "tianjin")
# Every area a directory entry may have, as a place name.
AREAS = {
    "national": ("全国", "National"),
    "tianjin": ("天津全市", "Tianjin, city-wide"),
    "every-district": ("各区均有", "In every district"),
    **{k: (zh, f"{en} District" if k != "binhai" else en) for k, (zh, en) in DISTRICTS.items()},
}


def label(table: dict, key: str, lang: str) -> str:
    """The zh or en label of `key` in one of the tables above."""
    return table[key][0 if lang == "zh" else 1]


def labels(table: dict, lang: str, keys=None) -> dict[str, str]:
    """{key: label} in one language, for all keys of the table or the given ones, in that order."""
    return {k: label(table, k, lang) for k in (table if keys is None else keys)}


def page_json() -> dict:
    """What the page scripts need, embedded in a page's JSON data block: the areas that are not a
    district, with their rank."""
    return {"cityWide": CITY_WIDE}
