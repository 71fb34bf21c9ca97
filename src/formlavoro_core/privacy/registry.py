"""SEC-4: which repositories of the unit of work hold personal data, and which do not.

Every repository of :class:`~formlavoro_core.ports.UnitOfWork` is in exactly one of the
two mappings, with what it holds or why it holds nothing about a citizen; a contract test
fails when a repository is added to the unit of work without being listed here, and
when a listed holder cannot export and erase (:class:`PersonalDataHolder`).
"""

from __future__ import annotations

__all__ = ["NO_PERSONAL_DATA", "PERSONAL_DATA"]

PERSONAL_DATA: dict[str, str] = {
    "accounts": "the account: fiscal code, names, email, consents, login history",
    "password_resets": "the password-reset links asked for the account",
    "login_failures": "the throttling counts kept under the regional username",
    "cvs": "the CV, with its personal data and the attachments' names",
    "outbox": "the emails addressed to the citizen",
    "saved_searches": "the saved searches and their alerts",
    "alert_ledgers": "the offers already announced to the citizen by alerts",
    "applications": "the applications, with the CV and cover letter sent (kept anonymised)",
    "memberships": "the events joined and the check-ins (kept anonymised)",
    "messages": "the inbox and the replies sent",
    "unlock_requests": "the companies' requests to see the personal data, and the decisions",
}
"""Repositories holding records about a citizen: exported, then erased or anonymised."""

NO_PERSONAL_DATA: dict[str, str] = {
    "companies": "organisations, not citizens",
    "employment_centres": "organisations, not citizens",
    "training_entities": "organisations, not citizens",
    "offers": "published by organisations; applications are counted apart",
    "courses": "published by training entities",
    "events": "organised by employment centres; memberships are kept apart",
    "deadline_marks": "how far each scheduled job went: times and ids of deadlines",
    "audit": "pseudonymous ids only (SEC-3); exported, and kept for accountability",
}
"""Repositories holding no personal datum, each with the reason."""
