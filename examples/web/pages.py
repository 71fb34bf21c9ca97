"""The Italian pages of the reference apps: plain, semantic, accessible HTML.

Both apps (FastAPI and Django) render with these functions, built from the parts of
:mod:`examples.web.html_parts` (layout, labelled fields, alerts).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from examples.web.html_parts import (
    choices,
    done_box,
    esc,
    field,
    form,
    hidden,
    layout,
    problems_box,
    select,
)
from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.applications.services import ApplicationSummary
from formlavoro_core.cv.completion import Completion
from formlavoro_core.cv.model import Cv
from formlavoro_core.home.services import Home
from formlavoro_core.identity.onboarding import OnboardingStep
from formlavoro_core.identity.onboarding_services import Welcome
from formlavoro_core.identity.services import NoticeVersions
from formlavoro_core.messaging.model import Message
from formlavoro_core.offers.model import Offer
from formlavoro_core.offers.services import OfferCard
from formlavoro_core.paging import Page
from formlavoro_core.reference import ContractType, EducationLevel, LanguageLevel

__all__ = [
    "applications_page",
    "consent_page",
    "cv_page",
    "error_page",
    "home_page",
    "inbox_page",
    "login_page",
    "message_page",
    "offer_page",
    "offers_page",
    "welcome_page",
]

_LEVELS = {
    EducationLevel.NONE: "Nessun titolo",
    EducationLevel.PRIMARY: "Licenza elementare",
    EducationLevel.LOWER_SECONDARY: "Licenza media",
    EducationLevel.UPPER_SECONDARY: "Diploma di scuola superiore",
}
_CONTRACTS = {
    ContractType.PERMANENT: "Tempo indeterminato",
    ContractType.FIXED_TERM: "Tempo determinato",
    ContractType.APPRENTICESHIP: "Apprendistato",
    ContractType.INTERNSHIP: "Tirocinio",
}
_LANGUAGE_LEVELS = {level: level.label_it for level in LanguageLevel}
_APPLICATION_STATUSES = {
    ApplicationStatus.SUBMITTED: "Inviata",
    ApplicationStatus.VIEWED: "Vista dall'azienda",
    ApplicationStatus.INTERESTED: "L'azienda è interessata",
    ApplicationStatus.SELECTED: "Selezionata/o",
    ApplicationStatus.NOT_SELECTED: "Non selezionata/o",
    ApplicationStatus.OFFER_CLOSED: "Offerta chiusa",
}
SECTORS = (("I", "Alloggio e ristorazione"), ("G", "Commercio"), ("J", "Informazione"))
PROFESSIONS = (
    ("5.2.2.1.0", "Cuochi in alberghi e ristoranti"),
    ("5.2.2.4.0", "Baristi e professioni assimilate"),
    ("5.1.2.2.0", "Commessi delle vendite al minuto"),
)


def consent_page(notices: NoticeVersions, error: dict[str, Any] | None = None) -> str:
    """ID-1: the two notices to accept before any login method is offered."""
    privacy, regulation = notices.privacy_notice_version, notices.citizen_regulation_version
    body = (
        problems_box(error)
        + "<p>Prima di accedere leggi e accetta l'informativa sul trattamento dei dati "
        "personali e il regolamento per i cittadini.</p>"
        + form(
            "/accesso",
            hidden("privacy_notice_version", privacy)
            + hidden("citizen_regulation_version", regulation)
            + choices(
                "accetto",
                "Consensi",
                (
                    (
                        "informativa",
                        f"Ho letto l'informativa privacy (versione {privacy})",
                    ),
                    (
                        "regolamento",
                        f"Accetto il regolamento per i cittadini (versione {regulation})",
                    ),
                ),
            ),
            "Accetta e prosegui",
        )
    )
    return layout("Accesso al portale", body)


def login_page(
    providers: Sequence[tuple[str, str, str]], error: dict[str, Any] | None = None
) -> str:
    """ID-2: SPID and CIE through their identity providers, and regional credentials."""
    items = "".join(
        f'<li><a href="/{scheme}/login?idp={html.escape(entity_id, quote=True)}">'
        f"Entra con {scheme.upper()}: {esc(name)}</a></li>"
        for scheme, entity_id, name in providers
    )
    identity = (
        f"<h2>SPID o CIE</h2><ul>{items}</ul>"
        if items
        else "<h2>SPID o CIE</h2><p>Nessun gestore di identità configurato in questa demo.</p>"
    )
    regional = "<h2>Credenziali regionali</h2>" + form(
        "/accesso/regionale",
        field("username", "Nome utente", autocomplete="username", required="required")
        + field(
            "password",
            "Password",
            kind="password",
            autocomplete="current-password",
            required="required",
        ),
        "Entra",
    )
    return layout("Scegli come accedere", problems_box(error) + identity + regional)


def welcome_page(welcome: Welcome, error: dict[str, Any] | None = None) -> str:
    """ON-1 ... ON-6: who the citizen is, then the next of the four questions."""
    who = (
        f"<p>Benvenuta/o, {esc(welcome.given_name)} {esc(welcome.family_name)}.</p><dl>"
        f"<dt>Email</dt><dd>{esc(welcome.email)}</dd>"
        f"<dt>Codice fiscale</dt><dd>{esc(welcome.fiscal_code)}</dd></dl>"
    )
    step = welcome.next_step
    levels = [(level.value, text) for level, text in _LEVELS.items()]
    questions = {
        OnboardingStep.SECTORS: choices(
            "sectors", "Settori economici di interesse (da 1 a 3)", SECTORS
        ),
        OnboardingStep.PROFESSIONS: choices(
            "professions", "Professioni desiderate (da 1 a 3)", PROFESSIONS
        ),
        OnboardingStep.EDUCATION: choices(
            "in_education",
            "Sei ancora in formazione?",
            (("true", "Sì"), ("false", "No")),
            kind="radio",
        )
        + select("highest_level", "Titolo di studio più alto", levels),
        OnboardingStep.WORK: choices(
            "has_worked", "Hai già lavorato?", (("true", "Sì"), ("false", "No")), kind="radio"
        )
        + field("job_title", "Esperienza più significativa: mansione")
        + field("employer", "Datore di lavoro")
        + field("start", "Data di inizio", kind="date"),
    }
    if step is None:
        return layout("Benvenuta/o", who + '<p><a href="/">Vai alla home</a></p>', signed_in=True)
    content = form(f"/benvenuto/{step.value}", questions[step], "Avanti")
    title = f"Domanda {step.number} di 4"
    return layout(title, who + problems_box(error) + content, signed_in=True)


def home_page(home: Home) -> str:
    """HM-1, HM-4: name, username, CV completion and unread messages."""
    completion = "non ancora creato" if home.cv_completion is None else f"{home.cv_completion}%"
    body = (
        f"<p>{esc(home.full_name)} ({esc(home.username)})</p>"
        f"<ul><li>Completamento del CV: {esc(completion)}</li>"
        f"<li>Messaggi non letti: {home.unread_messages}</li></ul>"
        '<ul><li><a href="/offerte">Ultime offerte</a></li><li><a href="/cv">Gestione CV</a></li>'
        '<li><a href="/messaggi">Messaggi</a></li>'
        '<li><a href="/candidature">Le tue candidature</a></li></ul>'
    )
    return layout("La tua area personale", body, signed_in=True)


def cv_page(
    cv: Cv, completion: Completion, *, error: dict[str, Any] | None = None, done: str | None = None
) -> str:
    """CV-1 ... CV-11: the CV's state and forms for the sections the demo edits."""
    residence = cv.personal.residence.municipality if cv.personal.residence else ""
    state = "pubblicato" if cv.publication else "non pubblicato"
    studies = "".join(f"<li>{esc(s.value.title or s.value.level.value)}</li>" for s in cv.studies)
    languages = "".join(
        f"<li>{esc(e.value.language)}: {esc(_LANGUAGE_LEVELS[e.value.level])}</li>"
        for e in cv.languages
    )
    attachments = "".join(f"<li>{esc(a.filename)} ({a.size} byte)</li>" for a in cv.attachments)
    body = (
        problems_box(error)
        + done_box(done)
        + f"<p>Codice CV: {esc(cv.id)}. Completamento: {completion.percent}%. Stato: {state}.</p>"
        + "<h2>Dati personali</h2>"
        + form(
            "/cv/dati-personali",
            field(
                "phone", "Telefono", value=cv.personal.phone or "", kind="tel", autocomplete="tel"
            )
            + field(
                "residence", "Comune di residenza (codice catastale, es. D969)", value=residence
            ),
            "Salva i dati personali",
        )
        + f"<h2>Studi</h2><ul>{studies}</ul>"
        + form("/cv/studio", field("title", "Titolo del diploma o della laurea"), "Salva il titolo")
        + f"<h2>Lingue</h2><ul>{languages}</ul>"
        + form(
            "/cv/lingue",
            field("language", "Lingua (codice ISO 639, es. en)", maxlength="3")
            + select(
                "level",
                "Livello",
                [(level.value, text) for level, text in _LANGUAGE_LEVELS.items()],
            ),
            "Aggiungi la lingua",
        )
        + f"<h2>Allegati</h2><ul>{attachments}</ul>"
        + form(
            "/cv/allegati",
            field(
                "file",
                "File (pdf, png, jpeg, tiff, zip, 7z, doc, docx; al massimo 2 MB)",
                kind="file",
            ),
            "Carica l'allegato",
            upload=True,
        )
        + "<h2>Pubblicazione</h2>"
        + form("/cv/pubblica", "", "Pubblica il CV")
    )
    return layout("Il mio CV", body, signed_in=True)


