"""scikit-learn-style estimators over kefu's standalone capabilities.

:class:`IntentClassifier`, :class:`SentimentScorer` and
:class:`LanguageDetector` follow scikit-learn's conventions (parameters in
``__init__``, ``fit`` returns ``self``, fitted attributes end in ``_``,
``get_params``/``set_params``, ``score`` is accuracy). When scikit-learn is
installed they derive from its ``BaseEstimator`` and ``ClassifierMixin``, so
they work in ``Pipeline``, ``cross_val_score``, ``GridSearchCV`` and
``clone``; without it they provide the same methods themselves.

``X`` is a 1-D sequence of ``str`` (a list, tuple, pandas Series or NumPy
array of strings). Outputs are NumPy arrays when NumPy is installed, lists
otherwise.
"""

from __future__ import annotations

import inspect
from array import array
from typing import Any, Iterable, List, Sequence, Tuple

from . import _native
from ._errors import InvalidInputError
from ._types import Detection, Explanation, IntentResult, SentimentResult

try:  # scikit-learn is optional
    from sklearn.base import BaseEstimator as _SkBaseEstimator
    from sklearn.base import ClassifierMixin as _SkClassifierMixin
    from sklearn.exceptions import NotFittedError as _SkNotFittedError

    HAVE_SKLEARN = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_SKLEARN = False

_np: Any
try:  # NumPy is optional
    import numpy as _np
except ImportError:  # pragma: no cover - depends on the environment
    _np = None

__all__ = [
    "IntentClassifier",
    "SentimentScorer",
    "LanguageDetector",
    "NotFittedError",
    "HAVE_SKLEARN",
]


if HAVE_SKLEARN:

    class NotFittedError(InvalidInputError, _SkNotFittedError):  # type: ignore[misc]
        """An estimator was used before ``fit`` (code 1). Also scikit-learn's
        ``NotFittedError``, an ``AttributeError`` and a ``ValueError``."""

else:

    class NotFittedError(InvalidInputError, AttributeError):  # type: ignore[no-redef]
        """An estimator was used before ``fit`` (code 1). Also an
        ``AttributeError`` and a ``ValueError``."""


