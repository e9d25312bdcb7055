#!/usr/bin/env bash
# Tests of the Python binding, run by scripts/test.sh. Re-runnable; installs
# what it needs into virtual environments under target/python-tests/ (which
# git ignores). Needs python3 (3.9 or later) with the venv module, and Rust.
#
#  1. builds the abi3 wheel with maturin (>= 1.9.4, in a tool venv) and
#     installs it into a fresh venv with pytest, NumPy, pandas, scikit-learn
#     and mypy;
#  2. runs pytest (bindings-python/tests): the shared fixtures
#     (examples/fixtures/shop_cases.json, checked as examples/tests/fixtures.rs
#     checks them), the API, bad input, the estimators with scikit-learn, and
#     parity with the `kefu` CLI (bundle bytes, analysis JSON, eval intent);
#  3. checks the type stubs against the module (mypy.stubtest) and type-checks
#     the package and the example with mypy --strict;
#  4. installs the same wheel on the oldest supported CPython (3.9) when one is
#     found, without the optional packages, and runs pytest there too (the
#     fallbacks without NumPy/pandas/scikit-learn);
#  5. `pip install ./bindings-python` (a source build through maturin's PEP 517
#     backend) into a fresh venv, and a smoke test;
#  6. runs examples/python/quickstart.py with the installed wheel.
#
# Every check after the build runs even if an earlier one failed; the script
# lists the failed checks and exits 1 at the end.
#
# Environment: PYTHON (default python3) is the main interpreter;
# KEFU_PYTHON_MIN an interpreter for step 4 (default: python3.9 on PATH or
# under pyenv); KEFU_PY_SKIP_SOURCE=1 skips step 5; KEFU_PY_DEBUG=1 builds
# the wheel in debug mode (faster to compile, slower to run).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || { echo "missing $python (Python 3.9 or later)" >&2; exit 1; }
"$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' ||
  { echo "$python is older than 3.9 or has no venv module" >&2; exit 1; }

work="$root/target/python-tests"
mkdir -p "$work"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/kefu-py.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

failed=()
check() { # check NAME COMMAND...: runs a check, records a failure, goes on
  local name="$1"
  shift
  echo "--> $name"
  if ! "$@"; then
    echo "FAILED: $name" >&2
    failed+=("$name")
  fi
}

fresh_venv() { # fresh_venv DIR PYTHON
  rm -rf "$1"
  "$2" -m venv "$1"
  "$1/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
}

# 1. Build the wheel.
tools="$work/tools"
if ! "$tools/bin/maturin" --version >/dev/null 2>&1; then
  echo "==> installing maturin into $tools"
  rm -rf "$tools"
  "$python" -m venv "$tools"
  "$tools/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.9.4,<2"
fi
echo "==> $("$tools/bin/maturin" --version): building the wheel"
wheels="$tmp/wheels"
profile=(--release)
[ "${KEFU_PY_DEBUG:-0}" = 1 ] && profile=()
(cd bindings-python && "$tools/bin/maturin" build "${profile[@]}" --interpreter "$python" -o "$wheels")
wheel="$(ls "$wheels"/kefu-*.whl)"
echo "built $(basename "$wheel")"
case "$(basename "$wheel")" in
  *-cp39-abi3-*) ;;
  *) echo "expected an abi3 wheel for CPython >= 3.9, got $(basename "$wheel")" >&2; exit 1 ;;
esac

echo "==> fresh venv with the wheel, pytest, NumPy, pandas, scikit-learn, mypy"
venv="$work/venv"
fresh_venv "$venv" "$python"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel" pytest numpy pandas scikit-learn mypy

# The CLI, for the parity tests (scripts/test.sh has usually built it already).
echo "==> kefu CLI (debug) for the parity tests"
cargo build -q -p kefu-cli
export KEFU_CLI="$root/target/debug/kefu"

# 2. pytest, from outside the source tree so that the installed wheel is tested.
run_pytest() { # run_pytest VENV [ARGS...]
  local v="$1"
  shift
  (cd "$tmp" && "$v/bin/python" -m pytest -q -p no:cacheprovider "$root/bindings-python/tests" "$@")
}
check "pytest with $("$venv/bin/python" -V) (fixtures, API, bad input, estimators, CLI parity)" run_pytest "$venv"

# 3. Types.
stubs() {
  local mypy=("$venv/bin/python" -m mypy --strict --ignore-missing-imports --no-incremental)
  (cd "$tmp" && "$venv/bin/python" -m mypy.stubtest kefu._native) &&
    (cd "$tmp" && "${mypy[@]}" -p kefu) &&
    (cd "$tmp" && "${mypy[@]}" "$root/examples/python/quickstart.py")
}
check "type stubs match the module (stubtest); mypy --strict on the package and the example" stubs

# 4. The oldest supported CPython, without the optional packages.
min_python="${KEFU_PYTHON_MIN:-}"
if [ -z "$min_python" ]; then
  for cand in python3.9 "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.9*/bin/python3.9; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import venv' 2>/dev/null; then
      min_python="$cand"
      break
    fi
  done
fi
if [ -n "$min_python" ]; then
  oldest() {
    local v="$work/venv-min"
    fresh_venv "$v" "$min_python" &&
      "$v/bin/python" -m pip install -q --disable-pip-version-check "$wheel" pytest &&
      run_pytest "$v"
  }
  check "the same wheel on $("$min_python" -V 2>&1) without NumPy/pandas/scikit-learn" oldest
else
  echo "--> skipped: no CPython 3.9 found (set KEFU_PYTHON_MIN to test the oldest supported version)"
fi

# 5. pip install ./bindings-python (source build through maturin's PEP 517 backend).
source_install() {
  local v="$work/venv-source"
  fresh_venv "$v" "$python" &&
    "$v/bin/python" -m pip install -q --disable-pip-version-check ./bindings-python &&
    (cd "$tmp" && "$v/bin/python" - <<'EOF'
import kefu
bot = kefu.Bot.train({"languages": ["en"], "intents": {
    "track": {"examples": {"en": ["where is my order", "track my parcel"]}},
    "refund": {"examples": {"en": ["i want a refund", "give me my money back"]}}}})
a = bot.analyze("where is my parcel", {"now": None})
assert a["intent"]["top"] == "track", a["intent"]
print(f"pip install ./bindings-python: kefu {kefu.__version__} works")
EOF
    )
}
if [ "${KEFU_PY_SKIP_SOURCE:-0}" = 1 ]; then
  echo "--> skipped: pip install ./bindings-python (KEFU_PY_SKIP_SOURCE=1)"
else
  check "pip install ./bindings-python builds from source and imports" source_install
fi

# 6. The example.
example() {
  (cd "$tmp" && "$venv/bin/python" "$root/examples/python/quickstart.py" >"$tmp/example.out") &&
    grep -q "escalation rate" "$tmp/example.out" && cat "$tmp/example.out"
}
check "examples/python/quickstart.py" example

if [ ${#failed[@]} -gt 0 ]; then
  echo "Python binding: ${#failed[@]} check(s) failed:" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "Python binding: all checks passed"
