"""The citizen's preferred language: the language of their messages and emails (TX-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from returns.result import Failure, Result

from formlavoro_core.errors import DomainError, NotFound
from formlavoro_core.locale import Language
from formlavoro_core.principals import Principal
from formlavoro_core.runtime import require_citizen

if TYPE_CHECKING:
    from formlavoro_core.ports import UnitOfWork
    from formlavoro_core.runtime import Dependencies

__all__ = ["LanguagePreference"]


class LanguagePreference:
    """``portal.identity.set_language``: part of the identity use cases."""

    if TYPE_CHECKING:  # given by IdentityService
        _deps: Dependencies

    def set_language(self, actor: Principal, language: Language) -> Result[Language, DomainError]:
        """TX-2: the citizen chooses the language of the portal's messages and emails.

        Until they choose, they read the portal's default language. Inbox messages the
        portal wrote before follow the new choice too: they are rendered when read.
        """
        citizen = require_citizen(actor, "choose a language")
        if isinstance(citizen, DomainError):
            return Failure(citizen)

        def work(uow: UnitOfWork) -> Language | DomainError:
            account = uow.accounts.get(citizen.account_id)
            if account is None:
                return NotFound(entity="account", key=citizen.account_id)
            if account.language is not language:
                uow.accounts.update(attrs.evolve(account, language=language))
            return language

        return self._deps.run(work)