def _accuracy(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    y_true = list(y_true)
    y_pred = list(y_pred)
    if len(y_true) != len(y_pred):
        raise InvalidInputError(
            f"y: {len(y_true)} labels for {len(y_pred)} predictions", 1
        )
    if not y_true:
        return 0.0
    return sum(1 for a, b in zip(y_true, y_pred) if a == b) / len(y_true)


class _FallbackEstimator:
    """``get_params``/``set_params``/``score``/``__repr__`` with scikit-learn's
    semantics, for when scikit-learn is not installed."""

    @classmethod
    def _get_param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return sorted(
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The estimator's parameters (the arguments of ``__init__``)."""
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params: Any) -> Any:
        """Sets parameters by name and returns ``self``."""
        valid = self._get_param_names()
        for name, value in params.items():
            if name not in valid:
                raise InvalidInputError(
                    f"{name}: not a parameter of {type(self).__name__} "
                    f"(parameters: {', '.join(valid)})",
                    1,
                )
            setattr(self, name, value)
        return self

    def score(self, X: Iterable[str], y: Sequence[Any], sample_weight: Any = None) -> float:
        """Accuracy of ``predict(X)`` against ``y`` (a share in 0..1)."""
        pred = self.predict(X)  # type: ignore[attr-defined]
        if sample_weight is None:
            return _accuracy(y, pred)
        w = list(sample_weight)
        total = sum(w)
        return sum(wi for wi, a, b in zip(w, y, pred) if a == b) / total if total else 0.0

    def __repr__(self) -> str:
        sig = inspect.signature(type(self).__init__)
        changed = []
        for name in self._get_param_names():
            default = sig.parameters[name].default
            value = getattr(self, name)
            if value is not default and value != default:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"


if HAVE_SKLEARN:
    _Bases: Tuple[type, ...] = (_SkClassifierMixin, _SkBaseEstimator)
else:
    _Bases = (_FallbackEstimator,)


class _TextEstimator(*_Bases):  # type: ignore[misc]
    """Shared plumbing: scikit-learn tags for 1-D text input, output arrays."""

    def __sklearn_tags__(self) -> Any:  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        try:
            tags.input_tags.two_d_array = False
            tags.input_tags.string = True
        except AttributeError:  # pragma: no cover - older tag layouts
            pass
        return tags

    def _more_tags(self) -> dict[str, Any]:  # scikit-learn < 1.6
        return {"X_types": ["string"]}

    def __getstate__(self) -> dict[str, Any]:
        # The cached native model of SentimentScorer/LanguageDetector is
        # rebuilt from the parameters after unpickling.
        getstate = getattr(super(), "__getstate__", None)
        state = dict(getstate() or {}) if getstate else dict(self.__dict__)
        state.pop("_native_model", None)
        return state

    @staticmethod
    def _labels_out(values: List[Any]) -> Any:
        if _np is None:
            return values
        out = _np.empty(len(values), dtype=object)
        out[:] = values
        return out

    @staticmethod
    def _floats_out(values: list[float]) -> Any:
        if _np is None:
            return values
        return _np.asarray(values, dtype=_np.float64)


class IntentClassifier(_TextEstimator):
    """Intent classifier with out-of-scope detection (kefu's multinomial
    logistic regression over hashed word and character n-grams).

    Parameters (the defaults are the library's, as in ``kefu eval intent``):

    seed:
        Seed of the training shuffle; the same data and seed give the same
        model.
    epochs, learning_rate:
        Passes of averaged SGD and its initial learning rate.
    ambiguity_margin:
        Top-2 probability gap under which a prediction is ``ambiguous``.
    cv_folds:
        Folds of the cross-validation that picks the out-of-scope threshold
        when ``fit`` gets no validation set (0: threshold 0).
    max_in_scope_rejection:
        Share of held-out in-scope examples the threshold may reject when
        there are no out-of-scope examples to tune it on.
    words, word_bigrams, char_ngrams, cjk_ngrams:
        Features: word unigrams and bigrams, character n-gram sizes
        ``(min, max)`` inside words and over CJK runs (``(0, 0)`` disables).
    on_conflict:
        ``"error"`` (a text labelled with two intents raises
        ``TrainingError``) or ``"keep"`` (train on both rows and list them in
        ``conflicts_``; what ``kefu eval intent`` does).
    oos_label:
        The label that marks out-of-scope examples in ``y`` and that
        ``predict`` returns for out-of-scope texts.
    threads:
        Threads for predictions, the calling thread included (``None``: one
        per core).

    Fitted attributes: ``classes_`` (the sorted labels of ``y``, the
    ``oos_label`` included when ``y`` has it), ``threshold_`` (the
    out-of-scope threshold on the best in-scope probability),
    ``n_features_`` (stored features), ``conflicts_`` (texts with two labels,
    with ``on_conflict="keep"``) and ``model_`` (the native model).
    """

    def __init__(
        self,
        *,
        seed: int = 42,
        epochs: int = 12,
        learning_rate: float = 2.0,
        ambiguity_margin: float = 0.1,
        cv_folds: int = 4,
        max_in_scope_rejection: float = 0.0,
        words: bool = True,
        word_bigrams: bool = True,
        char_ngrams: tuple[int, int] = (2, 4),
        cjk_ngrams: tuple[int, int] = (1, 3),
        on_conflict: str = "error",
        oos_label: str = "oos",
        threads: int | None = None,
    ) -> None:
        self.seed = seed
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.ambiguity_margin = ambiguity_margin
        self.cv_folds = cv_folds
        self.max_in_scope_rejection = max_in_scope_rejection
        self.words = words
        self.word_bigrams = word_bigrams
        self.char_ngrams = char_ngrams
        self.cjk_ngrams = cjk_ngrams
        self.on_conflict = on_conflict
        self.oos_label = oos_label
        self.threads = threads

    # -- label mapping: the core calls the out-of-scope label "oos" --------

    def _oos(self) -> str:
        if not isinstance(self.oos_label, str):
            raise InvalidInputError(
                f"oos_label: expected str, found {type(self.oos_label).__name__}", 1
            )
        return self.oos_label

    def _to_core(self, y: Iterable[Any], name: str) -> List[Any]:
        oos = self._oos()
        out = list(y)
        if oos != "oos":
            if any(v == "oos" for v in out):
                raise InvalidInputError(
                    f'{name}: the label "oos" is reserved for out-of-scope examples; '
                    f"rename it, or use oos_label=\"oos\" (oos_label is {oos!r})",
                    1,
                )
            out = ["oos" if v == oos else v for v in out]
        return out

    def _options(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "epochs": self.epochs,
            "learning_rate": self.learning_rate,
            "ambiguity_margin": self.ambiguity_margin,
            "cv_folds": self.cv_folds,
            "max_in_scope_rejection": self.max_in_scope_rejection,
            "words": self.words,
            "word_bigrams": self.word_bigrams,
            "char_ngrams": tuple(self.char_ngrams),
            "cjk_ngrams": tuple(self.cjk_ngrams),
            "on_conflict": self.on_conflict,
        }

    def fit(
        self,
        X: Iterable[str],
        y: Iterable[str],
        X_valid: Iterable[str] | None = None,
        y_valid: Iterable[str] | None = None,
    ) -> "IntentClassifier":
        """Trains on texts ``X`` with intent labels ``y`` (``str``; the
        ``oos_label`` marks out-of-scope examples) and returns ``self``.

        The out-of-scope threshold is picked on ``X_valid``/``y_valid`` when
        given (as ``kefu eval intent --valid``), otherwise by
        cross-validation on the training data; never on test data. Releases
        the GIL. Raises ``TrainingError`` (fewer than two in-scope labels, a
        text with two labels and ``on_conflict="error"``) and
        ``InvalidTypeError`` for non-``str`` texts or labels.
        """
        X = list(X) if not isinstance(X, (str, bytes)) else X
        y_core = self._to_core(y, "y")
        valid = None
        if X_valid is not None or y_valid is not None:
            if X_valid is None or y_valid is None:
                raise InvalidInputError("X_valid and y_valid: give both or neither", 1)
            Xv = list(X_valid) if not isinstance(X_valid, (str, bytes)) else X_valid
            valid = (Xv, self._to_core(y_valid, "y_valid"))
        model = _native.IntentModel.train(
            X,
            y_core,
            valid[0] if valid else None,
            valid[1] if valid else None,
            **self._options(),
        )
        oos = self._oos()
        self.model_ = model
        self.classes_ = self._labels_out(sorted({oos if c == "oos" else c for c in y_core}))
        self.threshold_ = model.threshold
        self.n_features_ = model.n_features
        self.conflicts_ = (
            _native.intent_conflicts(X, y_core) if self.on_conflict == "keep" else []
        )
        return self

    def _model(self) -> _native.IntentModel:
        model: _native.IntentModel | None = getattr(self, "model_", None)
        if model is None:
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet: call fit(X, y) first", 1
            )
        return model

    def predict(self, X: Iterable[str]) -> Any:
        """The intent of each text, or ``oos_label`` when it is out of scope
        (the explicit out-of-scope class won, or the best in-scope
        probability is below ``threshold_``). Releases the GIL; parallel."""
        return self._labels_out(self._model().predict(X, self._oos(), self.threads))

    def predict_proba(self, X: Iterable[str]) -> Any:
        """Class probabilities, one row per text and one column per label of
        ``classes_`` (in that order).

        The in-scope columns are the model's softmax probabilities. The
        ``oos_label`` column, present when ``y`` had out-of-scope examples,
        is the explicit out-of-scope class's probability (1 − the in-scope
        sum), so rows sum to 1. Without out-of-scope examples rows also sum
        to 1, but note that ``predict`` may still return ``oos_label`` when
        the best probability is below ``threshold_``: ``argmax`` of a row is
        the best intent, not always the prediction.
        """
        model = self._model()
        oos = self._oos()
        columns = ["oos" if c == oos else c for c in self.classes_]
        raw = model.predict_proba(X, columns, self.threads)
        if _np is not None:
            return _np.frombuffer(raw, dtype=_np.float64).reshape(-1, len(columns)).copy()
        flat = array("d")
        flat.frombytes(raw)
        n = len(columns)
        return [flat[i : i + n].tolist() for i in range(0, len(flat), n)]

    def predict_intents(self, X: Iterable[str], top_k: int = 5) -> list[IntentResult]:
        """The ``intent`` part of result schema v1 for each text: ``top``
        (``None`` when out of scope), ``confidence``, ``out_of_scope``,
        ``ambiguous``, ``oos_reason`` and the ``ranking`` of the ``top_k``
        best in-scope intents."""
        return self._model().predict_details(X, top_k, self.threads)

    def explain(self, text: str, intent: str | None = None, k: int = 10) -> Explanation:
        """The ``k`` features of ``text`` that push it most towards
        ``intent`` (the best intent when ``None``): ``{"intent": ...,
        "features": [(feature, contribution), ...]}``."""
        return self._model().explain(text, intent, k)


