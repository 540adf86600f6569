"""Whether a quiz bank can be passed by its form rather than its content (content guide, "Quiz
items"): the share of single-choice items whose key is the longest option, the balance of
true/false keys, the variety of how many options a multiple-answer item keys, and the key's
position. `./portal validate` reports the figures per bank as warnings (Q040), and as errors (Q041)
for an assessment bank, which certifies a year's training. `simulate_guessing` measures what a
learner who knows nothing and follows a form rule would score."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from .problems import Report
from .vocab import LANGS
from .yaml_source import line_of

MAX_LONGEST_SHARE = 1 / 3      # the key is the longest option in at most a third of single items
MAX_TF_SHARE = 0.7             # neither true nor false keys more than 70% of true/false items
MIN_ITEMS = 3                  # below this a figure says nothing


def _length(text: str) -> int:
    return len("".join(text.split()))


def key_is_longest(q: dict, lang: str) -> bool:
    """The key's text is strictly the longest of the options (ties give nothing away)."""
    lengths = {o["id"]: _length(o["text"][lang]) for o in q["options"]}
    key = q["answer"]
    return all(lengths[key] > n for oid, n in lengths.items() if oid != key)


@dataclass
class Figures:
    single: int = 0
    longest: int = 0              # single items × languages whose key is the longest option
    tf_true: int = 0
    tf_false: int = 0
    multi_counts: Counter = None  # keys per multiple-answer item (as "k/n")
    positions: Counter = None     # the key's position among the options, single items

    @property
    def longest_share(self) -> float:
        return self.longest / (2 * self.single) if self.single else 0.0

    def problems(self) -> list[str]:
        out = []
        if self.single >= MIN_ITEMS and self.longest_share > MAX_LONGEST_SHARE:
            out.append(f"the key is the longest option in {self.longest_share:.0%} of single-choice items (zh and en; at most "
                       f"{MAX_LONGEST_SHARE:.0%}): make options of similar length")
        tf = self.tf_true + self.tf_false
        if tf >= MIN_ITEMS and max(self.tf_true, self.tf_false) / tf > MAX_TF_SHARE:
            out.append(f"true/false keys are {self.tf_true} true and {self.tf_false} false: balance them")
        if sum(self.multi_counts.values()) >= MIN_ITEMS and len(self.multi_counts) == 1:
            out.append(f"every multiple-answer item has {next(iter(self.multi_counts))} keys: vary how many are right")
        return out


def figures(bank) -> Figures:
    f = Figures(multi_counts=Counter(), positions=Counter())
    for q in bank.questions:
        if not isinstance(q, dict) or not isinstance(q.get("options"), list):
            continue
        if q.get("type") == "single":
            f.single += 1
            f.longest += sum(key_is_longest(q, lang) for lang in LANGS)
            ids = [o["id"] for o in q["options"]]
            f.positions[ids.index(q["answer"]) + 1 if q["answer"] in ids else 0] += 1
        elif q.get("type") == "truefalse":
            if q.get("answer") == "true":
                f.tf_true += 1
            else:
                f.tf_false += 1
        elif q.get("type") == "multiple" and isinstance(q.get("answer"), list):
            f.multi_counts[f"{len(q['answer'])}/{len(q['options'])}"] += 1
    return f


def check(bank, report: Report):
    """Q040 (practice banks, warning) / Q041 (assessment banks, error): the bank's form gives answers away."""
    try:
        found = figures(bank).problems()
    except (KeyError, TypeError, ValueError):   # a malformed item is reported by the schema checks
        return
    for message in found:
        if bank.is_assessment:
            report.error(bank.path, line_of(bank.data, "questions"), "Q041", f"assessment bank '{bank.id}': {message}")
        else:
            report.warning(bank.path, line_of(bank.data, "questions"), "Q040", f"bank '{bank.id}': {message}")


# --- a learner who knows nothing ----------------------------------------------------------

def _by_length(q: dict, lang: str) -> list[str]:
    return [o["id"] for o in sorted(q["options"], key=lambda o: -_length(o["text"][lang]))]


STRATEGIES = {
    # name: question -> the options such a learner picks
    "longest": lambda q, lang: ({"false"} if q["type"] == "truefalse" else
                                set(_by_length(q, lang)[:2 if q["type"] == "multiple" else 1])),
    "shortest": lambda q, lang: ({"true"} if q["type"] == "truefalse" else
                                 set(_by_length(q, lang)[-2 if q["type"] == "multiple" else -1:])),
    "first": lambda q, lang: ({"true"} if q["type"] == "truefalse" else {q["options"][0]["id"]}),
    "last": lambda q, lang: ({"false"} if q["type"] == "truefalse" else {q["options"][-1]["id"]}),
}


def simulate_guessing(bank, draws: list[list[str]], strategy: str, lang: str = "zh") -> float:
    """The share of attempts (each a list of question ids) that a form rule passes."""
    pick = STRATEGIES[strategy]
    items = {q["id"]: q for q in bank.questions}
    key = bank.key()
    right = {qid: pick(q, lang) == key[qid] for qid, q in items.items()}
    passed = sum(1 for d in draws if sum(right[q] for q in d) / len(d) >= bank.pass_mark - 1e-9)
    return passed / len(draws) if draws else 0.0


def uniform_draws(bank, n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    ids = [q["id"] for q in bank.questions]
    return [rng.sample(ids, bank.draw) for _ in range(n)]
