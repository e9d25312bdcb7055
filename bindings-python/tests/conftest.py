"""Shared pytest fixtures: the repository paths, the demo shop bot, and
the optional `kefu` CLI binary (tests/run.sh builds it and sets KEFU_CLI)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

import kefu

ROOT = Path(__file__).resolve().parents[2]
SHOP = ROOT / "examples" / "shop" / "bot.yaml"
FIXTURE = ROOT / "examples" / "fixtures" / "shop_cases.json"
EVAL = ROOT / "examples" / "fixtures" / "eval"
# examples/fixtures/expectations.py: the Python port of the fixture checks,
# shared with the C suite
sys.path.insert(0, str(ROOT / "examples" / "fixtures"))


def load_fixture() -> dict:
    with open(FIXTURE, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def fixture() -> dict:
    return load_fixture()


@pytest.fixture(scope="session")
def shop_bot(fixture) -> kefu.Bot:
    return kefu.Bot.train(ROOT / fixture["bot"], seed=fixture["seed"])


@pytest.fixture(scope="session")
def cli() -> str:
    """The `kefu` CLI binary, for parity checks; skips when unavailable."""
    path = os.environ.get("KEFU_CLI") or shutil.which("kefu")
    if not path or not os.path.exists(path):
        pytest.skip("the kefu CLI is not built (tests/run.sh sets KEFU_CLI)")
    return path
