#!/usr/bin/env python3
"""Shared-fixture plumbing for the C tests, so the C side stays simple.

    fixtures.py prepare OUTDIR
        Writes, from examples/shop and examples/fixtures/shop_cases.json:
          OUTDIR/shop.json   the demo bot's definition in canonical JSON, with
                             policy.kefu inlined as policy.source (C callers
                             train from JSON; kefu reads no files);
          OUTDIR/cases.tsv   one case per line: name TAB text TAB context-JSON;
          OUTDIR/batch.json  the same cases as a kefu_bot_analyze_batch request;
          OUTDIR/cases_head.tsv, OUTDIR/batch_head.json
                             the first HEAD cases only (valgrind runs);
        Needs PyYAML (Debian: python3-yaml) for the YAML authoring form.

          OUTDIR/errors.tsv  the fixture's `error_cases`, one call per line:
                             name TAB op TAB payload-hex TAB context-JSON
                             (tests/errors.c runs them).

    fixtures.py check RESULTS.tsv
        RESULTS.tsv has one line per case: name TAB analysis-JSON (what
        `kefu_shop --json` prints). Checks every case against the same
        expectations as examples/tests/fixtures.rs (the port of its `check`
        and "every decision explains itself" test in
        examples/fixtures/expectations.py) and prints each mismatch. Cases with `known_failure` are checked as
        `case_mismatches` there checks them. Exits 1 if any case fails.

    fixtures.py check-errors ERRORS-RESULTS.tsv
        One line per error case: name TAB code TAB message (what
        tests/errors.c prints). Checks the code against the case's kind
        (`error_codes`) and that the message holds `message_contains`.
"""

import json
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
FIXTURE = os.path.join(ROOT, "examples", "fixtures", "shop_cases.json")
sys.path.insert(0, os.path.join(ROOT, "examples", "fixtures"))
# the one Python port of the fixture expectations, shared with the Python
# binding's tests
from expectations import case_mismatches, compact, explains_itself  # noqa: E402
# cases_head.tsv / batch_head.json: the first HEAD cases, for valgrind
HEAD = 24


def load_fixture():
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


def prepare(out):
    import yaml  # PyYAML; only `prepare` needs it

    fixture = load_fixture()
    bot_yaml = os.path.join(ROOT, fixture["bot"])
    with open(bot_yaml, encoding="utf-8") as f:
        definition = yaml.safe_load(f)
    policy = definition.get("policy") or {}
    if "file" in policy:
        with open(os.path.join(os.path.dirname(bot_yaml), policy["file"]), encoding="utf-8") as f:
            definition["policy"] = {"source": f.read()}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "shop.json"), "w", encoding="utf-8") as f:
        json.dump(definition, f, ensure_ascii=False, indent=1)
    with open(os.path.join(out, "cases.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for c in fixture["cases"]:
            for field in ("name", "text"):
                if any(ch in c[field] for ch in "\t\r\n"):
                    sys.exit(f"case {c['name']}: {field} has a tab or newline; extend the TSV format")
            f.write(f"{c['name']}\t{c['text']}\t{compact(c.get('context', {}))}\n")
    with open(os.path.join(out, "errors.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for c in fixture["error_cases"]:
            if c["op"] == "train":
                payload = c.get("definition_text")
                if payload is None:
                    payload = compact(c["definition"])
                payload = payload.encode("utf-8").hex()
            elif c["op"] == "load":
                payload = c["bundle_hex"]
            else:
                text = c.get("text")
                if text is None:
                    unit, count = c["text_repeat"]
                    text = unit * count
                payload = text.encode("utf-8").hex()
            ctx = compact(c.get("context", {})) if c["op"] == "analyze" else "{}"
            f.write(f"{c['name']}\t{c['op']}\t{payload}\t{ctx}\n")
    with open(os.path.join(out, "batch.json"), "w", encoding="utf-8") as f:
        f.write(compact([{"text": c["text"], "context": c.get("context", {})} for c in fixture["cases"]]))
    # The first cases only, for the slow runs under valgrind.
    head = fixture["cases"][:HEAD]
    with open(os.path.join(out, "cases_head.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for c in head:
            f.write(f"{c['name']}\t{c['text']}\t{compact(c.get('context', {}))}\n")
    with open(os.path.join(out, "batch_head.json"), "w", encoding="utf-8") as f:
        f.write(compact([{"text": c["text"], "context": c.get("context", {})} for c in head]))
    print(f"prepared {len(fixture['cases'])} cases and shop.json in {out}")


def check_errors(results_path):
    fixture = load_fixture()
    codes = fixture["error_codes"]
    cases = {c["name"]: c for c in fixture["error_cases"]}
    seen = set()
    bad = []
    with open(results_path, encoding="utf-8") as f:
        for line in f:
            name, code, message = line.rstrip("\n").split("\t", 2)
            c = cases.get(name)
            if c is None:
                sys.exit(f"{results_path}: unknown error case {name}")
            seen.add(name)
            if int(code) != codes[c["error"]]:
                bad.append(f"  MISMATCH {name}: expected a {c['error']} error (code {codes[c['error']]}), got code {code}: {message}")
            elif c["message_contains"] not in message:
                bad.append(f"  MISMATCH {name}: `{c['message_contains']}` not in `{message}`")
    missing = [n for n in cases if n not in seen]
    if missing:
        sys.exit(f"{results_path}: no result for {missing}")
    print("\n".join(bad) if bad else f"error cases: {len(cases)}/{len(cases)} fail with their kind")
    if bad:
        sys.exit(1)


def check(results_path):
    all_cases = {c["name"]: c for c in load_fixture()["cases"]}
    cases = {n: c["expect"] for n, c in all_cases.items()}
    seen = []
    failed = []
    with open(results_path, encoding="utf-8") as f:
        for line in f:
            name, raw = line.rstrip("\n").split("\t", 1)
            if name not in cases:
                sys.exit(f"{results_path}: unknown case {name}")
            seen.append(name)
            a = json.loads(raw)
            for b in case_mismatches(a, all_cases[name]) + explains_itself(a):
                failed.append(name)
                print(f"  MISMATCH {name}: {b}")
    missing = [n for n in cases if n not in seen]
    if missing:
        sys.exit(f"{results_path}: no result for {missing}")
    failing = sorted(set(failed))
    print(f"fixtures: {len(cases) - len(failing)}/{len(cases)} cases hold")
    if failing:
        print("failing cases: " + ", ".join(failing))
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        check(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "check-errors":
        check_errors(sys.argv[2])
    else:
        sys.exit(__doc__)
