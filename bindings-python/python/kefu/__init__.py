"""kefu 客服: embeddable customer-service NLP.

Give kefu one customer message and what your app knows about the
conversation; it returns the language (Traditional vs Simplified Chinese
too), the intent or "out of scope", the best FAQ answer, sentiment with an
escalation level, entities with a redacted text, and a routing decision
with a trace of why. The engine is a pure-Rust core; this package is its
binding (one abi3 wheel for CPython 3.9+).

Quick start::

    import kefu
    from pathlib import Path

    bot = kefu.Bot.train(Path("examples/shop/bot.yaml"))   # or a dict, or JSON/YAML text
    a = bot.analyze("我要退貨，訂單 SO-20261234", {"channel": "web"})
    a["intent"]["top"], a["decision"]["action"], a["decision"]["reply"]

    results = bot.analyze_batch(texts)        # parallel, releases the GIL
    df = kefu.to_frame(results, texts)        # with pandas installed
    r = kefu.report(results, channels=chans)  # analytics dict; r.to_pandas()

Standalone, scikit-learn-style: :class:`IntentClassifier`,
:class:`SentimentScorer`, :class:`LanguageDetector`, and
:func:`evaluate_intents` (the definitions of ``kefu eval intent``). Errors
are :class:`KefuError` subclasses with a stable ``.code``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _native
from ._errors import (
    ERROR_CLASSES,
    BundleError,
    DefinitionError,
    InternalError,
    InvalidInputError,
    InvalidTypeError,
    KefuError,
    KefuIOError,
    LimitError,
    PolicyError,
    TrainingError,
)
from ._evaluate import evaluate_intents
from ._native import Bot
from ._records import RECORD_COLUMNS, to_frame, to_records
from ._report import Report, report
from ._types import (
    Analysis,
    ClauseTrace,
    Decision,
    Detection,
    Emotions,
    Entity,
    Explanation,
    FaqHit,
    FaqResult,
    IntentResult,
    LanguageResult,
    SecondaryLanguage,
    RankedIntent,
    SentimentResult,
    TraceStep,
)

if TYPE_CHECKING:
    from ._estimators import IntentClassifier, LanguageDetector, NotFittedError, SentimentScorer

# The estimators import scikit-learn (when installed) to derive from its
# base classes, which takes a while: they load on first use, so that
# `import kefu` stays fast for code that only runs bots.
_LAZY = ("IntentClassifier", "SentimentScorer", "LanguageDetector", "NotFittedError")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from . import _estimators

        value = getattr(_estimators, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kefu' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__: str = _native.VERSION
"""The kefu version (of the core and of this package)."""

SCHEMA_VERSION: int = _native.SCHEMA_VERSION
"""The result schema version of every analysis (the ``"schema"`` field)."""

FORMAT_VERSION: int = _native.FORMAT_VERSION
"""The bundle format version this version writes."""

DEFAULT_SEED: int = _native.DEFAULT_SEED
"""The training seed of :meth:`Bot.train` by default (the CLI's too)."""

MAX_MESSAGE_BYTES: int = _native.MAX_MESSAGE_BYTES
"""The largest message ``analyze`` accepts, in UTF-8 bytes (64 KiB)."""

__all__ = [
    "Bot",
    "IntentClassifier",
    "SentimentScorer",
    "LanguageDetector",
    "evaluate_intents",
    "to_records",
    "to_frame",
    "RECORD_COLUMNS",
    "report",
    "Report",
    "KefuError",
    "InvalidInputError",
    "InvalidTypeError",
    "DefinitionError",
    "BundleError",
    "PolicyError",
    "LimitError",
    "TrainingError",
    "KefuIOError",
    "InternalError",
    "NotFittedError",
    "ERROR_CLASSES",
    "SCHEMA_VERSION",
    "FORMAT_VERSION",
    "DEFAULT_SEED",
    "MAX_MESSAGE_BYTES",
    "__version__",
    # typed shapes of result schema v1 (plain dicts at run time)
    "Analysis",
    "LanguageResult",
    "SecondaryLanguage",
    "IntentResult",
    "RankedIntent",
    "FaqResult",
    "FaqHit",
    "SentimentResult",
    "Emotions",
    "Entity",
    "Decision",
    "TraceStep",
    "ClauseTrace",
    "Detection",
    "Explanation",
]
