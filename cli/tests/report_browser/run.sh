#!/usr/bin/env bash
# Renders a `kefu report` page in headless Chromium and checks its charts
# (run by scripts/test.sh). Builds the CLI, turns `kefu demo --json` into
# report records (channel, language, time over three days), writes the HTML
# report, installs playwright-core (pinned, into this directory's
# node_modules) when missing, and runs report.test.mjs with Node's runner.
# Needs /usr/bin/chromium (or KEFU_CHROMIUM); installs Debian's chromium when
# missing, like bindings-wasm/tests/run.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../../.."

cargo build -q -p kefu-cli
kefu=target/debug/kefu
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$kefu" demo --json | node -e '
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
  const channels = ["web", "app", "whatsapp"];
  let out = "";
  for (let day = 0; day < 3; day++)
    lines.forEach((l, i) => {
      const a = JSON.parse(l);
      out += JSON.stringify({ channel: channels[i % 3], language: a.language.code,
        time: `2026-11-2${day}T0${i % 10}:00:00Z`, analysis: a }) + "\n";
    });
  process.stdout.write(out);
' > "$work/analyses.jsonl"
"$kefu" report "$work/analyses.jsonl" -o "$work/report.html"

if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "==> npm install playwright-core (cli/tests/report_browser)"
  (cd "$here" && npm install --no-audit --no-fund --silent)
fi
if [ ! -x /usr/bin/chromium ] && [ -z "${KEFU_CHROMIUM:-}" ]; then
  echo "==> installing chromium (Debian) for the report test"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi
KEFU_REPORT_HTML="$work/report.html" node --test --test-reporter=spec "$here/report.test.mjs"
