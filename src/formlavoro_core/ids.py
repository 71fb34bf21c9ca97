"""Identifier types of the aggregates, in one place so that contexts can refer to each other."""

from __future__ import annotations

from typing import NewType

__all__ = ["AccountId", "AttachmentId", "CvId", "EntryId", "OutboxMessageId"]

AccountId = NewType("AccountId", str)
CvId = NewType("CvId", str)
EntryId = NewType("EntryId", str)
AttachmentId = NewType("AttachmentId", str)
OutboxMessageId = NewType("OutboxMessageId", str)
