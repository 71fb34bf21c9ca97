"""SEC-3: what the audit log records, through the use cases, and what a citizen reads of it."""

from __future__ import annotations

import datetime as dt

from formlavoro_core.codec import Codec
from formlavoro_core.config import PortalConfig
from formlavoro_core.identity.assertion import AssuranceLevel, IdentityAssertion
from formlavoro_core.identity.failures import InvalidCredentials
from formlavoro_core.identity.methods import LoginMethod
from formlavoro_core.ids import AccountId, OfferId
from formlavoro_core.principals import ANONYMOUS, SYSTEM, CitizenPrincipal
from formlavoro_core.privacy.audit import Actor, AuditAction, AuditEntry
from formlavoro_core.privacy.recording import record_ranking_run
from formlavoro_core.privacy.services import AuditVerified
from formlavoro_core.values import EmailAddress
from tests.core.identity.test_regional_credentials import _login, _registered
from tests.core.privacy.journey import journey
from tests.support import ANNA, OPERATOR, ROME, failure, ok, strings_in, world

PERSONAL = {"Anna", "Rossi", str(ANNA), "anna.rossi@example.it", "anna.rossi", "192.0.2.1"}


def _actions(entries: tuple[AuditEntry, ...]) -> list[tuple[str, AuditAction, str]]:
    return [(entry.actor.kind, entry.action, entry.use_case) for entry in entries]


def _no_personal_data(entries: tuple[AuditEntry, ...]) -> None:
    texts = set(strings_in(Codec.for_documents().unstructure(entries)))
    assert texts.isdisjoint(PERSONAL)


def test_sec3_login_consents_and_logout_are_recorded_with_ids_only() -> None:
    w = world()
    signed_in = ok(w.portal.identity.login(ANONYMOUS, _assertion(), consent=w.consent()))
    citizen = signed_in.principal
    w.clock.advance(dt.timedelta(minutes=5))
    ok(w.portal.identity.logout(citizen, signed_in.session))
    entries = ok(w.portal.privacy.access_log(citizen))
    assert _actions(entries) == [
        ("citizen", AuditAction.LOGIN, "identity.login"),
        ("citizen", AuditAction.CONSENT_CHANGED, "identity.login"),
        ("citizen", AuditAction.LOGOUT, "identity.logout"),
    ]
    assert {entry.subject for entry in entries} == {citizen.account_id}
    assert entries[1].refs == ("privacy_notice:1", "citizen_regulation:1")
    assert entries[2].at == entries[0].at + dt.timedelta(minutes=5)
    _no_personal_data(entries)


def test_sec3_a_second_login_with_the_same_notices_changes_no_consent() -> None:
    w = world()
    citizen = w.login()
    w.login()
    actions = [entry.action for entry in ok(w.portal.privacy.access_log(citizen))]
    assert actions == [AuditAction.LOGIN, AuditAction.CONSENT_CHANGED, AuditAction.LOGIN]


def test_sec3_a_refused_use_case_leaves_no_record() -> None:
    """The record commits with what it records: a refused logout records nothing."""
    w = world()
    signed_in = ok(w.portal.identity.login(ANONYMOUS, _assertion(), consent=w.consent()))
    ok(w.portal.identity.logout(signed_in.principal, signed_in.session))
    failure(w.portal.identity.logout(signed_in.principal, signed_in.session))
    actions = [entry.action for entry in ok(w.portal.privacy.access_log(signed_in.principal))]
    assert actions.count(AuditAction.LOGOUT) == 1


def test_sec3_refused_regional_logins_and_resets_are_recorded() -> None:
    w = _registered()
    assert failure(_login(w, password="sbagliata")) == InvalidCredentials()
    citizen = ok(_login(w)).principal
    ok(
        w.portal.identity.request_password_reset(
            ANONYMOUS, email="anna.rossi@example.it", username="anna.rossi", source="192.0.2.1"
        )
    )
    entries = ok(w.portal.privacy.access_log(citizen))
    assert _actions(entries) == [
        ("anonymous", AuditAction.LOGIN_REFUSED, "identity.login_regional"),
        ("citizen", AuditAction.LOGIN, "identity.login_regional"),
        ("anonymous", AuditAction.PASSWORD_RESET_REQUESTED, "identity.request_password_reset"),
    ]
    assert entries[0].outcome == "identity.login.invalid_credentials"
    _no_personal_data(entries)


def test_sec3_a_refused_login_of_an_unknown_username_names_no_subject() -> None:
    w = _registered()
    failure(_login(w, username="nessuno"))
    verified = ok(w.portal.privacy.verify_audit(OPERATOR))
    assert verified.records == 1
    with w.storage() as uow:
        (entry,) = uow.audit.entries(after=0, limit=10)
    assert (entry.action, entry.subject) == (AuditAction.LOGIN_REFUSED, None)


