"""Applications: apply, follow, review, export (AP-1 ... AP-11)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import attrs
import pytest

from formlavoro_core.applications.failures import AlreadyApplied, CvNotPublished
from formlavoro_core.applications.model import (
    ApplicationRequest,
    ApplicationStatus,
    RejectionReason,
)
from formlavoro_core.errors import InvalidInput, Problem
from formlavoro_core.locale import Language
from formlavoro_core.messaging.model import MessageKind
from formlavoro_core.messaging.outbox import EmailKind
from formlavoro_core.offers.failures import OfferNotOpen
from formlavoro_core.offers.model import OfferStatus
from formlavoro_core.offers.query import OfferQuery
from formlavoro_core.principals import ANONYMOUS, SYSTEM
from formlavoro_core.values import PhoneNumber
from tests.core.cv.minimal_files import make_pdf
from tests.support import MARIO, ROME, failure, from_publishers, ok, world


def test_ap_1_only_a_citizen_with_a_published_unexpired_cv_can_apply() -> None:
    """AP-1: no published CV, no application; an expired one does not count."""
    w = world()
    offer = w.offer(w.company(), expires_on=dt.date(2026, 12, 31))
    citizen, _ = w.citizen_with_cv()
    before = w.storage.dump()
    assert failure(w.portal.applications.apply(citizen, offer.id)) == CvNotPublished()
    assert w.storage.dump() == before
    other, cv = w.citizen_with_published_cv(MARIO)
    assert cv.publication is not None
    w.clock.set(cv.publication.expires_at)
    assert failure(w.portal.applications.apply(other, offer.id)) == CvNotPublished()
    assert failure(w.portal.applications.apply(ANONYMOUS, offer.id)).code == "access.forbidden"


def test_ap_2_a_cover_letter_of_at_most_2000_characters_and_one_attachment() -> None:
    """AP-2: the letter and one of the citizen's attachments travel with the application."""
    w = world()
    offer = w.offer(w.company())
    citizen, cv = w.citizen_with_published_cv()
    ref = ok(w.portal.cv.add_attachment(citizen, cv.id, filename="cv.pdf", content=make_pdf()))
    too_long = ApplicationRequest(cover_letter="x" * 2001)
    assert failure(w.portal.applications.apply(citizen, offer.id, too_long)) == InvalidInput(
        problems=(Problem(path="cover_letter", message="at most 2000 characters"),)
    )
    request = ApplicationRequest(cover_letter="x" * 2000, attachment=ref.id)
    application = ok(w.portal.applications.apply(citizen, offer.id, request))
    assert application.cover_letter == "x" * 2000
    assert application.attachment is not None
    assert application.attachment.filename == "cv.pdf"
    ok(w.portal.cv.remove_attachment(citizen, cv.id, ref.id))
    assert ok(w.portal.applications.attachment(citizen, application.id)) == make_pdf()


def test_ap_2_the_attachment_must_be_one_of_the_citizens() -> None:
    """AP-2: an unknown attachment id is refused and nothing is stored."""
    w = world()
    offer = w.offer(w.company())
    citizen, _ = w.citizen_with_published_cv()
    before, files = w.storage.dump(), w.files.keys()
    request = ApplicationRequest(attachment="someone-elses")  # type: ignore[arg-type]
    assert failure(w.portal.applications.apply(citizen, offer.id, request)).code == (
        "attachment.not_found"
    )
    assert (w.storage.dump(), w.files.keys()) == (before, files)


def test_ap_3_one_application_per_citizen_and_offer() -> None:
    """AP-3: a second attempt is refused clearly, naming the first."""
    w = world()
    offer = w.offer(w.company())
    citizen, _ = w.citizen_with_published_cv()
    first = ok(w.portal.applications.apply(citizen, offer.id))
    before = w.storage.dump()
    again = failure(w.portal.applications.apply(citizen, offer.id))
    assert again == AlreadyApplied(application=first.id, submitted_at=first.submitted_at)
    assert w.storage.dump() == before


def test_ap_4_an_application_is_neither_withdrawn_nor_modified() -> None:
    """AP-4: no use case withdraws or edits; later CV edits do not change what was sent."""
    w = world()
    offer = w.offer(w.company())
    citizen, cv = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    names = {name for name in dir(w.portal.applications) if not name.startswith("_")}
    assert not names & {"withdraw", "cancel", "delete", "update", "modify", "edit"}
    expired = cv.publication.expires_at if cv.publication else None
    assert expired is not None
    w.clock.set(expired)
    changed = attrs.evolve(cv.personal, phone=PhoneNumber("+39 333 9999999"))
    ok(w.portal.cv.set_personal_data(citizen, cv.id, changed))
    stored = ok(w.portal.applications.get(citizen, application.id))
    assert stored.applicant == application.applicant
    assert stored.applicant.personal.phone == cv.personal.phone


