"""The SQL schema shared by SQLite and PostgreSQL (SQLAlchemy Core).

Every aggregate is stored as its JSON document (``doc``, what the document codec
unstructures) with a ``version`` for optimistic concurrency, plus the projected columns
that lookups, filters, orders and unique keys need. The document is the truth; the
columns are rebuilt from it on every write.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from formlavoro_adapters.sql.types import Instant

__all__ = [
    "ACCOUNTS",
    "ALERT_LEDGERS",
    "APPLICATIONS",
    "AUDIT_ANCHOR",
    "AUDIT_LOG",
    "AUDIT_TABLES",
    "COMPANIES",
    "COURSES",
    "CVS",
    "CV_PROFESSIONS",
    "DEADLINE_MARKS",
    "DELIVERY_TABLES",
    "EMPLOYMENT_CENTRES",
    "EVENTS",
    "FLAGS",
    "IDENTITY_TABLES",
    "LOGIN_THROTTLE",
    "MEMBERSHIPS",
    "MESSAGES",
    "METADATA",
    "OFFERS",
    "OFFERS_EXPIRY",
    "OFFER_PUBLICATIONS",
    "OFFER_PUBLICATION_TABLES",
    "OUTBOX",
    "OUTBOX_RECIPIENT",
    "PASSWORD_RESETS",
    "SAML_REQUESTS",
    "SAVED_SEARCHES",
    "SCHEMA_VERSION",
    "TRAINING_ENTITIES",
    "UNLOCK_REQUESTS",
]

METADATA = MetaData()
ID = 64

# Keys sort byte by byte everywhere, as Python compares strings: PostgreSQL's default
# collation would order them by locale, and keyset paging would disagree.
Key = String(ID).with_variant(String(ID, collation="C"), "postgresql")


def _id(name: str = "id") -> Column[str]:
    return Column(name, Key, primary_key=True)


def _aggregate(name: str, *columns: Column[object] | Index | UniqueConstraint) -> Table:
    return Table(
        name,
        METADATA,
        _id(),
        Column("version", Integer, nullable=False),
        Column("doc", Text, nullable=False),
        *columns,
    )


SCHEMA_VERSION = Table(
    "formlavoro_schema",
    METADATA,
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("applied_at", Instant, nullable=False),
)

# -- access and CV (migration 1) ----------------------------------------------------------

ACCOUNTS = _aggregate(
    "accounts",
    Column("fiscal_code", String(16), nullable=False, unique=True),
    Column("username", String(64), nullable=True, unique=True),
)

PASSWORD_RESETS = Table(
    "password_resets",
    METADATA,
    _id("token_hash"),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("account_id", String(ID), nullable=False, index=True),
    Column("issued_at", Instant, nullable=False),
)

CVS = _aggregate(
    "cvs",
    Column("owner", String(ID), nullable=False, unique=True),
    Column("sort_time", Instant, nullable=False),
    Column("published_at", Instant, nullable=True),
    Column("expires_at", Instant, nullable=True),
    Column("reminded", Boolean, nullable=False),
    Column("municipality", String(4), nullable=True),
    Column("province", String(2), nullable=True),
    Column("education_rank", Integer, nullable=True),
    Column("languages", Text, nullable=False),
    Column("licences", Text, nullable=False),
    Index("ix_cvs_expiry", "expires_at"),
    Index("ix_cvs_published", "sort_time", "id"),
)

CV_PROFESSIONS = Table(
    "cv_professions",
    METADATA,
    Column("cv_id", String(ID), ForeignKey("cvs.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String(16), primary_key=True),
    Index("ix_cv_professions_code", "code", "cv_id"),
)

OUTBOX = _aggregate(
    "outbox",
    Column("created_at", Instant, nullable=False),
    Column("sent_at", Instant, nullable=True),
    Column("claimed_until", Instant, nullable=True),
    # Migration 6: when a dispatcher may take the message (NULL once sent or dead), and
    # when it became a dead letter.
    Column("due_at", Instant, nullable=True),
    Column("dead_at", Instant, nullable=True),
    # Migration 7 (SEC-4): the address, to find a citizen's emails for export and erasure.
    Column("recipient", String(320), nullable=True),
    Index("ix_outbox_due", "due_at", "id"),
    Index("ix_outbox_dead", "dead_at", "id"),
)

CORE_TABLES = (SCHEMA_VERSION, ACCOUNTS, PASSWORD_RESETS, CVS, CV_PROFESSIONS, OUTBOX)

# -- the marketplace (migration 2) --------------------------------------------------------

COMPANIES = _aggregate("companies")
EMPLOYMENT_CENTRES = _aggregate("employment_centres")
TRAINING_ENTITIES = _aggregate("training_entities")

FLAGS = (
    "requires_experience",
    "income_support",
    "motorbike_required",
    "protected_category_art1",
    "protected_category_art18",
    "willing_to_travel",
    "car_required",
    "eures",
)
"""The offers' yes/no filters: each keeps the offers where its column is true."""

