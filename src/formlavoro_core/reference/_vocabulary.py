"""The base of every closed vocabulary: a stable value and labels for people.

A vocabulary member's ``value`` is what storage, JSON and URLs carry; it never changes.
Labels are for screens and emails: :attr:`Vocabulary.label` is a catalogue text that
any translator renders in the reader's language (TX-1); ``label_it`` is the manual's
Italian wording (exports that must be Italian use it, and the Italian catalogue agrees
with it), ``label_en`` the English source.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, TypeVar

from formlavoro_core.texts import Text

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["Vocabulary", "register_labels"]

_V = TypeVar("_V", bound="Vocabulary")

_LABELS: Final[dict[Vocabulary, tuple[str, Text]]] = {}


class Vocabulary(enum.Enum):
    """A closed list of values with labels in every language.

    Subclasses declare members with string values and register their labels with
    :func:`register_labels` right after the class body.
    """

    @property
    def label_it(self) -> str:
        """The Italian label, as the portal shows it."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The English label (the catalogue's source)."""
        return self.label.source()

    @property
    def label(self) -> Text:
        """The label for people, in any language (TX-1)."""
        return _LABELS[self][1]


def register_labels(vocabulary: type[_V], labels: Mapping[_V, tuple[str, Text]]) -> None:
    """Record the Italian label and the catalogue text of every member of ``vocabulary``.

    Raises:
        ValueError: when a member has no labels, so an incomplete table fails at import.
    """
    missing = [member.name for member in vocabulary if member not in labels]
    if missing:
        msg = f"{vocabulary.__name__} has no labels for {', '.join(missing)}"
        raise ValueError(msg)
    for member, pair in labels.items():
        _LABELS[member] = pair
