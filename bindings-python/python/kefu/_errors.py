"""The exceptions kefu raises.

Every error is a :class:`KefuError` with a stable numeric ``code`` (the same
codes as the C API's ``KEFU_ERROR_*`` and ``kefu::ErrorKind``), a short
``kind`` name, and a message that names the place of the problem: a path in
the bot definition (``intents.refund.examples.en[3]``), a field of a context
(``context.customer.tier``), an argument (``texts[7]``), a file, or a byte
offset in a bundle.

Each class also derives from the closest built-in exception, so existing
``except ValueError`` / ``except TypeError`` / ``except OSError`` code keeps
working.
"""

from __future__ import annotations

from typing import Any, Tuple

__all__ = [
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
    "ERROR_CLASSES",
]


class KefuError(Exception):
    """Base class of every kefu error.

    Attributes:
        code: the stable numeric code of the error's kind.
        kind: the kind's short name, such as ``"definition"``.
        message: the message, naming the place of the problem.
    """

    code: int = 0
    kind: str = "unknown"

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None and code != type(self).code:
            # A kind this version of the package does not know yet.
            self.code = code

    def __reduce__(self) -> Tuple[Any, Tuple[str, int]]:  # keeps message and code through pickling
        return (type(self), (self.message, self.code))


class InvalidInputError(KefuError, ValueError):
    """A message, a context or another run-time input is invalid (code 1):
    an unknown context key, an undeclared custom attribute, a lone surrogate
    in a ``str``, a bad argument value."""

    code = 1
    kind = "invalid_input"


class InvalidTypeError(InvalidInputError, TypeError):
    """An argument has the wrong type (code 1, like
    :class:`InvalidInputError`), such as ``bytes`` or ``None`` where a
    ``str`` is expected. Also a :class:`TypeError`."""


class DefinitionError(KefuError, ValueError):
    """The bot definition is malformed or inconsistent (code 2). The message
    names the path, such as ``intents.refund.examples.en[3]``, and suggests
    the nearest valid name."""

    code = 2
    kind = "definition"


class BundleError(KefuError, ValueError):
    """A bundle could not be read (code 3): bad magic, a newer format
    version, truncation, a checksum mismatch or a corrupt payload."""

    code = 3
    kind = "bundle"


class PolicyError(KefuError, ValueError):
    """The routing policy failed to parse or type-check (code 4); the message
    gives ``line:col``."""

    code = 4
    kind = "policy"


class LimitError(KefuError, ValueError):
    """An input exceeded a documented size limit (code 5), such as a message
    over 64 KiB."""

    code = 5
    kind = "limit"


class TrainingError(KefuError, ValueError):
    """Training could not produce a model (code 6): fewer than two intents, a
    text labelled with two intents, no usable features."""

    code = 6
    kind = "training"


class KefuIOError(KefuError, OSError):
    """A file could not be read or written (code 7). Also an
    :class:`OSError`."""

    code = 7
    kind = "io"

    def __new__(cls, message: str, code: int | None = None) -> KefuIOError:
        # OSError.__new__ would read two arguments as (errno, strerror).
        return OSError.__new__(cls, message)

    def __init__(self, message: str, code: int | None = None) -> None:
        KefuError.__init__(self, message, code)


class InternalError(KefuError):
    """A bug in kefu, caught at the boundary (code 99); please report it."""

    code = 99
    kind = "internal"


ERROR_CLASSES: dict[int, type[KefuError]] = {
    cls.code: cls
    for cls in (
        InvalidInputError,
        DefinitionError,
        BundleError,
        PolicyError,
        LimitError,
        TrainingError,
        KefuIOError,
        InternalError,
    )
}
"""The exception class of each error code."""
