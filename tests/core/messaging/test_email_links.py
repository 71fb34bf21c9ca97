"""Issue 11 point 3: every email's links come from ``PortalConfig.base_url``.

The portal runs with a base URL of its own; each email the use cases and jobs queue
points into it, and carries the reader's language and first name for the mailer.
"""

from __future__ import annotations

import datetime as dt

from formlavoro_core.applications.model import ApplicationStatus
from formlavoro_core.config import PortalConfig
from formlavoro_core.locale import Language
from formlavoro_core.messaging.outbox import EmailKind, OutgoingEmail
from formlavoro_core.offers.alerts import SavedSearchRequest
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from tests.core.identity.test_password_reset import EMAIL, _registered
from tests.support import ROME, World, ok, world

BASE = "https://lavoro.regione.example"


def _world() -> World:
    return world(PortalConfig(timezone=ROME, base_url=BASE + "/"))


def _sent(w: World, kind: EmailKind) -> list[OutgoingEmail]:
    ok(w.portal.mail.deliver_pending(SYSTEM))
    return [email for email in w.mailer.sent if email.kind is kind]


def test_of_7_each_offer_of_an_alert_links_to_its_card() -> None:
    """OF-7 / point 3: alert lines link the offers; the unsubscribe link uses the base URL."""
    w = _world()
    company = w.company()
    citizen, _ = w.citizen_with_cv()
    saved = ok(
        w.portal.offers.save_search(citizen, SavedSearchRequest(name="Tutto", query=OfferQuery()))
    )
    w.clock.advance(dt.timedelta(hours=1))
    offer = w.offer(company, title="Cuoco capo")
    w.clock.advance(dt.timedelta(days=1))
    ok(w.portal.jobs.run_due(SYSTEM))
    (alert,) = _sent(w, EmailKind.OFFER_ALERT)
    assert f"- Cuoco capo (Trattoria): {BASE}/offers/{offer.id}" in alert.body.splitlines()
    assert alert.unsubscribe_url == f"{BASE}/alerts/unsubscribe?token={saved.unsubscribe_token}"
    assert (alert.language, alert.recipient_name) == (Language.ITALIAN, "Anna")


def test_ms_4_the_new_message_email_links_to_the_message() -> None:
    """MS-4 / point 3: the notice of a company's message links to it."""
    w = _world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    (notice,) = _sent(w, EmailKind.NEW_MESSAGE)
    message = next(
        m for m in ok(w.portal.messages.inbox(citizen)).items if m.subject in notice.body
    )
    assert notice.link == f"{BASE}/messages/{message.id}"


def test_cv_11_the_reminder_links_to_the_cv() -> None:
    """CV-11 / point 3: the reminder before expiry links to the CV page."""
    w = _world()
    _, cv = w.citizen_with_published_cv()
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at - dt.timedelta(days=4))
    assert ok(w.portal.jobs.run_due(SYSTEM)).cv_reminders == 1
    (reminder,) = _sent(w, EmailKind.CV_EXPIRY_REMINDER)
    assert reminder.link == f"{BASE}/cv"


def test_id_4_the_reset_link_uses_the_base_url_and_the_email_has_no_other_link() -> None:
    """ID-4 / point 3: the reset link is made from the base URL; it is in the body only."""
    w = _registered()
    assert w.portal.config.reset_url.startswith("https://formazionelavoro.example/")
    config = PortalConfig(timezone=ROME, base_url=BASE)
    assert config.reset_url == f"{BASE}/reset-password?token={{token}}"
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email=EMAIL, username="anna.rossi", source="192.0.2.1"
        )
    )
    (reset,) = _sent(w, EmailKind.PASSWORD_RESET)
    assert reset.link is None
    assert "https://formazionelavoro.example/reset-password?token=" in reset.body
