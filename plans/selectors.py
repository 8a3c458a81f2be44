"""Reads for the plan pages and the PDF: the numbered document, the versions, changes (checklist: plans.checklist)."""

import re
from dataclasses import asdict, dataclass, field

from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import isodate
from core.markdown import render_markdown
from governance.selectors import organisation_get
from meetings.documents import MeetingDocument

from .blocks import BLOCKS, render_block
from .models import BLOCK_MARKER, Plan, PlanVersion, Section, SectionBlock


@dataclass
class DocumentSection:
    """One numbered section as shown: its text and data blocks in order (`parts`).

    Each part is {"text": html} or {"block": kind, "label": …, "html": …}. Versions stored
    before a section held several blocks have block/block_label/block_html instead: see
    Document.from_json.
    """

    number: str
    level: int
    title: str
    anchor: str
    body_source: str
    body_html: str
    section_id: int | None = None
    parts: list[dict] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def blocks(self) -> list[dict]:
        return [part for part in self.parts if "block" in part]

    @property
    def block(self) -> str:
        """Return the kind of the section's first data block ("" when it has none)."""
        return self.blocks[0]["block"] if self.blocks else ""

    @property
    def block_html(self) -> str:
        """Return the section's data blocks' HTML, one after the other (for comparing versions)."""
        return "".join(part["html"] for part in self.blocks)

    @classmethod
    def from_json(cls, data: dict) -> "DocumentSection":
        data = dict(data)
        if "parts" not in data:  # stored before a section held several blocks: text, then its one block
            block, label, block_html = data.pop("block", ""), data.pop("block_label", ""), data.pop("block_html", "")
            data["parts"] = [{"text": data["body_html"]}] if data.get("body_html") else []
            if block_html:
                data["parts"].append({"block": block, "label": label, "html": block_html})
        return cls(**data)


MARKER = re.compile(BLOCK_MARKER, re.MULTILINE | re.IGNORECASE)


def body_layout(body: str, *, blocks: int) -> tuple[list[str | int], list[int]]:
    """Split a section's text at its [[datablock N]] lines.

    Return the parts in order, text (str) and block indexes (int, from 0), every one of
    the `blocks` blocks once (those the text does not place follow it in order), and the
    numbers the text names that the section has no block for (or names twice).
    """
    parts: list[str | int] = []
    placed, unknown = set(), []
    start = 0
    for match in MARKER.finditer(body):
        parts.append(body[start : match.start()])
        start = match.end()
        index = int(match[1]) - 1
        if 0 <= index < blocks and index not in placed:
            placed.add(index)
            parts.append(index)
        else:
            unknown.append(index + 1)
    parts.append(body[start:])
    parts.extend(index for index in range(blocks) if index not in placed)
    return [part for part in parts if not isinstance(part, str) or part.strip()], unknown


def preview_markdown(body: str) -> str:
    """Render a section's text for the editor's preview: each [[datablock N]] as a note of where block N goes."""
    rendered = []
    for match_part in MARKER.split(body):
        if match_part.isdigit():
            rendered.append(
                format_html(
                    '<p class="block-placeholder border rounded p-2 text-body-secondary">{}</p>',
                    _("Här visas datablock %(number)s.") % {"number": match_part},
                )
            )
        elif match_part.strip():
            rendered.append(render_markdown(match_part))
    return "".join(rendered)


@dataclass
class Document:
    """Everything the preview and the PDF show, live or as a frozen version."""

    title: str
    years: str
    organisation_name: str
    organisation_number: str
    status_line: str
    is_draft: bool
    sections: list[DocumentSection] = field(default_factory=list)
    subtitle: str = ""
    document_date: str = ""  # "2007-01-11", as the cover prints it; "" when the plan has none

    @property
    def dated_title(self) -> str:
        """Return the title with the document date, as the PDF's metadata and footer name it."""
        return f"{self.title}, {self.document_date}" if self.document_date else self.title

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Document":
        sections = [DocumentSection.from_json(section) for section in data["sections"]]
        return cls(**{**data, "sections": sections})


@dataclass
class TreeNode:
    section: Section
    number: str
    level: int
    children: list["TreeNode"] = field(default_factory=list)


def section_tree(plan: Plan) -> list[TreeNode]:
    """Return the plan's sections, with their data blocks, as a numbered tree (1, 1.1, 4.3.2) in two queries."""
    blocks = SectionBlock.objects.select_related("project", "meeting").order_by("position")
    sections = list(plan.sections.prefetch_related(Prefetch("blocks", queryset=blocks)))
    by_parent: dict[int | None, list[Section]] = {}
    for section in sections:
        by_parent.setdefault(section.parent_id, []).append(section)

    def build(parent_id, prefix, level):
        nodes = []
        for index, section in enumerate(sorted(by_parent.get(parent_id, []), key=lambda s: (s.position, s.pk)), 1):
            number = f"{prefix}{index}"
            node = TreeNode(section, number, level)
            node.children = build(section.pk, f"{number}.", level + 1)
            nodes.append(node)
        return nodes

    return build(None, "", 1)