def test_ap_5_the_offer_shows_the_application_and_your_applications_list_it() -> None:
    """AP-5: applied on the card; listed with its status and the offer's status."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    card = ok(w.portal.offers.card(citizen, offer.id))
    assert (card.applied, card.application, card.can_apply) == (True, application.id, False)
    ok(w.portal.offers.close(company, offer.id))
    (summary,) = ok(w.portal.applications.mine(citizen))
    assert (summary.application.id, summary.status, summary.offer_status) == (
        application.id,
        ApplicationStatus.OFFER_CLOSED,  # AP-12: none stays "submitted" once the offer closed
        OfferStatus.CLOSED,
    )
    assert ok(w.portal.offers.card(citizen, offer.id)).status is OfferStatus.CLOSED


def test_ap_6_the_company_sees_the_applicants_personal_data() -> None:
    """AP-6: the publisher's list of applications carries personal data."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, cv = w.citizen_with_published_cv()
    ok(w.portal.applications.apply(citizen, offer.id))
    (received,) = ok(w.portal.applications.for_offer(company, offer.id))
    assert received.applicant.personal == cv.personal
    assert failure(w.portal.applications.for_offer(w.company("Altra"), offer.id)).code == (
        "offer.not_found"
    )


def test_ap_7_statuses_move_forward_with_their_times() -> None:
    """AP-7: submitted, viewed, interested, selected / not selected, each with its time."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    w.clock.advance(dt.timedelta(hours=1))
    viewed = ok(w.portal.applications.get(company, application.id))
    assert viewed.status is ApplicationStatus.VIEWED
    w.clock.advance(dt.timedelta(hours=1))
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    w.clock.advance(dt.timedelta(hours=1))
    selected = ok(w.portal.applications.review(company, application.id, ApplicationStatus.SELECTED))
    assert [(c.status, c.at.astimezone(ROME).hour) for c in selected.history] == [
        (ApplicationStatus.SUBMITTED, 10),
        (ApplicationStatus.VIEWED, 11),
        (ApplicationStatus.INTERESTED, 12),
        (ApplicationStatus.SELECTED, 13),
    ]
    error = failure(
        w.portal.applications.review(company, application.id, ApplicationStatus.NOT_SELECTED)
    )
    assert error.code == "application.status_cannot_change"
    backwards = failure(
        w.portal.applications.review(company, application.id, ApplicationStatus.VIEWED)
    )
    assert backwards.code == "application.status_cannot_change"


def test_ap_7_interest_reaches_the_citizen_by_message_and_email() -> None:
    """AP-7, MS-4: the company's interest is a message in the inbox and an email."""
    w = world()
    company = w.company("Trattoria da Pina")
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    ok(w.portal.applications.review(company, application.id, ApplicationStatus.INTERESTED))
    (message,) = from_publishers(ok(w.portal.messages.inbox(citizen)).items)
    assert message.kind is MessageKind.APPLICATION_INTEREST
    assert message.counterpart.name == "Trattoria da Pina"
    ok(w.portal.mail.deliver_pending(SYSTEM))
    # AP-12: the acknowledgement of the application went first.
    assert [m.kind for m in w.mailer.sent] == [
        EmailKind.APPLICATION_RECEIVED,
        EmailKind.NEW_MESSAGE,
    ]


def test_ap_8_an_offer_that_is_not_active_accepts_no_application() -> None:
    """AP-8: closed or expired offers refuse applications; drafts are not found."""
    w = world()
    company = w.company()
    citizen, _ = w.citizen_with_published_cv()
    closed = w.offer(company, title="Chiusa")
    ok(w.portal.offers.close(company, closed.id))
    assert failure(w.portal.applications.apply(citizen, closed.id)) == OfferNotOpen(
        status=OfferStatus.CLOSED
    )
    expiring = w.offer(company, expires_on=dt.date(2026, 3, 5))
    w.clock.set(dt.datetime(2026, 3, 6, tzinfo=ROME))
    assert failure(w.portal.applications.apply(citizen, expiring.id)) == OfferNotOpen(
        status=OfferStatus.EXPIRED
    )
    draft = w.offer(company, publish=False)
    assert failure(w.portal.applications.apply(citizen, draft.id)).code == "offer.not_found"


def test_ap_9_a_citizen_exports_a_dated_list_of_applications_as_csv() -> None:
    """AP-9: the proof of job search, with dates, offers and statuses."""
    w = world()
    company = w.company("Trattoria")
    citizen, _ = w.citizen_with_published_cv()
    for title in ("Cuoco", "Aiuto cuoco"):
        offer = w.offer(company, title=title)
        ok(w.portal.applications.apply(citizen, offer.id))
        w.clock.advance(dt.timedelta(days=1))
    content = ok(w.portal.applications.export_csv(citizen))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r["offer_title"], r["status"], r["workplace"]) for r in rows] == [
        ("Cuoco", "submitted", "Genova (GE)"),
        ("Aiuto cuoco", "submitted", "Genova (GE)"),
    ]
    assert rows[0]["submitted_at"].startswith("2026-03-02T10:00:00+01:00")
    assert failure(w.portal.applications.export_csv(company)).code == "access.forbidden"


