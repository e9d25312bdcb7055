#!/usr/bin/env python3
"""Derives kefu's English polarity prior from the GoEmotions *train* split.

GoEmotions (Demszky et al., 2020; Google Research) is Apache-2.0. Each
Reddit comment carries sentiment groups (positive / negative / ambiguous /
neutral). This script:

1. keeps the comments whose groups hold `positive` but not `negative`
   (label 1) or `negative` but not `positive` (label 0); neutral-only
   comments are only counted, to drop words that are as common in neutral
   comments as in polar ones;
2. tokenizes them like kefu's sentiment tokenizer (NFKC, lowercase, words of
   letters/digits with inner ' and -), marking the three words after a
   negator (up to punctuation) as negated features, so that a word's own
   weight is learnt from its un-negated uses (kefu flips it when negated);
3. fits an L2-regularized logistic regression, positive vs negative, on
   binary word-presence features (Adagrad, fixed seed: deterministic);
4. keeps words with enough support (`--min-df` comments), a confident weight
   (`|w| >= --min-weight`), more associated with polar than with neutral
   comments (`--min-polar-share`), that are not function words (STOP) and
   not already in the hand-written lexicon (`lexicon_en.rs`, which always
   wins anyway);
5. writes `core/src/sentiment/lexicon_en_derived.rs`: the weight
   `round(100 * clamp(w / 4, -1, 1))` as an i8, words grouped by weight.
   kefu scales these by a global factor (`DERIVED_SCALE` in `mod.rs`).

Usage (from the repository root, data beside the checkout):

    python3 scripts/gen-sentiment-lexicon/gen.py \
        --data ../shared/data/goemotions/train.jsonl \
        --out core/src/sentiment/lexicon_en_derived.rs

Python 3 standard library only.
"""

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

WORD = re.compile(r"[^\W_]+(?:['\-][^\W_]+)*")
BREAK = re.compile(r"[^\w\s'\-]")

NEGATORS = {
    "not", "no", "never", "don't", "dont", "doesn't", "doesnt", "didn't",
    "didnt", "isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't",
    "werent", "won't", "wont", "wouldn't", "wouldnt", "can't", "cant",
    "cannot", "couldn't", "couldnt", "shouldn't", "shouldnt", "haven't",
    "havent", "hasn't", "hasnt", "hadn't", "hadnt", "ain't", "aint",
    "neither", "nor", "nobody", "nothing", "nowhere", "none", "without",
    "hardly", "barely", "rarely", "seldom", "n't",
}

# Function words, pronouns, auxiliaries, numbers-as-words and Reddit
# artefacts: they must not carry polarity whatever the data says.
STOP = set("""
a an the and or but if then else so as at by for from in into of off on onto
out over to up upon with within about above across after against along among
around before behind below beneath beside between beyond down during except
inside near past since through throughout till toward towards under until via
i me my mine myself we us our ours ourselves you your yours yourself
yourselves he him his himself she her hers herself it its itself they them
their theirs themselves one ones someone somebody something anyone anybody
anything everyone everybody everything who whom whose which what whatever
whoever when where why how that this these those there here
am is are was were be been being have has had having do does did doing done
will would shall should can could may might must ought let lets let's
i'm i've i'd i'll you're you've you'd you'll he's he'd he'll she's she'd
she'll it's it'd it'll we're we've we'd we'll they're they've they'd they'll
that's there's here's what's who's where's how's when's why's im ive id ill
youre youve youd hes shes theyre theyve thats theres whats
just also too very really so such only even still yet already again ever
much many more most less least some any all both each every either other
another same own than rather quite
yes yeah yep ok okay oh ah uh um hmm lol lmao haha hahaha
name religion
one two three four five six seven eight nine ten first second third
today tomorrow yesterday now then day days year years time times week
get got gets getting go goes going gone went come comes came coming make
makes made making take takes took taken say says said saying see sees saw
seen know knows knew known think thinks thought want wants wanted need
needs needed look looks looked put puts use used using tell told give gave
given keep kept find found feel feels felt seem seems seemed
people person man men woman women guy guys thing things way part lot
""".split())

