"""Type stubs of kefu's native extension module (Rust, PyO3). Use the
``kefu`` package, which re-exports ``Bot`` and wraps the rest."""

import os
from typing import Any, Iterable, Mapping, Sequence, Tuple, Union, final

from ._types import Analysis, Detection, Explanation, IntentResult, SentimentResult

__all__ = [
    "Bot",
    "DEFAULT_SEED",
    "FORMAT_VERSION",
    "IntentModel",
    "LanguageModel",
    "MAX_MESSAGE_BYTES",
    "SCHEMA_VERSION",
    "SentimentModel",
    "VERSION",
    "intent_conflicts",
    "intent_defaults",
    "known_languages",
    "report_json",
]

VERSION: str
SCHEMA_VERSION: int
FORMAT_VERSION: int
DEFAULT_SEED: int
MAX_MESSAGE_BYTES: int

_Path = Union[str, "os.PathLike[str]"]
_Definition = Union[Mapping[str, Any], str, "os.PathLike[str]"]
_Context = Mapping[str, Any]
_Buffer = Union[bytes, bytearray, memoryview]

@final
class Bot:
    """A trained kefu bot: language, intent, FAQ, sentiment, entities and a
    routing decision for each customer message. Immutable and thread-safe;
    pickles as its bundle."""

    @staticmethod
    def train(definition: _Definition, *, seed: int = 42) -> Bot:
        """Validates a definition and trains every capability.

        ``definition``: a dict in the canonical JSON shape; a ``str`` with the
        definition's JSON or YAML *text* (never a file name); or a
        ``pathlib.Path`` to a ``.yaml``/``.yml``/JSON file (``policy.file``
        is read relative to it). The same definition and seed (default 42)
        give a byte-identical bundle. Releases the GIL.
        """
    @staticmethod
    def from_bytes(data: _Buffer) -> Bot:
        """Loads a bot from a bundle; defects raise ``BundleError``."""
    @staticmethod
    def load(path: _Path) -> Bot:
        """Reads a bundle file written by ``save`` or ``kefu train -o``."""
    def to_bytes(self) -> bytes:
        """The bot's versioned binary bundle."""
    def save(self, path: _Path) -> None:
        """Writes the bundle to ``path``."""
    def analyze(self, text: str, context: _Context | None = None) -> Analysis:
        """Analyzes one message; returns result schema v1 as a dict.

        ``context``: what the app knows (``channel``, ``customer``, ``now``,
        ``conversation``, ``attributes``). Without a ``now`` key, ``now`` is
        the current UTC time; ``"now": None`` means no clock.
        """
    def analyze_batch(
        self,
        texts: Iterable[str],
        contexts: _Context | Iterable[_Context | None] | None = None,
        *,
        threads: int | None = None,
    ) -> list[Analysis]:
        """Analyzes many messages in parallel; results in input order,
        identical to ``analyze`` on each. ``threads``: threads in all, the
        calling thread (which builds the result dicts) included; default one
        per core."""
    @property
    def definition(self) -> dict[str, Any]:
        """The definition, in the canonical JSON shape."""
    @property
    def name(self) -> str | None:
        """The bot's name, or ``None``."""
    @property
    def languages(self) -> list[str]:
        """The bot's languages, the default first."""
    @property
    def intents(self) -> list[str]:
        """The intent labels, sorted (``oos`` included when present)."""
    @property
    def faq_ids(self) -> list[str]:
        """The FAQ entry ids."""
    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]: ...

@final
class IntentModel:
    """A trained intent classifier (the native half of
    ``kefu.IntentClassifier``)."""

    @staticmethod
    def train(
        texts: Iterable[str],
        labels: Iterable[str],
        valid_texts: Iterable[str] | None = None,
        valid_labels: Iterable[str] | None = None,
        **options: Any,
    ) -> IntentModel:
        """Trains a model; options as ``kefu.IntentClassifier``'s parameters."""
    @property
    def labels(self) -> list[str]:
        """The labels, sorted."""
    @property
    def threshold(self) -> float:
        """The out-of-scope threshold."""
    @property
    def n_features(self) -> int:
        """The number of stored features."""
    def predict(self, texts: Iterable[str], oos_label: str, threads: int | None = None) -> list[str]:
        """The best label of each text, or ``oos_label``."""
    def predict_proba(
        self, texts: Iterable[str], columns: Sequence[str], threads: int | None = None
    ) -> bytes:
        """Native-endian float64 probabilities, row-major."""
    def predict_details(
        self, texts: Iterable[str], top_k: int = 5, threads: int | None = None
    ) -> list[IntentResult]:
        """The ``intent`` part of result schema v1 for each text."""
    def explain(self, text: str, intent: str | None = None, k: int = 10) -> Explanation:
        """The features that push ``text`` towards ``intent``."""
    @staticmethod
    def _from_state(state: bytes) -> IntentModel: ...
    def __reduce__(self) -> Tuple[Any, Tuple[bytes]]: ...

@final
class SentimentModel:
    """The native half of ``kefu.SentimentScorer``."""

    def __new__(cls, lexicon: Mapping[str, Mapping[str, float]] | None = None) -> SentimentModel: ...
    def train(self, texts: Iterable[str], labels: Iterable[str], seed: int = 42) -> SentimentModel:
        """A domain-adapted copy: a classifier on the labelled rows blended with this scorer."""
    def adapter_bytes(self) -> bytes | None:
        """The trained part of an adapted model (``None`` before training)."""
    def with_adapter(self, bytes: bytes) -> SentimentModel:
        """This model adapted with bytes from ``adapter_bytes``."""
    @property
    def prior_weight(self) -> float | None:
        """The built-in prior's weight in the blend (``None`` before training)."""
    @property
    def nb_weight(self) -> float | None:
        """The naive Bayes model's weight in the blend (``None`` before training)."""
    @property
    def languages(self) -> list[str]:
        """Codes with a built-in or added lexicon."""
    def score(self, text: str, lang: str | None = None) -> SentimentResult:
        """The sentiment of one text (``lang`` ``None``: detect it)."""
    def score_batch(
        self,
        texts: Iterable[str],
        langs: str | Sequence[str] | None = None,
        threads: int | None = None,
    ) -> list[SentimentResult]:
        """``score`` for many texts, in parallel."""

@final
class LanguageModel:
    """The native half of ``kefu.LanguageDetector``."""

    def __new__(cls, languages: Sequence[str] | None = None) -> LanguageModel: ...
    def detect(self, text: str) -> Detection:
        """The language of one text."""
    def detect_batch(self, texts: Iterable[str], threads: int | None = None) -> list[Detection]:
        """``detect`` for many texts, in parallel."""

def intent_defaults() -> dict[str, Any]:
    """The library defaults of the intent options."""

def intent_conflicts(texts: Iterable[str], labels: Iterable[str]) -> list[Tuple[str, str, str]]:
    """Texts that carry two labels: ``(text, first, other)``."""

def known_languages() -> list[str]:
    """The ISO 639-1 codes kefu can detect."""

def report_json(records: Sequence[str], top_gaps: int = 10) -> str:
    """Aggregates JSON records (an analysis, or ``{"analysis", "channel",
    "language", "time"}``) and returns the report summary as JSON text."""