def offers_page(
    values: dict[str, str],
    page: Page[Offer] | None,
    next_link: str | None,
    *,
    error: dict[str, Any] | None = None,
    signed_in: bool = False,
) -> str:
    """OF-1, OF-3, OF-4: the filters and a page of offers, newest first."""
    contracts = [("", "Qualsiasi")] + [(kind.value, text) for kind, text in _CONTRACTS.items()]
    filters = (
        '<form method="get" action="/offerte" role="search">'
        + field("text", "Parole chiave", value=values.get("text", ""), kind="search")
        + field("location", "Provincia o comune (es. GE, D969)", value=values.get("location", ""))
        + select("contract_types", "Tipo di contratto", contracts, values.get("contract_types", ""))
        + choices(
            "car_required",
            "Requisiti",
            (("true", "Automunito"),),
            chosen=[values.get("car_required", "")],
        )
        + "<button>Cerca</button></form>"
    )
    results = ""
    if page is not None:
        items = "".join(
            f'<li><a href="/offerte/{esc(offer.id)}">{esc(offer.title)}</a> '
            f"({esc(offer.publisher.name)})</li>"
            for offer in page.items
        )
        more = f'<p><a href="{esc(next_link)}">Pagina successiva</a></p>' if next_link else ""
        results = f"<h2>Risultati: {esc(page.total_label)}</h2><ul>{items}</ul>{more}"
    return layout("Offerte di lavoro", problems_box(error) + filters + results, signed_in=signed_in)


