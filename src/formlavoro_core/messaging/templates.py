"""The emails the library sends, as catalogue texts rendered in the reader's language (TX-2).

Each function builds one email for one reader: its subject and body are catalogue
entries (English source, translated in every catalogue), rendered by the portal's
translator in the reader's language; dates and times follow that language's format.
"""

from __future__ import annotations

import datetime as dt

from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from formlavoro_core.texts import Text, Translator, _, _n

__all__ = [
    "application_closed",
    "application_received",
    "cv_expired",
    "cv_expiry_reminder",
    "new_message",
    "offer_alert",
    "password_changed",
    "password_reset",
]


def _email(
    translator: Translator,
    *,
    to: str,
    name: str,
    subject: Text,
    body: Text,
    kind: EmailKind,
    language: Language,
    link: str | None = None,
    unsubscribe_url: str | None = None,
) -> OutgoingEmail:
    return OutgoingEmail(
        to=to,
        subject=translator.render(subject, language),
        body=translator.render(body, language),
        kind=kind,
        language=language,
        recipient_name=name,
        link=link,
        unsubscribe_url=unsubscribe_url,
    )


def password_reset(
    *,
    to: str,
    name: str,
    link: str,
    minutes: int,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """The email carrying a password-reset link (ID-4)."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_("{portal}: password reset", portal=portal),
        body=_(
            "Hello {name},\n"
            "\n"
            "someone asked to reset the password of your regional credentials. To choose a "
            "new password open this link within {minutes} minutes:\n"
            "\n"
            "{link}\n"
            "\n"
            "If it was not you, ignore this message: your password stays as it is.\n",
            name=name,
            link=link,
            minutes=minutes,
        ),
        kind=EmailKind.PASSWORD_RESET,
        language=language,
    )


def password_changed(
    *,
    to: str,
    name: str,
    when: dt.datetime,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """The notice sent after a password was changed through a reset link."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_("{portal}: password changed", portal=portal),
        body=_(
            "Hello {name},\n"
            "\n"
            "the password of your regional credentials was changed on {when}. If it was not "
            "you, contact the portal's help desk at once.\n",
            name=name,
            when=when,
        ),
        kind=EmailKind.PASSWORD_CHANGED,
        language=language,
    )


def cv_expiry_reminder(
    *,
    to: str,
    name: str,
    cv: str,
    day: dt.date,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """The reminder sent a few days before a CV expires (CV-11)."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_("{portal}: your CV expires on {day}", portal=portal, day=day),
        body=_(
            "Hello {name},\n"
            "\n"
            "your CV (code {cv}) stays published until {day}. Once it has expired you can "
            "publish it again from the CV section, so that companies keep finding you.\n",
            name=name,
            cv=cv,
            day=day,
        ),
        kind=EmailKind.CV_EXPIRY_REMINDER,
        language=language,
    )


def new_message(
    *,
    to: str,
    name: str,
    sender: str,
    subject: str,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """MS-4: the email telling a citizen that a message waits in the portal."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_("{portal}: new message from {sender}", portal=portal, sender=sender),
        body=_(
            "Hello {name},\n"
            "\n"
            'you have a new message from {sender}: "{subject}".\n'
            "Read it in the Messages section of the portal.\n",
            name=name,
            sender=sender,
            subject=subject,
        ),
        kind=EmailKind.NEW_MESSAGE,
        language=language,
    )


def offer_alert(
    *,
    to: str,
    name: str,
    search: str,
    offers: tuple[str, ...],
    unsubscribe: str,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """OF-7: new offers matching a saved search, with the one-click unsubscribe link."""
    listed = "\n".join(f"- {offer}" for offer in offers)
    return _email(
        translator,
        to=to,
        name=name,
        subject=_n(
            '{portal}: {count} new offer for "{search}"',
            '{portal}: {count} new offers for "{search}"',
            len(offers),
            portal=portal,
            search=search,
        ),
        body=_(
            "Hello {name},\n"
            "\n"
            'there are new job offers for your search "{search}":\n'
            "\n"
            "{offers}\n"
            "\n"
            "To stop these alerts: {unsubscribe}\n",
            name=name,
            search=search,
            offers=listed,
            unsubscribe=unsubscribe,
        ),
        kind=EmailKind.OFFER_ALERT,
        unsubscribe_url=unsubscribe,
        language=language,
    )


def cv_expired(
    *,
    to: str,
    name: str,
    cv: str,
    day: dt.date,
    link: str,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """CV-11: the notice sent when a published CV has expired."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_("{portal}: your CV has expired", portal=portal),
        body=_(
            "Hello {name},\n"
            "\n"
            "your CV (code {cv}) expired on {day} and companies no longer see it. You can "
            "publish it again from the CV section.\n",
            name=name,
            cv=cv,
            day=day,
        ),
        kind=EmailKind.CV_EXPIRED,
        link=link,
        language=language,
    )


def application_received(
    *,
    to: str,
    name: str,
    offer: str,
    publisher: str,
    day: dt.date,
    link: str,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """AP-12: the acknowledgement of a submitted application."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_('{portal}: application sent for "{offer}"', portal=portal, offer=offer),
        body=_(
            "Hello {name},\n"
            "\n"
            'we received your application to the offer "{offer}" from {publisher}, sent on '
            "{day}. You can follow its status in the Your applications section.\n",
            name=name,
            offer=offer,
            publisher=publisher,
            day=day,
        ),
        kind=EmailKind.APPLICATION_RECEIVED,
        link=link,
        language=language,
    )


def application_closed(
    *,
    to: str,
    name: str,
    offer: str,
    publisher: str,
    day: dt.date,
    link: str,
    language: Language,
    portal: str,
    translator: Translator,
) -> OutgoingEmail:
    """AP-12: an application still open is closed because its offer closed or expired."""
    return _email(
        translator,
        to=to,
        name=name,
        subject=_('{portal}: the offer "{offer}" has closed', portal=portal, offer=offer),
        body=_(
            "Hello {name},\n"
            "\n"
            'the offer "{offer}" from {publisher} closed on {day} before your application '
            "received an outcome. The application is closed; you still find it in the Your "
            "applications section.\n",
            name=name,
            offer=offer,
            publisher=publisher,
            day=day,
        ),
        kind=EmailKind.APPLICATION_CLOSED,
        link=link,
        language=language,
    )
