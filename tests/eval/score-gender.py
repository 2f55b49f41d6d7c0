#!/usr/bin/env python3
"""Scores the gender Byline gives to quoted sources against the Gender Gap
Tracker's annotators (`meta` of ggt_dev.jsonl: sourcesFemale, sourcesMale).

    python3 tests/eval/score-gender.py GOLD.jsonl PRED.jsonl

PRED is `byline annotate --jsonl` output. For each source of known gender in
GOLD, Byline's gender for that person is the one on its quotes whose
speaker is that person (`gender` or `speaker_gender`), else on its person
mentions (`gender`), matched by full name or, when one person in the article
has it, by surname. Prints how many sources Byline gives a gender
(coverage) and how many of those agree (agreement). Targets: agreement at
least 95%, coverage at least 60%. The data are for measuring only: nothing
from them belongs in the project.
"""

import json
import sys
import unicodedata
from collections import Counter


def fold(name):
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace(".", " ").split())


def genders_by_name(pred):
    """Folded name -> Counter of genders Byline gives, quotes first."""
    from_quotes, from_mentions = {}, {}
    for q in pred.get("quotes", []):
        gender = q.get("speaker_gender") or q.get("gender")
        if gender and gender != "unknown" and q.get("speaker"):
            from_quotes.setdefault(fold(q["speaker"]), Counter())[gender] += 1
    for e in pred.get("entities", []):
        gender = e.get("gender")
        if gender and gender != "unknown" and e.get("label") == "PER":
            name = e.get("name") or e.get("entity")
            from_mentions.setdefault(fold(name), Counter())[gender] += 1
    return from_quotes, from_mentions


def lookup(table, name):
    folded = fold(name)
    if folded in table:
        return table[folded]
    surname = folded.split(" ")[-1] if folded else ""
    fits = [g for n, g in table.items() if n.split(" ")[-1] == surname]
    return fits[0] if len(fits) == 1 else None


def main(gold_path, pred_path):
    preds = {}
    with open(pred_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                p = json.loads(line)
                preds[json.dumps(p["id"])] = p
    sources = given = agree = 0
    by_gold = Counter()
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            gold = json.loads(line)
            meta = gold.get("meta") or {}
            pred = preds.get(json.dumps(gold["id"]), {})
            from_quotes, from_mentions = genders_by_name(pred)
            for gender, key in (("female", "sourcesFemale"), ("male", "sourcesMale")):
                for name in meta.get(key, []):
                    sources += 1
                    votes = lookup(from_quotes, name) or lookup(from_mentions, name)
                    if not votes:
                        continue
                    given += 1
                    said = votes.most_common(1)[0][0]
                    by_gold[(gender, said)] += 1
                    agree += said == gender
    coverage = 100.0 * given / sources if sources else 0.0
    agreement = 100.0 * agree / given if given else 0.0
    print(f"sources of known gender: {sources}")
    print(f"Byline gives a gender to {given} ({coverage:.1f}%; target >= 60%)")
    print(f"of those, {agree} agree ({agreement:.1f}%; target >= 95%)")
    for (gold_gender, said), n in sorted(by_gold.items()):
        print(f"  gold {gold_gender:6} byline {said:8} {n}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