# Customer-service vocabulary: what a customer asks about is not an opinion,
# whatever Reddit's comments around these words felt like ("help", "order",
# "support" come out positive there).
DOMAIN = set("""
help helps helped helping support supports supported service services order
orders ordered ordering delivery deliver delivered shipping ship shipped
shipment package parcel refund refunds refunded return returns returned
exchange exchanged cancel cancelled canceled cancellation account accounts
payment payments pay paid charge charged card price prices money cost costs
product products item items store shop app website site phone email call
called calling contact agent agents human customer customers manager
tracking track password login please kindly sure right try tried trying
test example question questions answer answers explain explanation request
address number code message messages reply respond response
""".split())

# Read off the generated list (train data only) and dropped: topic words
# of Reddit threads (uncle, ladies, shooter…), Reddit artefacts
# (posting, downvoted), and words whose polarity flips in a complaint
# ("hey", "I wish I had never ordered", "are you kidding me", "underrated").
ARTEFACT = set("""
hey wish kidding uncle teach posting ladies situations focus therapy bang
loose shooter marry suggest underrated downvoted downvote
""".split())


def tokens(text):
    """Words and breaks, as kefu's tokenizer sees them (lowercase)."""
    t = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").lower()
    out = []
    pos = 0
    for m in WORD.finditer(t):
        if BREAK.search(t[pos:m.start()]):
            out.append(None)
        out.append(m.group(0))
        pos = m.end()
    return out


def features(text):
    """Binary features: words, and `~word` for words in a negation scope."""
    feats = set()
    scope = 0
    for w in tokens(text):
        if w is None:
            scope = 0
            continue
        if w in NEGATORS:
            scope = 3
            continue
        if scope > 0:
            feats.add("~" + w)
            scope -= 1
        else:
            feats.add(w)
    return feats


