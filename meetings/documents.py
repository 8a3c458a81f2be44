"""The documents a meeting's page lists for the board to review, supplied by other apps.

The meetings app owns no documents. An app that sends something to a meeting (the
plans app sends plan versions) registers a provider once, in its AppConfig.ready():

    from meetings.documents import MeetingDocument, register_document_provider

    def plan_versions_for_meeting(meeting):
        return [MeetingDocument(title=..., url=..., description=..., sent_on=...) for ...]

    register_document_provider(plan_versions_for_meeting)

A provider takes a Meeting and returns MeetingDocuments in a fixed number of queries.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MeetingDocument:
    """One document sent to a meeting: what it is, where to read it, and when it was sent."""

    title: str
    url: str
    description: str = ""
    sent_on: datetime.date | None = None
    badge: str = ""  # a word marking it among the others, e.g. "senaste" for the latest version sent


DocumentProvider = Callable[["Meeting"], Iterable[MeetingDocument]]  # noqa: F821 - avoids importing models here

_providers: list[DocumentProvider] = []


def register_document_provider(provider: DocumentProvider) -> DocumentProvider:
    """Add `provider` to those asked for a meeting's documents (registering twice is harmless)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def document_providers() -> list[DocumentProvider]:
    return list(_providers)
