"""The texts of the emails the library sends, in Italian, English and French."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail

__all__ = [
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
    )
