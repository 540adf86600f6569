"""Item statistics: per bank and question, how often it was asked and answered right, how often
each option was chosen, and how well it discriminates (point-biserial correlation with the
attempt's score, and with the score on the other questions of the attempt).

While records stream past only integer counts are kept: per bank and attempt score (correct,
total), per question, how often each choice was made (a choice is the chosen option ids joined
by record.SEP; "" is no answer). Counts add up in any order to the same result, and an
attempt's contribution can be taken out again exactly (a duplicate found later).

The sample is each learner's first attempt of each bank in the training year (rules.first_per_bank):
one learner's many retakes cannot dominate a question's figures. The discrimination of a question
answered by fewer than MIN_SAMPLE learners is not given (empty cell): with a few learners the
correlation is noise."""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from .catalog import SEP

MIN_SAMPLE = 30             # learners who answered a question before its discrimination is shown


class ItemAcc:
    __slots__ = ("groups",)

    def __init__(self):
        self.groups: dict = {}    # (bank, correct, total) -> {question id: {choice: attempts}}

    def add(self, bank: str, c: int, t: int, asked, choices, sign: int = 1):
        """One attempt: the questions asked and the choice made for each (sign=-1 takes it back)."""
        g = self.groups.get((bank, c, t))
        if g is None:
            g = self.groups[(bank, c, t)] = defaultdict(dict)
        for q, ch in zip(asked, choices):
            counts = g[q]
            counts[ch] = counts.get(ch, 0) + sign

    def merge(self, other: "ItemAcc"):
        for key, theirs in other.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                self.groups[key] = theirs
                continue
            for q, counts in theirs.items():
                cur = mine[q]
                for ch, n in counts.items():
                    cur[ch] = cur.get(ch, 0) + n


def _pbis(n, nc, sy, syy, sxy):
    """Pearson correlation of a 0/1 item score with a score y, from sums (population moments)."""
    if n < 2:
        return None
    p = nc / n
    my = sy / n
    vy = syy / n - my * my
    vx = p * (1 - p)
    if vx <= 0 or vy <= 1e-12:
        return None
    return (sxy / n - p * my) / math.sqrt(vx * vy)


def statistics(acc: ItemAcc, cat, min_sample: int = MIN_SAMPLE) -> list[dict]:
    """One dict per question of every bank, banks by id, questions in bank order."""
    by_bank: dict = {}
    for (bank, c, t) in acc.groups:
        by_bank.setdefault(bank, []).append((c, t))
    out = []
    for bid in sorted(cat.banks):
        bank = cat.banks[bid]
        groups = sorted(by_bank.get(bid, []))
        for q in bank.qids:
            n = nc = nr = 0
            sy = syy = sxy = sr = srr = sxr = 0.0
            options = Counter(dict.fromkeys(bank.options[q], 0))
            unanswered = 0
            right = bank.key_choices[q]
            for c, t in groups:
                counts = acc.groups[(bid, c, t)].get(q)
                if not counts:
                    continue
                a = k = 0
                for ch, cnt in counts.items():
                    if not cnt:
                        continue
                    a += cnt
                    if ch in right:
                        k += cnt
                    if ch:
                        for o in ch.split(SEP):
                            options[o] += cnt
                    else:
                        unanswered += cnt
                if not a:
                    continue
                y = c / t
                n += a
                nc += k
                sy += a * y
                syy += a * y * y
                sxy += k * y
                if t > 1:       # the score of the other questions of the attempt
                    rk, rw = (c - 1) / (t - 1), c / (t - 1)
                    nr += a
                    sr += k * rk + (a - k) * rw
                    srr += k * rk * rk + (a - k) * rw * rw
                    sxr += k * rk
            out.append({
                "bank": bid, "version": bank.version, "question": q, "type": bank.types[q],
                "key": sorted(bank.key[q]), "attempts": n, "correct": nc,
                "share": nc / n if n else None,
                "pbis": _pbis(n, nc, sy, syy, sxy) if n >= min_sample else None,
                "pbis_rest": _pbis(n, nc, sr, srr, sxr) if nr == n and n >= min_sample else None,
                "options": dict(options), "unanswered": unanswered,
            })
    return out


def choices_text(row: dict) -> str:
    """a 12 (24%); b* 30 (60%); …; (no answer) 3 (6%) — * marks the key."""
    n = row["attempts"]
    pct = (lambda k: f" ({k / n * 100:.0f}%)") if n else (lambda k: "")
    parts = [f"{o}{'*' if o in row['key'] else ''} {k}{pct(k)}" for o, k in row["options"].items()]
    if row["unanswered"]:
        parts.append(f"(no answer) {row['unanswered']}{pct(row['unanswered'])}")
    return "; ".join(parts)