class SentimentScorer(_TextEstimator):
    """Lexicon-based sentiment for customer messages in English, Chinese,
    Spanish, French, German, Portuguese, Japanese and Arabic (plus emoji), with
    emotions, customer-service signals and an escalation level 0–3.

    Parameters:

    lexicon:
        Additions as in a bot definition's ``sentiment.lexicon``:
        ``{language tag: {word or phrase: polarity in -1..1}}`` (``"und"``
        for every language). Errors name ``sentiment.lexicon.<tag>.<word>``.
    language:
        The ISO 639-1 code of every text (``"en"``), or ``None`` to detect
        each text's language.
    threads:
        Threads for batches, the calling thread included (``None``: one per
        core).

    No training is needed: the built-in lexicons score any text, and
    ``fit()`` without labels only checks the parameters. ``fit(X, y)`` with
    labels (``negative``/``neutral``/``positive``) adapts the scorer to a
    domain: a logistic regression and a naive Bayes model trained on the
    rows, blended with the built-in prior (``prior_weight_`` and
    ``nb_weight_``, chosen by cross-validation on the rows; never on test
    data). Emotions, escalation and signals stay rule-based.
    ``classes_`` is ``["negative", "neutral", "positive"]``; ``score(X, y)``
    is accuracy against those labels.
    """

    def __init__(
        self,
        *,
        lexicon: dict[str, dict[str, float]] | None = None,
        language: str | None = None,
        threads: int | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.language = language
        self.threads = threads

    @property
    def classes_(self) -> Any:
        """The labels ``predict`` returns."""
        return self._labels_out(["negative", "neutral", "positive"])

    def _model(self) -> _native.SentimentModel:
        key = repr(self.lexicon)
        cached = self.__dict__.get("_native_model")
        if cached is None or cached[0] != key:
            cached = (key, _native.SentimentModel(self.lexicon))
            self.__dict__["_native_model"] = cached
        return cached[1]


    def fit(self, X: Any = None, y: Any = None) -> "SentimentScorer":
        """Builds the scorer (validating ``lexicon``) and returns ``self``.
        With labels ``y`` for the texts ``X``, also adapts it to their
        domain (see the class docs); releases the GIL. Raises
        ``TrainingError`` for a label other than negative, neutral or
        positive (naming the row) or fewer than two of them."""
        base = self._model()
        self.__dict__.pop("_adapted", None)
        self.__dict__.pop("_adapter_bytes", None)
        if y is not None:
            if X is None:
                raise InvalidInputError("X: texts are needed with labels y", 1)
            X = list(X) if not isinstance(X, (str, bytes)) else X
            y = list(y) if not isinstance(y, (str, bytes)) else y
            adapted = base.train(X, y)
            self.__dict__["_adapted"] = adapted
            self.prior_weight_ = adapted.prior_weight
            self.nb_weight_ = adapted.nb_weight
        return self

    def _scorer(self) -> _native.SentimentModel:
        adapted = self.__dict__.get("_adapted")
        if adapted is None and "_adapter_bytes" in self.__dict__:
            adapted = self._model().with_adapter(self.__dict__["_adapter_bytes"])
            self.__dict__["_adapted"] = adapted
        return adapted or self._model()

    def __getstate__(self) -> dict[str, Any]:
        # An adapted scorer pickles its trained part as bytes; the lexicon
        # scorer is rebuilt from the parameters.
        state = super().__getstate__()
        adapted = state.pop("_adapted", None)
        if adapted is not None:
            state["_adapter_bytes"] = adapted.adapter_bytes()
        return state

    def analyze(self, text: str, lang: str | None = None) -> SentimentResult:
        """The ``sentiment`` part of result schema v1 for one text:
        ``score`` (−1..1), ``label``, ``emotions``, ``escalation`` (0–3) and
        ``signals``. ``lang`` overrides ``language``."""
        return self._scorer().score(text, lang if lang is not None else self.language)

    def analyze_batch(
        self,
        texts: Iterable[str],
        langs: str | Sequence[str] | None = None,
        threads: int | None = None,
    ) -> list[SentimentResult]:
        """:meth:`analyze` for many texts, in parallel with the GIL released.
        ``langs``: ``None`` (``language``, or detect), one code for all, or
        one per text."""
        return self._scorer().score_batch(
            texts,
            langs if langs is not None else self.language,
            threads if threads is not None else self.threads,
        )

    def predict(self, X: Iterable[str]) -> Any:
        """The label of each text: ``negative``, ``neutral`` or ``positive``."""
        return self._labels_out([r["label"] for r in self.analyze_batch(X)])

    def decision_function(self, X: Iterable[str]) -> Any:
        """The polarity score of each text, in −1..1."""
        return self._floats_out([r["score"] for r in self.analyze_batch(X)])


class LanguageDetector(_TextEstimator):
    """Language identification tuned for short messages; tells Traditional
    from Simplified Chinese (``script``).

    Parameters:

    languages:
        The allowed language tags (``["en", "zh-Hant", "es"]``), or ``None``
        for every language kefu knows (``kefu.LanguageDetector.known_languages()``).
    threads:
        Threads for batches, the calling thread included (``None``: one per
        core).

    No training is needed: ``fit`` only checks the parameters. ``predict``
    gives ISO 639-1 codes (``"und"`` when undetermined) and ``score(X, y)``
    is accuracy against such codes.
    """

    def __init__(self, *, languages: Sequence[str] | None = None, threads: int | None = None) -> None:
        self.languages = languages
        self.threads = threads

    @staticmethod
    def known_languages() -> list[str]:
        """The ISO 639-1 codes kefu can detect, sorted."""
        return _native.known_languages()

    @property
    def classes_(self) -> Any:
        """The codes ``predict`` can return: the allowed languages' primary
        codes (or every known code) and ``"und"``."""
        if self.languages is None:
            codes = set(_native.known_languages())
        else:
            codes = {tag.replace("_", "-").split("-")[0] for tag in self.languages}
        return self._labels_out(sorted(codes | {"und"}))

    def _model(self) -> _native.LanguageModel:
        key = None if self.languages is None else tuple(self.languages)
        cached = self.__dict__.get("_native_model")
        if cached is None or cached[0] != key:
            cached = (key, _native.LanguageModel(self.languages))
            self.__dict__["_native_model"] = cached
        return cached[1]


    def fit(self, X: Any = None, y: Any = None) -> "LanguageDetector":
        """Builds the detector (validating ``languages``) and returns
        ``self``; ``X`` and ``y`` are ignored."""
        self._model()
        return self

    def detect(self, text: str) -> Detection:
        """``{"code", "script", "confidence", "reliable"}`` for one text."""
        return self._model().detect(text)

    def detect_batch(self, texts: Iterable[str], threads: int | None = None) -> list[Detection]:
        """:meth:`detect` for many texts, in parallel with the GIL released."""
        return self._model().detect_batch(texts, threads if threads is not None else self.threads)

    def predict(self, X: Iterable[str]) -> Any:
        """The ISO 639-1 code of each text (``"und"`` when undetermined)."""
        return self._labels_out([r["code"] for r in self.detect_batch(X)])