def offer_page(
    card: OfferCard,
    *,
    signed_in: bool,
    place: str | None = None,
    error: dict[str, Any] | None = None,
) -> str:
    """OF-2, AP-2, AP-5: the whole offer, and applying to it."""
    offer = card.offer
    contract = _CONTRACTS.get(offer.contract_type, offer.contract_type.value)
    details = (
        f"<p>{esc(offer.description)}</p>"
        f"<dl><dt>Datore di lavoro</dt><dd>{esc(offer.publisher.name)}</dd>"
        f"<dt>Sede</dt><dd>{esc(place or offer.workplace)} ({esc(offer.province)})</dd>"
        f"<dt>Contratto</dt><dd>{esc(contract)}</dd>"
        f"<dt>Scadenza</dt><dd>{esc(offer.expires_on.strftime('%d/%m/%Y'))}</dd></dl>"
    )
    if card.applied:
        action = '<p class="avviso" role="status">Ti sei candidata/o a questa offerta.</p>'
    elif card.can_apply:
        action = form(
            f"/offerte/{esc(offer.id)}/candidatura",
            '<p><label for="f-cover_letter">Lettera di presentazione '
            "(facoltativa, al massimo 2000 caratteri)</label>"
            '<textarea id="f-cover_letter" name="cover_letter" rows="5" cols="60" '
            'maxlength="2000"></textarea></p>',
            "Candidati",
        )
    elif signed_in:
        action = '<p>Per candidarti pubblica prima il tuo CV: <a href="/cv">vai al CV</a>.</p>'
    else:
        action = '<p><a href="/accesso">Accedi</a> per candidarti.</p>'
    return layout(offer.title, problems_box(error) + details + action, signed_in=signed_in)


def applications_page(summaries: Sequence[ApplicationSummary]) -> str:
    """AP-5: the citizen's applications with their status and the offer's."""
    rows = "".join(
        f'<tr><td><a href="/offerte/{esc(s.application.offer)}">'
        f"{esc(s.application.offer_title)}</a></td>"
        f"<td>{esc(_APPLICATION_STATUSES[s.status])}</td><td>{esc(s.offer_status.value)}</td></tr>"
        for s in summaries
    )
    table = (
        '<table><caption>Le tue candidature</caption><thead><tr><th scope="col">Offerta</th>'
        '<th scope="col">Stato</th><th scope="col">Stato dell\'offerta</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        if rows
        else "<p>Non hai ancora candidature.</p>"
    )
    return layout("Le tue candidature", table, signed_in=True)


def inbox_page(page: Page[Message]) -> str:
    """MS-1, MS-2: the messages, unread ones marked."""
    items = "".join(
        f'<li><a href="/messaggi/{esc(m.id)}">{esc(m.subject)}</a>'
        f"{' <strong>(non letto)</strong>' if m.is_unread else ''}</li>"
        for m in page.items
    )
    return layout(
        "Messaggi", f"<ul>{items}</ul>" if items else "<p>Nessun messaggio.</p>", signed_in=True
    )


def message_page(message: Message) -> str:
    """MS-2: one message, marked read by opening it."""
    paragraphs = "".join(f"<p>{esc(line)}</p>" for line in message.body.split("\n") if line.strip())
    return layout(
        message.subject,
        paragraphs + '<p><a href="/messaggi">Tutti i messaggi</a></p>',
        signed_in=True,
    )


def error_page(problem: dict[str, Any], *, signed_in: bool = False) -> str:
    """A refused request: the problem's title and detail, never a trace."""
    return layout(
        problem["title"],
        problems_box(problem) + '<p><a href="/">Torna alla home</a></p>',
        signed_in=signed_in,
    )
