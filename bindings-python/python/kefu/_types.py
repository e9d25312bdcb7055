"""Typed shapes of result schema v1 (what ``Bot.analyze`` returns), for
type checkers and editors. At run time these are plain dicts."""

from __future__ import annotations

from typing import List, Literal, Optional, Tuple, TypedDict

__all__ = [
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


class SecondaryLanguage(TypedDict):
    """``analysis["language"]["secondary"]``: the second language of a mixed message."""

    code: str
    script: Optional[str]
    share: float
    """Its share of the message's letters (CJK characters count double)."""


class LanguageResult(TypedDict):
    """``analysis["language"]``."""

    code: str
    """ISO 639-1 code (``"en"``, ``"zh"``…) or ``"und"``."""
    script: Optional[str]
    """ISO 15924 script when it matters (``"Hans"``, ``"Hant"``, ``"Latn"``…)."""
    reply_language: str
    """The bot language tag chosen for replies (``"zh-Hant"``)."""
    confidence: float
    reliable: bool
    secondary: Optional[SecondaryLanguage]
    """A second language of a mixed message, or ``None``."""


class RankedIntent(TypedDict):
    """One entry of ``analysis["intent"]["ranking"]``."""

    intent: str
    confidence: float


class IntentResult(TypedDict):
    """``analysis["intent"]``."""

    top: Optional[str]
    """The best intent, ``None`` when out of scope."""
    confidence: float
    out_of_scope: bool
    ambiguous: bool
    oos_reason: Optional[str]
    """``"no_features"``, ``"oos_class"``, ``"below_threshold"`` or ``None``."""
    ranking: List[RankedIntent]


class FaqHit(TypedDict):
    """One entry of ``analysis["faq"]["hits"]``."""

    id: str
    score: float
    question: str
    answer: str


class FaqResult(TypedDict):
    """``analysis["faq"]``."""

    status: Literal["answer", "clarify", "no_answer"]
    hits: List[FaqHit]


class Emotions(TypedDict):
    """``analysis["sentiment"]["emotions"]``, each in 0..1."""

    anger: float
    anxiety: float
    sadness: float
    joy: float
    gratitude: float


class SentimentResult(TypedDict):
    """``analysis["sentiment"]``, and what ``SentimentScorer.analyze`` returns."""

    score: float
    """Polarity in −1..1."""
    label: Literal["negative", "neutral", "positive"]
    emotions: Emotions
    escalation: int
    """0 (none) to 3 (urgent)."""
    signals: List[str]
    """Such as ``"asks_for_human"``, ``"cancel_threat"``, ``"profanity"``."""


class Entity(TypedDict):
    """One entry of ``analysis["entities"]``."""

    kind: str
    start: int
    """UTF-8 byte offset of the first byte."""
    end: int
    """UTF-8 byte offset one past the last byte."""
    char_start: int
    """Index into the Python ``str`` of the first character."""
    char_end: int
    """Index into the Python ``str`` one past the last character."""
    text: str
    value: str
    redacted: bool


class ClauseTrace(TypedDict):
    """How one clause of a routing rule evaluated."""

    clause: str
    value: str
    result: bool


class TraceStep(TypedDict):
    """One rule of ``analysis["decision"]["trace"]``."""

    rule: str
    matched: bool
    clauses: List[ClauseTrace]


class Decision(TypedDict):
    """``analysis["decision"]``."""

    action: Literal["answer", "clarify", "handoff", "ticket"]
    queue: Optional[str]
    priority: int
    skills: List[str]
    reply: Optional[str]
    tags: List[str]
    locked: bool
    rule: str
    trace: List[TraceStep]


class Analysis(TypedDict):
    """The full analysis of one message: result schema v1."""

    schema: int
    language: LanguageResult
    intent: IntentResult
    faq: FaqResult
    sentiment: SentimentResult
    entities: List[Entity]
    redacted_text: str
    decision: Decision


class Detection(TypedDict):
    """What ``LanguageDetector.detect`` returns."""

    code: str
    script: Optional[str]
    confidence: float
    reliable: bool
    secondary: Optional[SecondaryLanguage]


class Explanation(TypedDict):
    """What ``IntentClassifier.explain`` returns."""

    intent: str
    features: List[Tuple[str, float]]