def test_ap_9_the_same_list_as_a_pdf() -> None:
    """AP-9: a printable PDF through the report renderer."""
    w = world()
    offer = w.offer(w.company())
    citizen, _ = w.citizen_with_published_cv()
    ok(w.portal.applications.apply(citizen, offer.id))
    pdf = ok(w.portal.applications.export_pdf(citizen))
    assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("reason", list(RejectionReason))
def test_ap_10_not_selected_with_a_reason_from_the_closed_list(reason: RejectionReason) -> None:
    """AP-10: the citizen sees the reason."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    ok(
        w.portal.applications.review(
            company, application.id, ApplicationStatus.NOT_SELECTED, reason=reason
        )
    )
    (summary,) = ok(w.portal.applications.mine(citizen))
    assert (summary.status, summary.reason) == (ApplicationStatus.NOT_SELECTED, reason)
    (message,) = from_publishers(ok(w.portal.messages.inbox(citizen)).items)
    # The citizen reads it in their language: Italian, the portal's default (TX-2).
    assert w.portal.texts.render(reason.label, Language.ITALIAN) in message.body


def test_ap_10_a_reason_only_goes_with_not_selected() -> None:
    """AP-10: a reason with another status is refused."""
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    error = failure(
        w.portal.applications.review(
            company,
            application.id,
            ApplicationStatus.SELECTED,
            reason=RejectionReason.LOCATION,
        )
    )
    assert error == InvalidInput(
        problems=(Problem(path="reason", message="only with not_selected"),)
    )


def test_ap_6_other_companies_and_citizens_cannot_see_an_application() -> None:
    """AP-6, SEC-1 / point 12: only the applicant and the offer's publisher.

    A citizen, company or CPI that is not a party gets ``application.not_found``; any
    other kind of principal ``access.forbidden``; only publishers review, so a citizen,
    even the applicant, is forbidden to.
    """
    w = world()
    company = w.company()
    offer = w.offer(company)
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    select = ApplicationStatus.SELECTED
    for stranger in (w.company("Altra"), w.cpi()):
        assert failure(w.portal.applications.get(stranger, application.id)).code == (
            "application.not_found"
        )
        assert failure(w.portal.applications.review(stranger, application.id, select)).code == (
            "application.not_found"
        )
    other_citizen = w.login(MARIO)
    assert failure(w.portal.applications.get(other_citizen, application.id)).code == (
        "application.not_found"
    )
    for citizen_principal in (other_citizen, citizen):
        assert failure(
            w.portal.applications.review(citizen_principal, application.id, select)
        ).code == ("access.forbidden")
    assert failure(w.portal.applications.get(ANONYMOUS, application.id)).code == (
        "access.forbidden"
    )


@pytest.mark.parametrize("ending", ["closed", "expired"])
def test_ap_11_an_applicant_still_opens_the_offer_after_it_closed_or_expired(ending: str) -> None:
    """AP-11: from "your applications", the citizen opens the offer they applied to.

    Once closed by its publisher, or past its expiry (OF-6), the offer leaves every
    list and search; its card still opens for the citizens who applied to it, with the
    offer's status and their application, and without the apply button. Nobody else
    sees it.
    """
    w = world()
    company = w.company()
    offer = w.offer(company, title="Cuoco stagionale", expires_on=dt.date(2026, 4, 30))
    citizen, _ = w.citizen_with_published_cv()
    application = ok(w.portal.applications.apply(citizen, offer.id))
    if ending == "closed":
        ok(w.portal.offers.close(company, offer.id))
        status = OfferStatus.CLOSED
    else:
        w.clock.set(offer.expires_at)
        status = OfferStatus.EXPIRED
    assert ok(w.portal.offers.search(citizen, OfferQuery())).items == ()
    (summary,) = ok(w.portal.applications.mine(citizen))
    assert summary.offer_status is status
    card = ok(w.portal.offers.card(citizen, summary.application.offer))
    assert (card.offer.id, card.offer.title, card.status) == (offer.id, "Cuoco stagionale", status)
    assert (card.applied, card.application, card.can_apply) == (True, application.id, False)
    stranger = w.login(MARIO)
    assert failure(w.portal.offers.card(stranger, offer.id)).code == "offer.not_found"
    assert failure(w.portal.offers.card(ANONYMOUS, offer.id)).code == "offer.not_found"
