"""Identifier types of the aggregates, in one place so that contexts can refer to each other."""

from __future__ import annotations

from typing import NewType

__all__ = [
    "AccountId",
    "ApplicationId",
    "AttachmentId",
    "CompanyId",
    "CourseId",
    "CpiId",
    "CvId",
    "EntryId",
    "EventId",
    "MessageId",
    "OfferId",
    "OperatorId",
    "OutboxMessageId",
    "SavedSearchId",
    "TrainingEntityId",
    "UnlockRequestId",
]

AccountId = NewType("AccountId", str)
CvId = NewType("CvId", str)
EntryId = NewType("EntryId", str)
AttachmentId = NewType("AttachmentId", str)
OutboxMessageId = NewType("OutboxMessageId", str)
CompanyId = NewType("CompanyId", str)
CpiId = NewType("CpiId", str)
TrainingEntityId = NewType("TrainingEntityId", str)
OperatorId = NewType("OperatorId", str)
OfferId = NewType("OfferId", str)
ApplicationId = NewType("ApplicationId", str)
SavedSearchId = NewType("SavedSearchId", str)
CourseId = NewType("CourseId", str)
EventId = NewType("EventId", str)
MessageId = NewType("MessageId", str)
UnlockRequestId = NewType("UnlockRequestId", str)
