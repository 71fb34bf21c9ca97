"""SEC-4: the readable summary of a citizen's data export, as an A4 PDF in their language."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING

from formlavoro_adapters.documents.pdf import _LABELS, _PdfWriter
from formlavoro_core.locale import Language

if TYPE_CHECKING:
    from formlavoro_core.privacy.export import ExportSummary

__all__ = ["PdfPrivacySummaryRenderer"]

_TEXTS: dict[str, dict[str, str]] = {
    "it": {
        "title": "I tuoi dati personali",
        "intro": "Riepilogo dei dati che {portal} conserva su di te. L'archivio data.json "
        "allegato li contiene tutti, in formato leggibile da un programma.",
        "citizen": "Cittadino",
        "fiscal_code": "Codice fiscale",
        "made": "Estratto il",
        "sections": "Dati conservati",
        "applications": "Candidature",
        "readers": "Chi ha usato i tuoi dati (registro degli accessi)",
        "none": "Nessuno",
        "accounts": "Account e consensi",
        "password_resets": "Richieste di nuova password",
        "login_failures": "Tentativi di accesso contati",
        "cvs": "Curriculum",
        "outbox": "Email inviate",
        "saved_searches": "Ricerche salvate",
        "alert_ledgers": "Avvisi di offerte inviati",
        "memberships": "Iscrizioni a eventi",
        "messages": "Messaggi",
        "unlock_requests": "Richieste di sblocco dei dati",
        "audit": "Registro degli accessi",
        "company": "Aziende",
        "cpi": "Centri per l'impiego",
        "operator": "Operatori del portale",
        "anonymous": "Tentativi di accesso",
        "system": "Il portale",
        "training_entity": "Enti di formazione",
    },
    "en": {
        "title": "Your personal data",
        "intro": "A summary of the data {portal} keeps about you. The data.json file "
        "beside it holds all of it, in a form programs read.",
        "citizen": "Citizen",
        "fiscal_code": "Fiscal code",
        "made": "Exported on",
        "sections": "Data kept",
        "applications": "Applications",
        "readers": "Who used your data (access log)",
        "none": "Nobody",
        "accounts": "Account and consents",
        "password_resets": "Password reset requests",
        "login_failures": "Login attempts counted",
        "cvs": "CV",
        "outbox": "Emails sent",
        "saved_searches": "Saved searches",
        "alert_ledgers": "Offer alerts sent",
        "memberships": "Event registrations",
        "messages": "Messages",
        "unlock_requests": "Requests to unlock your data",
        "audit": "Access log",
        "company": "Companies",
        "cpi": "Employment centres",
        "operator": "Portal staff",
        "anonymous": "Login attempts",
        "system": "The portal",
        "training_entity": "Training entities",
    },
    "fr": {
        "title": "Vos données personnelles",
        "intro": "Résumé des données que {portal} conserve sur vous. Le fichier data.json "
        "joint les contient toutes, sous une forme lisible par un programme.",
        "citizen": "Citoyen",
        "fiscal_code": "Code fiscal",
        "made": "Extrait le",
        "sections": "Données conservées",
        "applications": "Candidatures",
        "readers": "Qui a utilisé vos données (journal des accès)",
        "none": "Personne",
        "accounts": "Compte et consentements",
        "password_resets": "Demandes de nouveau mot de passe",
        "login_failures": "Tentatives de connexion comptées",
        "cvs": "CV",
        "outbox": "Courriels envoyés",
        "saved_searches": "Recherches enregistrées",
        "alert_ledgers": "Alertes d'offres envoyées",
        "memberships": "Inscriptions aux événements",
        "messages": "Messages",
        "unlock_requests": "Demandes de déblocage de vos données",
        "audit": "Journal des accès",
        "company": "Entreprises",
        "cpi": "Centres pour l'emploi",
        "operator": "Personnel du portail",
        "anonymous": "Tentatives de connexion",
        "system": "Le portail",
        "training_entity": "Organismes de formation",
    },
    "de": {
        "title": "Ihre personenbezogenen Daten",
        "intro": "Zusammenfassung der Daten, die {portal} über Sie speichert. Die "
        "beiliegende Datei data.json enthält sie alle, maschinenlesbar.",
        "citizen": "Bürger",
        "fiscal_code": "Steuernummer",
        "made": "Exportiert am",
        "sections": "Gespeicherte Daten",
        "applications": "Bewerbungen",
        "readers": "Wer Ihre Daten verwendet hat (Zugriffsprotokoll)",
        "none": "Niemand",
        "accounts": "Konto und Einwilligungen",
        "password_resets": "Anfragen für ein neues Passwort",
        "login_failures": "Gezählte Anmeldeversuche",
        "cvs": "Lebenslauf",
        "outbox": "Gesendete E-Mails",
        "saved_searches": "Gespeicherte Suchen",
        "alert_ledgers": "Gesendete Stellenhinweise",
        "memberships": "Veranstaltungsanmeldungen",
        "messages": "Nachrichten",
        "unlock_requests": "Anfragen zur Freigabe Ihrer Daten",
        "audit": "Zugriffsprotokoll",
        "company": "Unternehmen",
        "cpi": "Arbeitsvermittlungszentren",
        "operator": "Mitarbeiter des Portals",
        "anonymous": "Anmeldeversuche",
        "system": "Das Portal",
        "training_entity": "Bildungsträger",
    },
}
"""The summary's texts in the languages of TX-1; a language without them reads English."""