def flatten(tree: list[TreeNode]) -> list[TreeNode]:
    flat = []
    for node in tree:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


def cover_status_line(plan: Plan, *, version_number: int | None, on, organisation_name: str, sent: int = 0) -> str:
    """Return the cover's status line: adopted, a version sent ("Utkast, version 2, …"), or the working copy.

    The working copy is no version yet: after version 2 it is "Utkast (efter version 2)", so
    nobody takes it for a version 3 the board has seen. `version_number` None means the working copy;
    `sent` is then the number of versions sent so far.
    """
    if plan.is_adopted:
        line = _("Fastställd av styrelsen för %(name)s %(date)s") % {
            "name": organisation_name,
            "date": isodate(plan.adopted_on),
        }
        # A decision not recorded as a meeting in sofint, as the minutes name it.
        return f"{line} ({plan.adoption_reference})" if plan.adoption_reference else line
    if version_number is None:
        if sent:
            return _("Utkast (efter version %(number)d), %(date)s") % {"number": sent, "date": isodate(on)}
        return _("Utkast, %(date)s") % {"date": isodate(on)}
    return _("Utkast, version %(number)d, %(date)s") % {"number": version_number, "date": isodate(on)}


def plan_document(
    plan: Plan,
    *,
    version_number: int | None = None,
    on=None,
    tree: list[TreeNode] | None = None,
    sent: int | None = None,
) -> Document:
    """Return the live document of `plan`: numbered sections, sanitised text, rendered blocks.

    `version_number` is the number of the version being sent; None for the working copy,
    whose cover says which version it follows (`sent`, counted when not given).
    """
    organisation = organisation_get()
    organisation_name = organisation.name if organisation else ""
    if version_number is None and sent is None:
        sent = plan.versions.count()
    document = Document(
        title=plan.title,
        years=plan.years,
        organisation_name=organisation_name,
        organisation_number=organisation.org_number if organisation else "",
        status_line=cover_status_line(
            plan,
            version_number=version_number,
            on=on or timezone.localdate(),
            organisation_name=organisation_name,
            sent=sent or 0,
        ),
        is_draft=not plan.is_adopted,
        subtitle=plan.subtitle,
        document_date=isodate(plan.document_date) if plan.document_date else "",
    )
    # The blocks show states as on the document's day (a meeting held, a period ended), not as on the day it is read.
    cache: dict = {"on": on or timezone.localdate()}
    # A plan whose years cannot be (stored before the form refused them) reads no data for them.
    unavailable = (
        format_html('<p class="block-unavailable">{}</p>', _("Datablocket visas när planens år är rättade."))
        if plan.years_problem
        else ""
    )
    for node in flatten(section_tree(plan) if tree is None else tree):
        section = node.section
        blocks = list(section.blocks.all())
        layout, _unknown = body_layout(section.body, blocks=len(blocks))
        parts = []
        for part in layout:
            if isinstance(part, str):
                parts.append({"text": render_markdown(part)})
            else:
                block = blocks[part]
                html_ = unavailable or render_block(block, plan, cache=cache)
                parts.append({"block": block.kind, "label": str(BLOCKS[block.kind].label), "html": html_})
        document.sections.append(
            DocumentSection(
                number=node.number,
                level=node.level,
                title=section.title,
                anchor=f"avsnitt-{node.number.replace('.', '-')}",
                body_source=section.body,
                body_html="".join(part["text"] for part in parts if "text" in part),
                section_id=section.pk,
                parts=parts,
            )
        )
    return document


def version_document(version: PlanVersion) -> Document:
    return Document.from_json(version.document)


@dataclass
class VersionRow:
    """One version sent to the board, as the plan's page lists it."""

    number: int
    sent_at: object  # a datetime
    meeting_label: str  # "2018-03-23 Styrelsemöte", or "" when sent to no meeting
    pages: int
    is_adoption: bool
    known_problems: list[str] = field(default_factory=list)  # what the checklist named, acknowledged by the sender


@dataclass
class PlanPage:
    """What a plan's page shows: the versions, and the document as the reader may see it.

    An adopted plan shows only what was stored at its adoption (the adopted version's
    document, the meeting as it was), so nothing done later to meetings, people, members,
    insatser or the budget changes its page. `shown_version` is the number of the version
    whose document is shown (None: the working copy, rendered live).
    """

    plan: Plan
    versions: list[VersionRow]
    document: Document
    shown_version: int | None
    adoption_label: str  # "styrelsemötet 2018-03-23", "" when adopted at no recorded meeting
    pdf_url: str
    tree: list[TreeNode] | None = None  # the working copy's sections, when it is shown


def _meeting_label(on, title: str) -> str:
    return f"{isodate(on)} {title}".strip() if on else ""


def version_meeting_label(plan: Plan, version: PlanVersion) -> str:
    """Name the meeting `version` was sent to: as it was then once the plan is adopted, else as it is now.

    Until the adoption a moved meeting is news the board needs; after it, the adopted
    plan's record stays as it was. Pass versions fetched with select_related("meeting").
    """
    if plan.is_adopted or version.meeting is None:
        return _meeting_label(version.meeting_on, version.meeting_title)
    return _meeting_label(version.meeting.starts_on, version.meeting.title)


