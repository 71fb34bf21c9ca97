"""The texts of the emails the library sends, in Italian, English and French."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail

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

_RESET = {
    Language.ITALIAN: (
        "{portal}: reimpostazione della password",
        "Buongiorno {name},\n\nè stata chiesta la reimpostazione della password delle tue "
        "credenziali regionali. Per scegliere una nuova password apri questo collegamento "
        "entro {minutes} minuti:\n\n{link}\n\nSe non l'hai chiesta tu, ignora questo messaggio: "
        "la password resta invariata.\n",
    ),
    Language.ENGLISH: (
        "{portal}: password reset",
        "Hello {name},\n\nsomeone asked to reset the password of your regional credentials. "
        "To choose a new password open this link within {minutes} minutes:\n\n{link}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n",
    ),
    Language.FRENCH: (
        "{portal} : réinitialisation du mot de passe",
        "Bonjour {name},\n\nune réinitialisation du mot de passe de vos identifiants régionaux "
        "a été demandée. Pour choisir un nouveau mot de passe, ouvrez ce lien dans les "
        "{minutes} minutes :\n\n{link}\n\nSi vous n'êtes pas à l'origine de cette demande, "
        "ignorez ce message : votre mot de passe reste inchangé.\n",
    ),
}

_CHANGED = {
    Language.ITALIAN: (
        "{portal}: password cambiata",
        "Buongiorno {name},\n\nla password delle tue credenziali regionali è stata cambiata "
        "il {when}. Se non sei stato tu, contatta subito l'assistenza del portale.\n",
    ),
    Language.ENGLISH: (
        "{portal}: password changed",
        "Hello {name},\n\nthe password of your regional credentials was changed on {when}. "
        "If it was not you, contact the portal's help desk at once.\n",
    ),
    Language.FRENCH: (
        "{portal} : mot de passe modifié",
        "Bonjour {name},\n\nle mot de passe de vos identifiants régionaux a été modifié le "
        "{when}. Si ce n'était pas vous, contactez immédiatement l'assistance du portail.\n",
    ),
}

_REMINDER = {
    Language.ITALIAN: (
        "{portal}: il tuo CV scade il {day}",
        "Buongiorno {name},\n\nil tuo CV (codice {cv}) resterà pubblicato fino al {day}. "
        "Dopo la scadenza potrai pubblicarlo di nuovo dalla sezione Gestione CV, così le "
        "aziende continueranno a trovarti.\n",
    ),
    Language.ENGLISH: (
        "{portal}: your CV expires on {day}",
        "Hello {name},\n\nyour CV (code {cv}) stays published until {day}. Once it has "
        "expired you can publish it again from the CV section, so that companies keep "
        "finding you.\n",
    ),
    Language.FRENCH: (
        "{portal} : votre CV expire le {day}",
        "Bonjour {name},\n\nvotre CV (code {cv}) reste publié jusqu'au {day}. Après "
        "l'expiration, vous pourrez le publier à nouveau depuis la section Gestion du CV, "
        "pour que les entreprises continuent à vous trouver.\n",
    ),
}


def password_reset(
    *, to: str, name: str, link: str, minutes: int, language: Language, portal: str
) -> OutgoingEmail:
    """The email carrying a password-reset link (ID-4)."""
    subject, body = _RESET[language]
    return OutgoingEmail(
        to=to,
        subject=subject.format(portal=portal),
        body=body.format(name=name, link=link, minutes=minutes),
        kind=EmailKind.PASSWORD_RESET,
        language=language,
        recipient_name=name,
    )


def password_changed(
    *, to: str, name: str, when: dt.datetime, language: Language, portal: str
) -> OutgoingEmail:
    """The notice sent after a password was changed through a reset link."""
    subject, body = _CHANGED[language]
    return OutgoingEmail(
        to=to,
        subject=subject.format(portal=portal),
        body=body.format(name=name, when=when.strftime("%Y-%m-%d %H:%M")),
        kind=EmailKind.PASSWORD_CHANGED,
        language=language,
        recipient_name=name,
    )


def cv_expiry_reminder(
    *, to: str, name: str, cv: str, day: dt.date, language: Language, portal: str
) -> OutgoingEmail:
    """The reminder sent a few days before a CV expires (CV-11)."""
    subject, body = _REMINDER[language]
    return OutgoingEmail(
        to=to,
        subject=subject.format(portal=portal, day=day.isoformat()),
        body=body.format(name=name, cv=cv, day=day.isoformat()),
        kind=EmailKind.CV_EXPIRY_REMINDER,
        language=language,
        recipient_name=name,
    )


_NEW_MESSAGE = {
    Language.ITALIAN: (
        "{portal}: nuovo messaggio da {sender}",
        'Buongiorno {name},\n\nhai un nuovo messaggio da {sender}: "{subject}".\n'
        "Leggilo nella sezione Messaggi del portale.\n",
    ),
    Language.ENGLISH: (
        "{portal}: new message from {sender}",
        'Hello {name},\n\nyou have a new message from {sender}: "{subject}".\n'
        "Read it in the Messages section of the portal.\n",
    ),
    Language.FRENCH: (
        "{portal} : nouveau message de {sender}",
        "Bonjour {name},\n\nvous avez un nouveau message de {sender} : « {subject} ».\n"
        "Lisez-le dans la section Messages du portail.\n",
    ),
}

_ALERT = {
    Language.ITALIAN: (
        '{portal}: {count} nuove offerte per "{search}"',
        "Buongiorno {name},\n\nci sono nuove offerte di lavoro per la tua ricerca "
        '"{search}":\n\n{offers}\n\nPer non ricevere più questi avvisi: {unsubscribe}\n',
    ),
    Language.ENGLISH: (
        '{portal}: {count} new offers for "{search}"',
        'Hello {name},\n\nthere are new job offers for your search "{search}":\n\n'
        "{offers}\n\nTo stop these alerts: {unsubscribe}\n",
    ),
    Language.FRENCH: (
        "{portal} : {count} nouvelles offres pour « {search} »",
        "Bonjour {name},\n\nil y a de nouvelles offres d'emploi pour votre recherche "
        "« {search} » :\n\n{offers}\n\nPour ne plus recevoir ces alertes : {unsubscribe}\n",
    ),
}


def new_message(
    *, to: str, name: str, sender: str, subject: str, language: Language, portal: str
) -> OutgoingEmail:
    """MS-4: the email telling a citizen that a message waits in the portal."""
    title, body = _NEW_MESSAGE[language]
    return OutgoingEmail(
        to=to,
        subject=title.format(portal=portal, sender=sender),
        body=body.format(name=name, sender=sender, subject=subject),
        kind=EmailKind.NEW_MESSAGE,
        language=language,
        recipient_name=name,
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
) -> OutgoingEmail:
    """OF-7: new offers matching a saved search, with the one-click unsubscribe link."""
    title, body = _ALERT[language]
    listed = "\n".join(f"- {offer}" for offer in offers)
    return OutgoingEmail(
        to=to,
        subject=title.format(portal=portal, count=len(offers), search=search),
        body=body.format(name=name, search=search, offers=listed, unsubscribe=unsubscribe),
        kind=EmailKind.OFFER_ALERT,
        unsubscribe_url=unsubscribe,
        language=language,
        recipient_name=name,
    )


_EXPIRED = {
    Language.ITALIAN: (
        "{portal}: il tuo CV è scaduto",
        "Buongiorno {name},\n\nil tuo CV (codice {cv}) è scaduto il {day} e le aziende non "
        "lo vedono più. Puoi pubblicarlo di nuovo dalla sezione Gestione CV.\n",
    ),
    Language.ENGLISH: (
        "{portal}: your CV has expired",
        "Hello {name},\n\nyour CV (code {cv}) expired on {day} and companies no longer see "
        "it. You can publish it again from the CV section.\n",
    ),
    Language.FRENCH: (
        "{portal} : votre CV a expiré",
        "Bonjour {name},\n\nvotre CV (code {cv}) a expiré le {day} et les entreprises ne le "
        "voient plus. Vous pouvez le publier à nouveau depuis la section Gestion du CV.\n",
    ),
}

_RECEIVED = {
    Language.ITALIAN: (
        '{portal}: candidatura inviata per "{offer}"',
        "Buongiorno {name},\n\nabbiamo ricevuto la tua candidatura all'offerta "
        '"{offer}" di {publisher}, inviata il {day}. Puoi seguirne lo stato nella sezione '
        "Le tue candidature.\n",
    ),
    Language.ENGLISH: (
        '{portal}: application sent for "{offer}"',
        'Hello {name},\n\nwe received your application to the offer "{offer}" from '
        "{publisher}, sent on {day}. You can follow its status in the Your applications "
        "section.\n",
    ),
    Language.FRENCH: (
        "{portal} : candidature envoyée pour « {offer} »",
        "Bonjour {name},\n\nnous avons reçu votre candidature à l'offre « {offer} » "
        "publiée par {publisher}, envoyée le {day}. Vous pouvez en suivre l'état dans la "
        "section Vos candidatures.\n",
    ),
}

_CLOSED = {
    Language.ITALIAN: (
        '{portal}: l\'offerta "{offer}" è chiusa',
        'Buongiorno {name},\n\nl\'offerta "{offer}" di {publisher} si è chiusa il {day} '
        "senza che la tua candidatura ricevesse un esito. La candidatura è chiusa; la "
        "trovi sempre nella sezione Le tue candidature.\n",
    ),
    Language.ENGLISH: (
        '{portal}: the offer "{offer}" has closed',
        'Hello {name},\n\nthe offer "{offer}" from {publisher} closed on {day} before your '
        "application received an outcome. The application is closed; you still find it "
        "in the Your applications section.\n",
    ),
    Language.FRENCH: (
        "{portal} : l'offre « {offer} » est close",
        "Bonjour {name},\n\nl'offre « {offer} » publiée par {publisher} a été close le "
        "{day} avant que votre candidature reçoive une réponse. La candidature est close ; vous la "
        "retrouvez toujours dans la section Vos candidatures.\n",
    ),
}


def cv_expired(
    *, to: str, name: str, cv: str, day: dt.date, link: str, language: Language, portal: str
) -> OutgoingEmail:
    """CV-11: the notice sent when a published CV has expired."""
    subject, body = _EXPIRED[language]
    return OutgoingEmail(
        to=to,
        subject=subject.format(portal=portal),
        body=body.format(name=name, cv=cv, day=day.isoformat()),
        kind=EmailKind.CV_EXPIRED,
        link=link,
        language=language,
        recipient_name=name,
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
) -> OutgoingEmail:
    """AP-12: the acknowledgement of a submitted application."""
    subject, body = _RECEIVED[language]
    return OutgoingEmail(
        to=to,
        subject=subject.format(portal=portal, offer=offer),
        body=body.format(name=name, offer=offer, publisher=publisher, day=day.isoformat()),
        kind=EmailKind.APPLICATION_RECEIVED,
        link=link,
        language=language,
        recipient_name=name,
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
) -> OutgoingEmail:
    """AP-12: an application still open is closed because its offer closed or expired."""
    subject, body = _CLOSED[language]
    return OutgoingEmail(
        to=to,
        subject=subject.format(portal=portal, offer=offer),
        body=body.format(name=name, offer=offer, publisher=publisher, day=day.isoformat()),
        kind=EmailKind.APPLICATION_CLOSED,
        link=link,
        language=language,
        recipient_name=name,
    )
