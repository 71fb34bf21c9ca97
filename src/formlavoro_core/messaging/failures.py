"""Failures of the messaging context."""

from __future__ import annotations

from typing import ClassVar

import attrs

from formlavoro_core.errors import DomainError

__all__ = ["NoOneToAnswer"]


@attrs.frozen(kw_only=True)
class NoOneToAnswer(DomainError):
    """MS-3: automatic messages of the system cannot be answered."""

    CODE: ClassVar[str] = "message.reply.no_recipient"

    @property
    def message(self) -> str:
        return "This message was sent automatically; there is nobody to answer it."
