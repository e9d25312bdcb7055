#!/usr/bin/env python3
"""Generates core/src/lang/cjk_bigrams.bin: Japanese-vs-Chinese evidence for
Han-only text, as per-character and per-bigram log-ratios
ln P_ja / P_zh.

Sources (both shippable, see core/src/lang/PROVENANCE.md):
- Japanese: the IPAdic dictionary of the Debian package `mecab-ipadic`
  (2.7.0-20070801, NAIST, BSD-3-Clause-like licence with the ICOT terms):
  every entry's surface form, counted once (a type count).
- Chinese: the dictionary of the PyPI package `jieba` 0.42.1 (MIT), weighted
  by its word frequencies, with Traditional characters folded to Simplified
  by kefu's OpenCC table (as the detector folds the text it scores).

Usage:
  apt-get download mecab-ipadic && dpkg-deb -x mecab-ipadic_*.deb ipadic
  pip download --no-deps jieba==0.42.1 && tar xzf jieba-0.42.1.tar.gz
  python3 scripts/gen-cjk-bigrams.py ipadic/usr/share/mecab/dic/ipadic \\
      jieba-0.42.1/jieba/dict.txt > core/src/lang/cjk_bigrams.bin

Format (read by core/src/lang/cjk.rs): "KFJZ" u8 version=1, then
u32 count of entries, then entries sorted by key: key as UTF-8 (one char, or
two chars; '^' and '$' mark run ends) preceded by its byte length (u8), and
one i8 per entry: the log-ratio × 4, clamped to -127..=127.
Unigrams carry ln P_ja(c) - ln P_zh(c'); bigrams ln P_ja(b|a) - ln P_zh(b'|a'),
where ' is the Simplified form; the detector looks a key up as written,
then in Simplified form,
with each model's bigram interpolated with its unigram.
"""
import collections, glob, math, re, struct, sys

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]+"
here = __file__.rsplit("/scripts/", 1)[0]
t2s = {}
for line in open(f"{here}/core/src/text/hant_table.rs", encoding="utf-8"):
    m = re.match(r"\s*\('(.)', '(.)'\),", line)
    if m:
        t2s[m.group(1)] = m.group(2)
fold = lambda s: "".join(t2s.get(c, c) for c in s)


def counts(items):
    uni, bi, ctx = collections.Counter(), collections.Counter(), collections.Counter()
    for w, wt in items:
        for r in re.findall(HAN, w):
            s = "^" + r + "$"
            for c in r:
                uni[c] += wt
            for i in range(len(s) - 1):
                bi[s[i : i + 2]] += wt
                ctx[s[i]] += wt
    return uni, bi, ctx


ja_words = set()
for f in sorted(glob.glob(f"{sys.argv[1]}/*.csv")):
    for line in open(f, encoding="euc_jp", errors="ignore"):
        ja_words.add(line.split(",")[0])
zh = []
for line in open(sys.argv[2], encoding="utf-8"):
    p = line.split(" ")
    zh.append((fold(p[0]), int(p[1])))
J = counts((w, 1) for w in sorted(ja_words))
Z = counts(zh)
V = 20000


def puni(M, c):
    uni = M[0]
    return (uni.get(c, 0) + 0.5) / (sum_uni[id(M)] + 0.5 * V)


def pbi(M, a, b):
    uni, bi, ctx = M
    n = ctx.get(a, 0)
    k = max(n, 1) ** 0.5
    pu = puni(M, b) if b != "$" else 0.1
    return (bi.get(a + b, 0) + k * pu) / (n + k)


sum_uni = {id(J): sum(J[0].values()), id(Z): sum(Z[0].values())}
q = lambda x: max(-127, min(127, round(x * 4)))
out = {}
# Chinese probabilities are looked up by the key's Simplified form, so that
# keys in Japanese (often Traditional-looking) forms compare with Chinese
# written in either script.
for c in set(J[0]) | set(Z[0]):
    out[c] = q(math.log(puni(J, c)) - math.log(puni(Z, fold(c))))
for b in set(J[1]) | set(Z[1]):
    # Keep bigrams with some support whose ratio differs from the backoff.
    if J[1].get(b, 0) < 2 and Z[1].get(fold(b), 0) < 200:
        continue
    a, c = b[0], b[1]
    lr = math.log(pbi(J, a, c)) - math.log(pbi(Z, fold(a), fold(c)))
    backoff = (math.log(puni(J, c)) - math.log(puni(Z, fold(c)))) if c != "$" else 0.0
    if abs(lr - backoff) < 0.75:
        continue
    out[b] = q(lr)
keys = sorted(out, key=lambda k: k.encode("utf-8"))
buf = bytearray(b"KFJZ\x01")
buf += struct.pack("<I", len(keys))
for k in keys:
    e = k.encode("utf-8")
    buf += bytes([len(e)]) + e
buf += bytes((out[k] & 0xFF) for k in keys)
sys.stdout.buffer.write(bytes(buf))
print(f"{len(keys)} entries, {len(buf)} bytes", file=sys.stderr)