def handwritten(path):
    """Every entry of the hand-written English lexicon: the words and
    phrases of its weighted text lists (`word-or-phrase weight` lines) and
    its plain string literals (negators, contrast words)."""
    src = Path(path).read_text(encoding="utf-8")
    out = set()
    for lit in re.findall(r'"([^"\\]*)"', src):
        lines = [l.split("  #")[0].strip() for l in lit.splitlines()]
        lines = [l for l in lines if l and not l.startswith("#")]
        if len(lines) == 1 and not re.search(r" -?[0-9.]+$", lines[0]):
            out.add(lines[0].lower())
            continue
        for l in lines:
            m = re.match(r"^(.*\S) (-?[0-9.]+)$", l)
            if m:
                out.add(m.group(1).lower())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data/goemotions/train.jsonl")
    ap.add_argument("--lexicon", default="core/src/sentiment/lexicon_en.rs")
    ap.add_argument("--out", default="core/src/sentiment/lexicon_en_derived.rs")
    ap.add_argument("--min-df", type=int, default=8)
    ap.add_argument("--min-weight", type=float, default=0.8)
    ap.add_argument("--min-polar-share", type=float, default=0.5)
    ap.add_argument("--l2", type=float, default=2.0, help="L2 strength on the summed loss")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--tsv", help="also write every candidate with its counts here")
    a = ap.parse_args()

    docs = []  # (features, label)
    neutral_df = Counter()
    n_neutral = 0
    for line in open(a.data, encoding="utf-8"):
        r = json.loads(line)
        s = set(r["sentiment"])
        f = features(r["text"])
        if "positive" in s and "negative" not in s:
            docs.append((f, 1))
        elif "negative" in s and "positive" not in s:
            docs.append((f, 0))
        elif s == {"neutral"}:
            n_neutral += 1
            neutral_df.update(f)
    df = Counter()
    pos_df = Counter()
    for f, y in docs:
        df.update(f)
        if y:
            pos_df.update(f)
    vocab = sorted(w for w, c in df.items() if c >= a.min_df)
    index = {w: i for i, w in enumerate(vocab)}
    xs = [([index[w] for w in sorted(f) if w in index], y) for f, y in docs]
    n_polar = len(docs)
    print(f"{n_polar} polar comments ({sum(y for _, y in docs)} positive), "
          f"{n_neutral} neutral, {len(vocab)} features with df >= {a.min_df}",
          file=sys.stderr)

    # logistic regression, Adagrad, L2 applied to the touched weights
    w = [0.0] * len(vocab)
    g2 = [1e-8] * len(vocab)
    b, bg2 = 0.0, 1e-8
    lr = 0.5
    rng = random.Random(0)
    order = list(range(len(xs)))
    for ep in range(a.epochs):
        rng.shuffle(order)
        loss = 0.0
        for k in order:
            idx, y = xs[k]
            z = b + sum(w[i] for i in idx)
            if z >= 0:
                e = pow(2.718281828459045, -z)
                p = 1.0 / (1.0 + e)
            else:
                e = pow(2.718281828459045, z)
                p = e / (1.0 + e)
            g = p - y
            loss += -(y * _log(p) + (1 - y) * _log(1 - p))
            bg2 += g * g
            b -= lr * g / bg2 ** 0.5
            for i in idx:
                # lam/2 * |w|^2 on the summed loss, spread over the df updates
                gi = g + a.l2 * w[i] / df[vocab[i]]
                g2[i] += gi * gi
                w[i] -= lr * gi / g2[i] ** 0.5
        print(f"epoch {ep + 1}: mean loss {loss / len(xs):.4f}", file=sys.stderr)

    hand = handwritten(a.lexicon)
    keep = {}
    rows = []
    for i, word in enumerate(vocab):
        if word.startswith("~"):
            continue
        polar = df[word] / n_polar
        neutral = neutral_df[word] / max(n_neutral, 1)
        share = polar / (polar + neutral) if polar + neutral > 0 else 0.0
        q = round(100 * max(-1.0, min(1.0, w[i] / 4)))
        rows.append((word, w[i], q, df[word], pos_df[word], neutral_df[word], share))
        if (
            word in STOP
            or word in DOMAIN
            or word in ARTEFACT
            or word in hand
            or word in NEGATORS
            or not re.fullmatch(r"[a-z]+(?:['\-][a-z]+)*", word)
            or len(word) < 3
            or abs(w[i]) < a.min_weight
            or share < a.min_polar_share
            or q == 0
        ):
            continue
        keep[word] = q
    if a.tsv:
        with open(a.tsv, "w", encoding="utf-8") as fh:
            fh.write("word\tweight\tq\tdf\tpos_df\tneutral_df\tpolar_share\n")
            for r in sorted(rows, key=lambda r: r[1]):
                fh.write("%s\t%.4f\t%d\t%d\t%d\t%d\t%.3f\n" % r)

    groups = {}
    for word, q in keep.items():
        groups.setdefault(q, []).append(word)
    out = []
    out.append("//! English polarity prior derived from GoEmotions (generated; do not edit).\n")
    out.append("//!\n")
    out.append("//! Source: GoEmotions train split (Demszky et al. 2020, Google Research),\n")
    out.append("//! licence Apache-2.0; see `LEXICONS.md` and `THIRD_PARTY.md`. Weights are\n")
    out.append("//! logistic-regression coefficients (positive vs negative comments), as\n")
    out.append("//! `round(100 * clamp(w / 4, -1, 1))`. Regenerate from the repository root:\n")
    out.append("//!\n")
    out.append("//! ```text\n")
    out.append("//! python3 scripts/gen-sentiment-lexicon/gen.py \\\n")
    out.append(f"//!     --data ../shared/data/goemotions/train.jsonl --min-df {a.min_df} \\\n")
    out.append(f"//!     --min-weight {a.min_weight} --min-polar-share {a.min_polar_share} \\\n")
    out.append(f"//!     --l2 {a.l2} --epochs {a.epochs}\n")
    out.append("//! ```\n")
    out.append("//!\n")
    out.append(f"//! {len(keep)} words. Hand-written entries (`lexicon_en.rs`) always win.\n\n")
    out.append("/// (weight × 100, space-separated words with that weight).\n")
    out.append("pub(super) static DERIVED: &[(i8, &str)] = &[\n")
    for q in sorted(groups):
        ws = " ".join(sorted(groups[q]))
        out.append(f"    ({q}, {json.dumps(ws)}),\n")
    out.append("];\n")
    Path(a.out).write_text("".join(out), encoding="utf-8")
    print(f"wrote {len(keep)} words in {len(groups)} weight groups to {a.out}", file=sys.stderr)


def _log(p):
    import math

    return math.log(max(p, 1e-12))


if __name__ == "__main__":
    main()