class PdfPrivacySummaryRenderer:
    """SEC-4 export summaries as A4 PDFs, each in the citizen's language.

    Args:
        font_file: a TrueType/OpenType font to embed instead of the core Helvetica.
        bold_font_file: its bold face.

    >>> PdfPrivacySummaryRenderer().media_type
    'application/pdf'
    """

    def __init__(
        self,
        *,
        font_file: str | pathlib.Path | None = None,
        bold_font_file: str | pathlib.Path | None = None,
    ) -> None:
        self._fonts = (font_file, bold_font_file)
        self._writer(Language.ITALIAN)  # refuses a missing fpdf2 or font now, not later

    @property
    def media_type(self) -> str:
        """Always ``application/pdf``."""
        return "application/pdf"

    def _writer(self, language: Language) -> _PdfWriter:
        labelled = language if language in _LABELS else Language.ITALIAN
        writer = _PdfWriter(
            language=labelled, font_file=self._fonts[0], bold_font_file=self._fonts[1]
        )
        writer._language = language
        return writer

    def render(self, summary: ExportSummary, /) -> bytes:
        """Return the summary: who, when, what is kept, the applications, the readers."""
        texts = _TEXTS.get(summary.language.value, _TEXTS["en"])
        writer = self._writer(summary.language)
        pdf = writer._document(size="A4", created_at=summary.made_at, title=texts["title"])
        pdf.set_margins(15, 15, 15)
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()

        def heading(text: str, size: float = 12) -> None:
            pdf.ln(3)
            writer._font(pdf, size=size, bold=True)
            writer._line(pdf, text, height=8)

        def line(text: str) -> None:
            writer._font(pdf, size=10)
            writer._line(pdf, text, height=6)

        heading(texts["title"], size=16)
        line(texts["intro"].format(portal=summary.portal_name))
        line(f"{texts['citizen']}: {summary.name}")
        line(f"{texts['fiscal_code']}: {summary.fiscal_code}")
        line(f"{texts['made']}: {writer._moment(summary.made_at, summary.timezone)}")
        heading(texts["sections"])
        for section, count in summary.counts:
            line(f"{texts.get(section, section)}: {count}")
        heading(texts["applications"])
        for title, status, day in summary.applications or ():
            line(f"{day:%d/%m/%Y} - {title} ({status})")
        if not summary.applications:
            line(texts["none"])
        heading(texts["readers"])
        for kind, count in summary.readers:
            line(f"{texts.get(kind, kind)}: {count}")
        if not summary.readers:
            line(texts["none"])
        return bytes(pdf.output())