_SEARCHED = (
    "expires_at",
    "province",
    "workplace",
    "contract_type",
    "conditions",
    "education_rank",
    "education_level",
    *FLAGS,
    *(f"prof_{level}" for level in range(1, 6)),
)
"""The offer columns searches filter on, beside status, event and sort time."""


def _searched(lead: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(column for column in _SEARCHED if column not in lead)


OFFERS = Table(
    "offers",
    METADATA,
    # An integer key for the full-text index (SQLite FTS5 external content); the
    # aggregate's own id is unique beside it.
    Column("row_id", Integer, primary_key=True, autoincrement=True),
    Column("id", Key, nullable=False, unique=True),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("publisher_kind", String(8), nullable=False),
    Column("publisher_id", String(ID), nullable=False),
    Column("status", String(8), nullable=False),
    Column("event_id", String(ID), nullable=True),
    Column("preselection", Boolean, nullable=False),
    Column("profession", String(16), nullable=False),
    *(Column(f"prof_{level}", String(16), nullable=True) for level in range(1, 6)),
    Column("workplace", String(4), nullable=False),
    Column("province", String(2), nullable=False),
    Column("contract_type", String(32), nullable=False),
    Column("conditions", Integer, nullable=False),
    Column("education_level", String(32), nullable=True),
    Column("education_rank", Integer, nullable=True),
    Column("requires_experience", Boolean, nullable=False),
    Column("income_support", Boolean, nullable=False),
    Column("motorbike_required", Boolean, nullable=False),
    Column("protected_category_art1", Boolean, nullable=False),
    Column("protected_category_art18", Boolean, nullable=False),
    Column("willing_to_travel", Boolean, nullable=False),
    Column("car_required", Boolean, nullable=False),
    Column("eures", Boolean, nullable=False),
    Column("sort_time", Instant, nullable=False),
    Column("expires_at", Instant, nullable=False),
    Column("words", Text, nullable=False),
    Index("ix_offers_publisher", "publisher_kind", "publisher_id", "sort_time", "id"),
    # The offers of events (a few percent), for the events' own listings.
    Index(
        "ix_offers_event",
        "event_id",
        "status",
        "sort_time",
        "id",
        sqlite_where=text("event_id IS NOT NULL"),
        postgresql_where=text("event_id IS NOT NULL"),
    ),
    # The search indexes: one for the listing and one per selective filter, each in
    # the listing's order (newest first) right after its equalities and carrying every
    # filtered column, so that a search reads index entries only, never the rows (see
    # _searched). The event comes after the order: PostgreSQL does not keep an order
    # after an IS NULL. The contract type comes with the province, the pair people
    # choose together; a contract type alone is paged on the listing.
    *(
        Index(name, *lead, "status", "sort_time", "id", "event_id", *_searched(lead))
        for name, lead in (
            ("ix_offers_listing", ()),
            ("ix_offers_province", ("province",)),
            ("ix_offers_workplace", ("workplace",)),
            ("ix_offers_contract", ("contract_type", "province")),
            *((f"ix_offers_prof_{level}", (f"prof_{level}",)) for level in range(1, 6)),
        )
    ),
    # The totals of the yes/no filters: one partial index per flag, holding only the
    # offers where it is true (together about the size of one full index). They count
    # rather than page: the contract type leads (all of them are asked for when the
    # search names none), then the working conditions (the stored masks holding the
    # search's, when it names some), then status, event and expiry, so that a capped
    # count reads few entries that do not match.
    *(
        Index(
            f"ix_offers_{flag}",
            "contract_type",
            "conditions",
            "status",
            "event_id",
            "expires_at",
            *_searched(("contract_type", "conditions", "expires_at")),
            sqlite_where=text(f"{flag} IS 1"),
            postgresql_where=text(f"{flag} IS true"),
        )
        for flag in FLAGS
    ),
    # The totals of the working conditions, the same way: an offer states a few of
    # them, so the values of the bit mask are few, and a search asks for the values
    # holding its conditions (see formlavoro_adapters.sql.search.present_conditions).
    Index(
        "ix_offers_conditions",
        "conditions",
        "status",
        "event_id",
        "expires_at",
        *_searched(("conditions", "expires_at")),
    ),
)

SAVED_SEARCHES = _aggregate(
    "saved_searches",
    Column("citizen", String(ID), nullable=False, index=True),
    Column("created_at", Instant, nullable=False),
    Column("due_at", Instant, nullable=True),
    Column("unsubscribe_token", String(100), nullable=False, unique=True),
    Index("ix_saved_searches_due", "due_at"),
)

ALERT_LEDGERS = Table(
    "alert_ledgers",
    METADATA,
    _id("citizen"),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)

APPLICATIONS = _aggregate(
    "applications",
    Column("offer_id", String(ID), nullable=False),
    Column("citizen", String(ID), nullable=False),
    Column("submitted_at", Instant, nullable=False),
    UniqueConstraint("offer_id", "citizen", name="uq_applications_offer_citizen"),
    Index("ix_applications_citizen", "citizen", "submitted_at", "id"),
)

EVENTS = _aggregate(
    "events",
    Column("organiser", String(ID), nullable=False, index=True),
    Column("starts_at", Instant, nullable=False),
    Column("ends_at", Instant, nullable=False),
    # Migration 6 (EV-1): when open registration closes by itself; NULL when closed.
    Column("registration_closes_at", Instant, nullable=True),
    Index("ix_events_ends", "ends_at"),
    Index("ix_events_registration_closes", "registration_closes_at", "id"),
)

MEMBERSHIPS = Table(
    "memberships",
    METADATA,
    # One per event and citizen: both ids make the key, each in a column of its own (a
    # key joining them into one string outgrew the id width; point 18).
    Column("event_id", Key, primary_key=True),
    Column("citizen", Key, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
    Column("joined_at", Instant, nullable=False),
    Index("ix_memberships_citizen", "citizen", "joined_at"),
)

MESSAGES = _aggregate(
    "messages",
    Column("thread", String(ID), nullable=False, index=True),
    Column("citizen", String(ID), nullable=False),
    Column("direction", String(16), nullable=False),
    Column("counterpart_kind", String(8), nullable=False),
    Column("counterpart_id", String(ID), nullable=True),
    Column("sent_at", Instant, nullable=False),
    Column("unread", Boolean, nullable=False),
    Index("ix_messages_inbox", "citizen", "direction", "sent_at", "id"),
    Index("ix_messages_counterpart", "counterpart_kind", "counterpart_id", "direction", "sent_at"),
)

UNLOCK_REQUESTS = _aggregate(
    "unlock_requests",
    Column("company", String(ID), nullable=False),
    Column("cv", String(ID), nullable=False, index=True),
    Column("requested_at", Instant, nullable=False),
    UniqueConstraint("company", "cv", name="uq_unlock_requests_company_cv"),
)

COURSES = _aggregate(
    "courses",
    Column("entity", String(ID), nullable=False),
    Column("with_internship", Boolean, nullable=False),
    Column("paid", Boolean, nullable=False),
    Column("sector", String(48), nullable=False),
    Column("course_type", String(32), nullable=False),
    Column("certificate", String(48), nullable=False),
    Column("max_education_rank", Integer, nullable=True),
    Column("title_folded", Text, nullable=False),
    Column("entity_folded", Text, nullable=False),
    Column("place", String(4), nullable=False),
    Column("province", String(2), nullable=True),
    Column("enrolment_closes_at", Instant, nullable=False),
    Column("withdrawn", Boolean, nullable=False),
    Column("sort_time", Instant, nullable=False),
    Index("ix_courses_listing", "withdrawn", "enrolment_closes_at", "sort_time", "id"),
    Index("ix_courses_entity", "entity", "sort_time", "id"),
)

MARKETPLACE_TABLES = (
    COMPANIES,
    EMPLOYMENT_CENTRES,
    TRAINING_ENTITIES,
    OFFERS,
    SAVED_SEARCHES,
    ALERT_LEDGERS,
    APPLICATIONS,
    EVENTS,
    MEMBERSHIPS,
    MESSAGES,
    UNLOCK_REQUESTS,
    COURSES,
)

# -- identity adapters (migration 3) ------------------------------------------------------

LOGIN_THROTTLE = Table(
    "login_throttle",
    METADATA,
    # "account:<username>" or "source:<address>": one row per key that failed lately.
    Column("key", String(320), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", Instant, nullable=False),
    Index("ix_login_throttle_age", "last_failure_at"),
)
"""Recent failed logins per account and per source address (SEC-2)."""

SAML_REQUESTS = Table(
    "saml_requests",
    METADATA,
    # The ID of a pending AuthnRequest (consumed by its response), or of an assertion
    # already accepted (kept until it expires, so that it cannot be replayed).
    Column("id", String(256), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("doc", Text, nullable=False),
    Column("created_at", Instant, nullable=False),
    Column("expires_at", Instant, nullable=False),
    Index("ix_saml_requests_expiry", "expires_at"),
)
"""SAML request and assertion IDs: what makes each response usable once."""

IDENTITY_TABLES = (LOGIN_THROTTLE, SAML_REQUESTS)

# -- offer publication numbers (migration 4) ----------------------------------------------

OFFER_PUBLICATIONS = Table(
    "offer_publications",
    METADATA,
    # Taken as max + 1 when an offer is published: the key refuses a number taken twice,
    # so numbers commit in order and alerts that follow them miss nothing (OF-7).
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("offer_id", Key, nullable=False, unique=True),
)
"""Each published offer's publication number (OF-7 alerts)."""

OFFER_PUBLICATION_TABLES = (OFFER_PUBLICATIONS,)

# -- mail delivery and deadlines (migration 6) --------------------------------------------

OFFERS_EXPIRY = Index("ix_offers_expiry", OFFERS.c.expires_at, OFFERS.c.id)
"""The offers by expiry, for the job that closes the applications of expired ones (AP-12)."""

DEADLINE_MARKS = Table(
    "deadline_marks",
    METADATA,
    _id("job"),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)
"""How far each time-driven job has handled its deadlines (CV-11, AP-12, EV-1)."""

DELIVERY_TABLES = (DEADLINE_MARKS,)

# -- the audit log (migration 7) ----------------------------------------------------------

AUDIT_LOG = Table(
    "audit_log",
    METADATA,
    # Appended in sequence, never updated: the key refuses a sequence taken twice, so
    # two transactions appending at once cannot both follow the same head.
    Column("sequence", Integer, primary_key=True, autoincrement=False),
    Column("at", Instant, nullable=False),
    Column("subject", String(ID), nullable=True),
    Column("doc", Text, nullable=False),
    Index("ix_audit_log_subject", "subject", "sequence"),
    Index("ix_audit_log_at", "at", "sequence"),
)
"""SEC-3: the audit records, each the JSON of an ``AuditEntry`` (ids only, no personal data)."""

AUDIT_ANCHOR = Table(
    "audit_anchor",
    METADATA,
    _id(),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)
"""Where the kept audit chain starts once older records are pruned (one row)."""

AUDIT_TABLES = (AUDIT_LOG, AUDIT_ANCHOR)

OUTBOX_RECIPIENT = Index("ix_outbox_recipient", OUTBOX.c.recipient)
"""The outbox by address (SEC-4): a citizen's emails, for export and erasure."""