def plan_page(plan: Plan, *, working_copy: bool) -> PlanPage:
    """Return the page of `plan` in a fixed number of queries.

    `working_copy` says whether the reader may see the plan as it stands now
    (permissions.can_view_working_copy); when not, a plan not yet adopted shows its latest
    version sent to the board instead.
    """
    versions = list(plan.versions.select_related("meeting").defer("pdf", "document"))
    rows = []
    for version in versions:
        label = version_meeting_label(plan, version)
        rows.append(VersionRow(version.number, version.sent_at, label, version.pdf_pages,
                               version.is_adoption, version.known_problems))  # fmt: skip
    adopted = next((version for version in versions if version.is_adoption), None)
    if adopted is not None or (not working_copy and versions):
        shown = adopted or versions[-1]
        document = version_document(PlanVersion.objects.only("document").get(pk=shown.pk))
        shown_version, tree = shown.number, None
        pdf_url = (
            reverse("plans:pdf", args=[plan.pk])
            if adopted
            else reverse("plans:version_pdf", args=[plan.pk, shown.number])
        )
    else:
        tree = section_tree(plan)
        document = plan_document(plan, sent=len(versions), tree=tree)
        shown_version = None
        pdf_url = reverse("plans:pdf", args=[plan.pk])
    adoption_label = ""
    if plan.is_adopted and plan.adopted_at_date:
        parts = [(plan.adopted_at_kind or _("styrelsemöte")).lower(), isodate(plan.adopted_at_date)]
        adoption_label = " ".join(parts) + (f", {plan.adopted_at_title}" if plan.adopted_at_title else "")
    return PlanPage(plan, rows, document, shown_version, adoption_label, pdf_url, tree)


def known_problems_label(count: int) -> str:
    """ "skickad med 3 kända brister", as the version's row says it."""
    return ngettext("skickad med %(count)d känd brist", "skickad med %(count)d kända brister", count) % {"count": count}


def meeting_documents(meeting):
    """Return the plan versions sent to `meeting`, and what changed in each, for its page (one query).

    The latest version of a plan sent to the meeting is marked "senaste", unless a later one
    has been sent since (to another meeting, or none): then it says which replaced it. Every
    version after the first says which one it replaces.
    """
    documents = []
    latest = PlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number").values("number")[:1]
    versions = (
        PlanVersion.objects.filter(meeting=meeting)
        .select_related("plan")
        .defer("pdf", "document")
        .annotate(plan_latest=Subquery(latest))
        .order_by("plan_id", "number")
    )
    versions = list(versions)
    latest_here = {version.plan_id: version.number for version in versions}
    for version in versions:
        sent_on = timezone.localdate(version.sent_at)
        if version.is_adoption:
            description = _("Fastställd version")
        else:
            description = _("Utkast till styrelsen")
            if version.known_problems:
                description += f", {known_problems_label(len(version.known_problems))}"
        if version.number > 1:
            description += ", " + _("ersätter version %(number)d") % {"number": version.number - 1}
        badge = ""
        if version.number == version.plan_latest:
            badge = _("senaste")
        elif version.number == latest_here[version.plan_id]:
            description += ", " + _("ersatt av version %(number)d") % {"number": version.plan_latest}
        documents.append(
            MeetingDocument(
                title=_("%(plan)s, version %(number)d (PDF, %(pages)d sidor)")
                % {"plan": version.plan.title, "number": version.number, "pages": version.pdf_pages},
                url=reverse("plans:version_pdf", args=[version.plan_id, version.number]),
                description=description,
                sent_on=sent_on,
                badge=badge,
            )
        )
        if version.number > 1:
            documents.append(
                MeetingDocument(
                    title=_("Ändringar sedan version %(number)d") % {"number": version.number - 1},
                    url=reverse("plans:version_changes", args=[version.plan_id, version.number]),
                    description=version.plan.title,
                    sent_on=sent_on,
                )
            )
    return documents


@dataclass(frozen=True)
class SectionVersion:
    """One saved state of a section: who saved it, when, its title and text, and the change from the one before."""

    record: object  # the section's simple-history record
    who: str
    title: str
    body: str
    title_before: str | None
    diff: list[tuple[str, str]]

    @property
    def kind(self) -> str:
        return {"+": _("Skapat"), "~": _("Ändrat"), "-": _("Borttaget")}[self.record.history_type]


def section_versions(*, plan, section_id: int) -> list[SectionVersion]:
    """Return every saved version of a section of `plan`, oldest first, in one query."""
    from core.history import word_diff
    from core.selectors import person_name

    records = list(
        Section.history.filter(id=section_id, plan_id=plan.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    versions = []
    previous = None
    for record in records:
        user = record.history_user
        versions.append(
            SectionVersion(
                record=record,
                who=person_name(user, ""),
                title=record.title,
                body=record.body,
                title_before=previous.title if previous is not None and previous.title != record.title else None,
                diff=word_diff(previous.body, record.body, context=None)
                if previous is not None and previous.body != record.body
                else [],
            )
        )
        previous = record
    return versions
