"""The tables of the marketplace (migration 2) and of offers' publication numbers (migration 4).

Organisations, offers and their search indexes, alerts, applications, events and their
memberships, messages, CV unlock requests and courses.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Text, UniqueConstraint, text

from formlavoro_adapters.sql.schema import ID, METADATA, Key, aggregate_table, key_column
from formlavoro_adapters.sql.types import Instant

__all__ = [
    "ALERT_LEDGERS",
    "APPLICATIONS",
    "COMPANIES",
    "COURSES",
    "EMPLOYMENT_CENTRES",
    "EVENTS",
    "FLAGS",
    "MARKETPLACE_TABLES",
    "MEMBERSHIPS",
    "MESSAGES",
    "OFFERS",
    "OFFER_PUBLICATIONS",
    "OFFER_PUBLICATION_TABLES",
    "SAVED_SEARCHES",
    "SEARCHED_COLUMNS",
    "TRAINING_ENTITIES",
    "UNLOCK_REQUESTS",
]

# -- the marketplace (migration 2) --------------------------------------------------------

COMPANIES = aggregate_table("companies")
EMPLOYMENT_CENTRES = aggregate_table("employment_centres")
TRAINING_ENTITIES = aggregate_table("training_entities")

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

SEARCHED_COLUMNS = (
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
    return tuple(column for column in SEARCHED_COLUMNS if column not in lead)


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
    # holding its conditions (listed by formlavoro_adapters.sql.condition_masks).
    Index(
        "ix_offers_conditions",
        "conditions",
        "status",
        "event_id",
        "expires_at",
        *_searched(("conditions", "expires_at")),
    ),
)

SAVED_SEARCHES = aggregate_table(
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
    key_column("citizen"),
    Column("version", Integer, nullable=False),
    Column("doc", Text, nullable=False),
)

APPLICATIONS = aggregate_table(
    "applications",
    Column("offer_id", String(ID), nullable=False),
    Column("citizen", String(ID), nullable=False),
    Column("submitted_at", Instant, nullable=False),
    UniqueConstraint("offer_id", "citizen", name="uq_applications_offer_citizen"),
    Index("ix_applications_citizen", "citizen", "submitted_at", "id"),
)

EVENTS = aggregate_table(
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

MESSAGES = aggregate_table(
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

UNLOCK_REQUESTS = aggregate_table(
    "unlock_requests",
    Column("company", String(ID), nullable=False),
    Column("cv", String(ID), nullable=False, index=True),
    Column("requested_at", Instant, nullable=False),
    UniqueConstraint("company", "cv", name="uq_unlock_requests_company_cv"),
)

COURSES = aggregate_table(
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