def test_sec3_companies_reading_personal_data_and_unlocks_are_recorded() -> None:
    w = world()
    citizen, cv = w.citizen_with_published_cv()
    company = w.company()
    offer = w.offer(company)
    application = ok(w.portal.applications.apply(citizen, offer.id))
    ok(w.portal.talent.view(company, cv.id))  # anonymised: nothing personal read
    ok(w.portal.applications.get(company, application.id))
    ok(w.portal.applications.for_offer(company, offer.id))
    request = ok(w.portal.talent.express_interest(company, cv.id))
    ok(w.portal.talent.unlock(citizen, request.id))
    ok(w.portal.talent.view(company, cv.id))
    entries = ok(w.portal.privacy.access_log(citizen))
    by_others = [
        (entry.action, entry.use_case)
        for entry in entries
        if entry.actor == Actor(kind="company", id=company.company_id)
    ]
    assert by_others == [
        (AuditAction.PERSONAL_DATA_READ, "applications.get"),
        (AuditAction.PERSONAL_DATA_READ, "applications.for_offer"),
        (AuditAction.UNLOCK_REQUESTED, "talent.express_interest"),
        (AuditAction.PERSONAL_DATA_READ, "talent.view"),
    ]
    decided = next(entry for entry in entries if entry.action is AuditAction.UNLOCK_DECIDED)
    assert (decided.actor.kind, decided.refs) == (
        "citizen",
        (request.id, company.company_id, "unlocked"),
    )
    assert entries[-1].refs == (cv.id,)
    assert next(e for e in entries if e.use_case == "applications.get").refs == (
        application.id,
        offer.id,
    )
    _no_personal_data(entries)


def test_sec3_a_citizen_reads_only_their_own_access_log() -> None:
    w = world()
    anna = w.login()
    assert failure(w.portal.privacy.access_log(w.company())).code == "access.forbidden"
    assert failure(w.portal.privacy.access_log(ANONYMOUS)).code == "access.forbidden"
    assert len(ok(w.portal.privacy.access_log(anna))) == 2
    other = CitizenPrincipal(AccountId(anna.account_id + "-altro"))
    assert ok(w.portal.privacy.access_log(other)) == ()


def test_sec3_ranking_runs_are_recorded_without_personal_data() -> None:
    """MA-5: the matching use case records each company-side run through the helper."""
    w = world()
    company = w.company()
    with w.storage() as uow:
        entry = record_ranking_run(
            uow, company, offer_id=OfferId("offer-1"), candidates=250, at=w.clock.now()
        )
        uow.commit()
    assert (entry.action, entry.subject, entry.refs) == (
        AuditAction.RANKING_RUN,
        None,
        ("offer-1", "250"),
    )
    assert ok(w.portal.privacy.verify_audit(SYSTEM)).head_hash == entry.hash


def test_sec3_the_chain_verifies_and_only_operators_and_the_portal_verify_it() -> None:
    w = world()
    citizen = w.login()
    verified = ok(w.portal.privacy.verify_audit(OPERATOR))
    assert verified == ok(w.portal.privacy.verify_audit(SYSTEM))
    assert (verified.records, verified.head_sequence) == (2, 2)
    assert failure(w.portal.privacy.verify_audit(citizen)).code == "access.forbidden"
    assert ok(world().portal.privacy.verify_audit(SYSTEM)) == AuditVerified(
        records=0, head_sequence=0, head_hash=""
    )


def test_sec3_retention_prunes_old_records_and_the_chain_still_verifies() -> None:
    w = world(PortalConfig(timezone=ROME, audit_retention=dt.timedelta(days=30)))
    citizen = w.login()
    w.clock.advance(dt.timedelta(days=20))
    w.login()
    assert ok(w.portal.privacy.prune_audit(SYSTEM)) == 0  # nothing older than 30 days yet
    w.clock.advance(dt.timedelta(days=15))
    assert ok(w.portal.privacy.prune_audit(SYSTEM)) == 2  # the first login and its consents
    assert ok(w.portal.privacy.prune_audit(SYSTEM)) == 0
    assert [entry.action for entry in ok(w.portal.privacy.access_log(citizen))] == [
        AuditAction.LOGIN
    ]
    verified = ok(w.portal.privacy.verify_audit(OPERATOR))
    assert verified.records == 2  # the kept login, and the pruning that names the anchor
    w.clock.advance(dt.timedelta(days=40))
    assert ok(w.portal.privacy.prune_audit(SYSTEM)) == 2
    assert ok(w.portal.privacy.verify_audit(OPERATOR)).records == 1
    assert failure(w.portal.privacy.prune_audit(OPERATOR)).code == "access.forbidden"


def _assertion() -> IdentityAssertion:
    return IdentityAssertion(
        method=LoginMethod.SPID,
        fiscal_code=ANNA,
        given_name="Anna",
        family_name="Rossi",
        email=EmailAddress("anna.rossi@example.it"),
        level=AssuranceLevel.SUBSTANTIAL,
    )


def test_sec3_a_publisher_reading_what_citizens_wrote_is_recorded() -> None:
    w = world()
    ids = journey(w)
    page = ok(w.portal.messages.replies_received(ids["company"]))
    assert len(page.items) == 2
    for who in ("zenobia", "marcello"):
        reads = [
            entry
            for entry in ok(w.portal.privacy.access_log(ids[who]))
            if entry.use_case == "messages.replies_received"
        ]
        assert [(e.actor.id, e.action) for e in reads] == [
            (ids["company"].company_id, AuditAction.PERSONAL_DATA_READ)
        ]
        assert reads[0].refs[0] in {message.id for message in page.items}
