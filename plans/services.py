"""Writes for plans: sections, versions for the board, adoption, next year's copy.

Every write starts with `plan_ensure_editable`, which locks the stored plan and refuses
an adopted one: an adopted plan changes through no path. A section's text is saved only
from the revision it was opened at (core.revisions): no lost update.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import shift_years
from core.models import AuditEvent
from core.revisions import DocumentLockedError, revision_claim
from core.services import audit_record

from .checklist import plan_readiness
from .models import BLOCK_MARKER, MAX_DEPTH, REFERENCES, Block, Plan, PlanVersion, Section, SectionBlock
from .pdf import PdfRenderError, render_document_pdf
from .queue import NoLayoutSlot, layout_slot
from .selectors import known_problems_label, plan_document


class PlanLockedError(DocumentLockedError):
    """The plan is adopted and may not change."""

    def __init__(self, plan: Plan):
        super().__init__(_("%(plan)s är fastställd och kan inte ändras.") % {"plan": plan})
        self.plan = plan


class PlanNotDraftError(DocumentLockedError):
    """The plan has been sent to the board or adopted: it can no longer be deleted or given other years.

    A DocumentLockedError, so that a view that does not show it itself still answers 409.
    """

    def __init__(self, plan: Plan, message: str):
        super().__init__(message % {"plan": plan})
        self.plan = plan


class SectionMoveError(Exception):
    """The move is not possible (first among siblings, too deep …)."""


def plan_ensure_editable(*, plan: Plan) -> Plan:
    """Lock the stored plan for the rest of the transaction and return it; refuse an adopted one.

    Every write to a plan or its sections calls this first, inside its transaction: an
    adoption saved by someone else a moment ago is seen here, and none can slip in until
    the write is done. Raises PlanLockedError.
    """
    stored = Plan.objects.select_for_update().get(pk=plan.pk)
    if stored.is_adopted:
        raise PlanLockedError(stored)
    return stored


def plan_ensure_draft(*, plan: Plan, refusal: str) -> Plan:
    """Lock the stored plan and return it; refuse one that was sent to the board or adopted.

    What the board has received is on record (its versions and PDFs name the plan's
    years), so only a plan that never left the förbundschef may be deleted or re-dated.
    `refusal` is the Swedish message, with %(plan)s for the plan's title.
    """
    stored = plan_ensure_editable(plan=plan)
    if not stored.is_draft or stored.versions.exists():
        raise PlanNotDraftError(stored, refusal)
    return stored


def _depth(section: Section) -> int:
    depth, parent_id = 1, section.parent_id
    parents = dict(Section.objects.filter(plan=section.plan_id).values_list("pk", "parent_id"))
    while parent_id is not None:
        depth += 1
        parent_id = parents.get(parent_id)
    return depth


def _subtree_height(section: Section) -> int:
    children = {}
    for pk, parent_id in Section.objects.filter(plan=section.plan_id).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)

    def height(pk):
        return 1 + max((height(child) for child in children.get(pk, [])), default=0)

    return height(section.pk)


def _renumber(plan_id: int, parent_id: int | None) -> None:
    siblings = Section.objects.filter(plan_id=plan_id, parent_id=parent_id).order_by("position", "pk")
    for index, section in enumerate(siblings):
        if section.position != index:
            Section.objects.filter(pk=section.pk).update(position=index)


@dataclass(frozen=True)
class BlockInput:
    """A data block as the editor sends it: its kind, what it shows, and its number when the page was opened."""

    kind: str
    project: object = None  # a projects.Project, for Block.PROJECT
    meeting: object = None  # a meetings.Meeting, for Block.MEETING
    param: str = ""
    opened_number: int | None = None


@transaction.atomic
def plan_create(
    *, first_year: int, last_year: int | None = None, given_title: str = "", subtitle: str = "", document_date=None
) -> Plan:
    """Create and save an empty plan for a year or a span of years."""
    plan = Plan(
        first_year=first_year, last_year=last_year or first_year, given_title=given_title.strip(),
        subtitle=subtitle.strip(), document_date=document_date,
    )  # fmt: skip
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_details_update(*, plan: Plan, given_title: str, subtitle: str, document_date, acting_user) -> Plan:
    """Save what the plan calls itself (title, subtitle) and the date on its cover; refuse an adopted plan."""
    stored = plan_ensure_editable(plan=plan)
    stored.given_title, stored.subtitle, stored.document_date = given_title.strip(), subtitle.strip(), document_date
    stored.full_clean()
    stored.save(update_fields=["given_title", "subtitle", "document_date"])
    return stored


@transaction.atomic
def plan_years_update(*, plan: Plan, first_year: int, last_year: int | None = None, acting_user) -> Plan:
    """Correct the years of a plan that was never sent to the board; refuse a sent or adopted one."""
    stored = plan_ensure_draft(
        plan=plan, refusal=_("%(plan)s har skickats till styrelsen, så dess år kan inte längre ändras.")
    )
    stored.first_year, stored.last_year = first_year, last_year or first_year
    stored.full_clean()
    stored.save(update_fields=["first_year", "last_year"])
    return stored


@transaction.atomic
def plan_delete(*, plan: Plan, acting_user) -> None:
    """Delete a plan that was never sent to the board, with its sections; refuse a sent or adopted one."""
    stored = plan_ensure_draft(
        plan=plan,
        refusal=_("%(plan)s har skickats till styrelsen eller fastställts och kan inte tas bort."),
    )
    sections = stored.sections.count()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PLAN_DELETED,
        summary=_("%(plan)s (utkast med %(count)d avsnitt)") % {"plan": stored, "count": sections},
        details={"plan": stored.pk, "first_year": stored.first_year, "last_year": stored.last_year,
                 "sections": sections},
    )  # fmt: skip
    stored.delete()


def _block_rows(section: Section, blocks: list[BlockInput]) -> list[SectionBlock]:
    """Check `blocks` and return them as unsaved rows of `section`, numbered in order.

    Raises ValidationError, in Swedish and naming the block, when a block that shows one
    insats or meeting has none.
    """
    rows, errors = [], []
    for position, block in enumerate(blocks):
        row = SectionBlock(
            section=section, position=position, kind=block.kind, project=block.project, meeting=block.meeting,
            param=(block.param or "").strip(),
        )  # fmt: skip
        if block.kind not in Block.values:
            errors.append(_("Datablock %(number)d: okänt slag av datablock.") % {"number": row.number})
            continue
        if block.kind not in REFERENCES:
            row.project = row.meeting = None
        elif block.kind == Block.PROJECT:
            row.meeting = None
            row.reference_label = block.project.name if block.project else ""
        else:
            row.project = None
            meeting = block.meeting
            row.reference_label = f"{meeting.starts_on.isoformat()} {meeting.title}" if meeting else ""
        try:
            row.full_clean(exclude=["section"])
        except ValidationError as error:
            errors.extend(
                _("Datablock %(number)d (%(kind)s): %(message)s")
                % {"number": row.number, "kind": row.get_kind_display(), "message": message}
                for message in error.messages
            )
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


def renumber_markers(body: str, *, numbers: dict[int, int], removed: set[int]) -> str:
    """Make the text's [[datablock N]] lines follow the blocks: N becomes numbers[N], a removed block's line goes."""

    def replace(match):
        number = int(match[1])
        if number in removed and number not in numbers:
            return ""
        if number in numbers and numbers[number] != number:
            return match[0].replace(match[1], str(numbers[number]), 1)
        return match[0]

    text = re.sub(BLOCK_MARKER, replace, body, flags=re.MULTILINE | re.IGNORECASE)
    if text == body:
        return text
    newline = "\r\n" if "\r\n" in body else "\n"
    return re.sub(r"(?:\r?\n){3,}", newline * 2, text)  # a removed line leaves no gap wider than a paragraph


@transaction.atomic
def section_add(
    *,
    plan: Plan,
    title: str,
    parent: Section | None = None,
    body: str = "",
    block: str = "",
    blocks: list[BlockInput] = (),
    acting_user=None,
) -> Section:
    """Add a section at the end of `parent`'s children (or of the top level), with its data blocks.

    `block` is a shorthand for one block that needs no insats or meeting.
    """  # fmt: skip
    plan_ensure_editable(plan=plan)
    if parent is not None and _depth(parent) >= MAX_DEPTH:
        raise SectionMoveError(_("Avsnitt kan bara ligga i %(depth)d nivåer.") % {"depth": MAX_DEPTH})
    last = Section.objects.filter(plan=plan, parent=parent).aggregate(last=Max("position"))["last"]
    section = Section(
        plan=plan, parent=parent, position=(last + 1) if last is not None else 0, title=title, body=body,
        updated_by=acting_user,
    )  # fmt: skip
    section.full_clean()
    rows = _block_rows(section, [*([BlockInput(kind=block)] if block else []), *blocks])
    section.save()
    for row in rows:
        row.section = section
    SectionBlock.objects.bulk_create(rows)
    return section


@transaction.atomic
def section_update(
    *,
    section: Section,
    title: str,
    body: str,
    expected_revision: int | None,
    acting_user,
    blocks: list[BlockInput] | None = None,
    removed_numbers: set[int] = frozenset(),
) -> Section:
    """Save a section's text and data blocks, unless it changed since `expected_revision` was read.

    The blocks are saved with the text, under the section's revision, so no one's blocks
    are lost to another's save either. `blocks` (None: leave them as they are) replaces
    them in order; the text's [[datablock N]] lines follow a block's new number
    (`opened_number` to its place now) and go with a block in `removed_numbers`.
    Raises StaleWriteError (core.revisions) with the section as stored now (None when it
    was deleted meanwhile), PlanLockedError when the plan was adopted, and ValidationError
    (in Swedish) when a block that shows one insats or meeting has none.
    """
    plan_ensure_editable(plan=section.plan)  # the plan before its section, on every path
    revision_claim(section, expected_revision=expected_revision)
    rows = None
    if blocks is not None:
        rows = _block_rows(section, blocks)
        numbers = {block.opened_number: row.number for block, row in zip(blocks, rows, strict=True)
                   if block.opened_number}  # fmt: skip
        body = renumber_markers(body, numbers=numbers, removed=set(removed_numbers))
    section.title, section.body = title, body
    section.updated_by = acting_user
    section.full_clean(exclude=["parent", "position"])
    # Only what the form edits: a move made meanwhile (parent, position) is kept.
    section.save(update_fields=["title", "body", "revision", "updated_by", "updated_at"])
    if rows is not None:
        section.blocks.all().delete()
        SectionBlock.objects.bulk_create(rows)
    return section


@transaction.atomic
def section_delete(*, section: Section) -> None:
    """Delete a section and everything under it."""
    plan_ensure_editable(plan=section.plan)
    plan_id, parent_id = section.plan_id, section.parent_id
    section.delete()
    _renumber(plan_id, parent_id)


MOVES = ("up", "down", "indent", "outdent")


@transaction.atomic
def section_move(*, section: Section, direction: str) -> None:
    """Move a section up or down among its siblings, or indent or outdent it one level."""
    if direction not in MOVES:
        raise SectionMoveError(_("Avsnitt kan bara flyttas upp, ner, in eller ut."))
    plan_ensure_editable(plan=section.plan)
    section = Section.objects.get(pk=section.pk)  # where it is now
    siblings = list(Section.objects.filter(plan=section.plan_id, parent=section.parent_id).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == section.pk)

    if direction in ("up", "down"):
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(siblings):
            raise SectionMoveError(_("Avsnittet kan inte flyttas längre åt det hållet."))
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            Section.objects.filter(pk=sibling.pk).update(position=position)
    elif direction == "indent":
        if index == 0:
            raise SectionMoveError(_("Det första avsnittet på en nivå kan inte dras in."))
        new_parent = siblings[index - 1]
        if _depth(new_parent) + _subtree_height(section) > MAX_DEPTH:
            raise SectionMoveError(_("Avsnitt kan bara ligga i %(depth)d nivåer.") % {"depth": MAX_DEPTH})
        last = Section.objects.filter(parent=new_parent).aggregate(last=Max("position"))["last"]
        Section.objects.filter(pk=section.pk).update(parent=new_parent, position=(last + 1) if last is not None else 0)
        _renumber(section.plan_id, section.parent_id)
    else:  # outdent
        if section.parent_id is None:
            raise SectionMoveError(_("Avsnittet ligger redan på översta nivån."))
        parent = Section.objects.get(pk=section.parent_id)
        # Make room right after the old parent, then move there.
        Section.objects.filter(plan=section.plan_id, parent=parent.parent_id, position__gt=parent.position).update(
            position=F("position") + 1
        )
        Section.objects.filter(pk=section.pk).update(parent=parent.parent_id, position=parent.position + 1)
        _renumber(section.plan_id, parent.pk)


def _freeze(*, plan: Plan, acting_user, meeting, adoption: bool, now=None, on=None, known_problems=()) -> PlanVersion:
    """Store the next numbered version: the document as on `on` (default: the day of `now`) and its PDF."""
    if plan.years_problem:
        # Its data blocks would read a year that cannot be; the board gets no such plan.
        raise ValidationError(plan.years_problem)
    number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    now = now or timezone.now()
    document = plan_document(plan, version_number=number, on=on or timezone.localdate(now))
    # A board document, kept: PDF/A. Laid out before the version reports success, in one of the
    # machine's layout slots (plans.queue), so it counts against the same bound as the queue.
    try:
        with layout_slot(wait=settings.PDF_RENDER_TIMEOUT):
            pdf, pages = render_document_pdf(document, archival=True)
    except NoLayoutSlot as error:
        raise PdfRenderError(document.title) from error
    return PlanVersion.objects.create(
        plan=plan, number=number, sent_at=now, sent_by=acting_user, meeting=meeting, is_adoption=adoption,
        meeting_on=meeting.starts_on if meeting else None, meeting_title=meeting.title if meeting else "",
        document=document.to_json(), pdf=pdf, pdf_pages=pages, known_problems=list(known_problems),
    )  # fmt: skip


class ProblemsNotAcknowledged(ValidationError):
    """The plan has open items on its checklist, and the sender has not acknowledged those very items."""


@transaction.atomic
def plan_send_to_board(*, plan: Plan, acting_user, meeting=None, now=None, acknowledged: int = 0) -> PlanVersion:
    """Freeze the plan's text, data and PDF as the next numbered version for the board.

    When the plan's checklist has open items, the sender must acknowledge them: `acknowledged`
    is the number of items they were shown, and must be the number there are now (a list that
    changed since they read it is read again). The items are kept with the version.
    `now` records when it was sent; it defaults to the present (the demo data backdates it).
    """
    plan = plan_ensure_editable(plan=plan)
    problems = plan_readiness(plan)
    if problems and acknowledged != len(problems):
        if not acknowledged:
            message = ngettext(
                "Planen har %(count)d känd brist. Rätta den, eller bekräfta att planen ska skickas med den.",
                "Planen har %(count)d kända brister. Rätta dem, eller bekräfta att planen ska skickas med dem.",
                len(problems),
            ) % {"count": len(problems)}
        else:
            message = _(
                "Listan över brister har ändrats sedan du läste den: nu %(now)d, du bekräftade %(seen)d. "
                "Läs listan igen och bekräfta på nytt."
            ) % {"now": len(problems), "seen": acknowledged}
        raise ProblemsNotAcknowledged(message, code="unacknowledged")
    version = _freeze(plan=plan, acting_user=acting_user, meeting=meeting, adoption=False, now=now,
                      known_problems=problems)  # fmt: skip
    plan.status = Plan.Status.SENT
    plan.save(update_fields=["status"])
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PLAN_SENT,
        summary=_("%(plan)s, version %(number)d%(meeting)s%(problems)s")
        % {
            "plan": plan,
            "number": version.number,
            "meeting": f", till mötet {meeting}" if meeting else "",
            "problems": f", {known_problems_label(len(problems))}" if problems else "",
        },
        details={
            "plan": plan.pk, "version": version.number, "meeting": meeting.pk if meeting else None,
            "known_problems": problems,
        },
        at=version.sent_at,
    )  # fmt: skip
    return version


@transaction.atomic
def plan_adopt(*, plan: Plan, acting_user, adopted_on, meeting=None, reference: str = "", now=None) -> PlanVersion:
    """Record the board's adoption and freeze the adopted version (archival PDF/A); lock the plan.

    The meeting's date, title and kind are stored with the adoption: the adopted plan's
    page shows them as they were, whatever is later done to the meeting. A plan adopted
    at a meeting not in sofint (before the förbund used it) is recorded by its date and
    `reference`, the decision as the minutes name it ("Styrelsemöte 2007-01-11 § 3").
    """
    plan = plan_ensure_editable(plan=plan)
    if meeting is not None and meeting.starts_on != adopted_on:
        raise ValidationError(
            _("Datumet ska vara styrelsemötets datum (%(date)s).") % {"date": meeting.starts_on.isoformat()}
        )
    plan.status, plan.adopted_on, plan.adopted_at = Plan.Status.ADOPTED, adopted_on, meeting
    plan.adoption_reference = " ".join(reference.split())
    plan.adopted_at_date = meeting.starts_on if meeting else None
    plan.adopted_at_title = meeting.title if meeting else ""
    plan.adopted_at_kind = meeting.kind.name if meeting else ""
    plan.save(
        update_fields=[
            "status", "adopted_on", "adopted_at", "adoption_reference", "adopted_at_date", "adopted_at_title",
            "adopted_at_kind",
        ]
    )  # fmt: skip
    # The adopted document shows the plan's insatser and meetings as on the day of the decision, also
    # when the decision is recorded afterwards (a förbund entering the plans it adopted before sofint).
    on = min(adopted_on, timezone.localdate(now))
    version = _freeze(plan=plan, acting_user=acting_user, meeting=meeting, adoption=True, now=now, on=on)
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PLAN_ADOPTED,
        summary=_("%(plan)s fastställd %(date)s, version %(number)d")
        % {"plan": plan, "date": adopted_on.isoformat(), "number": version.number},
        details={"plan": plan.pk, "version": version.number, "meeting": meeting.pk if meeting else None},
        at=version.sent_at,
    )
    return version


@transaction.atomic
def plan_copy_to_next_year(*, plan: Plan, acting_user=None) -> Plan:
    """Start next year's plan as a copy of `plan`: sections, text and data blocks.

    Data blocks are live, so in the copy they show next year's data. Years in section
    titles move on ("Budget 2018" becomes "Budget 2019"); the text is left as written,
    and the readiness list points at the years it still mentions.
    """
    span = plan.last_year - plan.first_year + 1
    if Plan.objects.filter(first_year=plan.first_year + span).exists():
        raise ValidationError(_("Det finns redan en plan för %(year)d.") % {"year": plan.first_year + span})
    new_plan = Plan(
        first_year=plan.first_year + span, last_year=plan.last_year + span, copied_from=plan,
        given_title=shift_years(plan.given_title, first=plan.first_year, last=plan.last_year, by=span),
        subtitle=shift_years(plan.subtitle, first=plan.first_year, last=plan.last_year, by=span),
    )  # fmt: skip
    new_plan.full_clean()  # the years after the last one the förbund can mean are refused, in Swedish
    new_plan.save()
    new_ids: dict[int, Section] = {}
    sections = list(plan.sections.order_by("parent_id", "position").prefetch_related("blocks"))
    pending = [section for section in sections if section.parent_id is None]
    children: dict[int, list[Section]] = {}
    for section in sections:
        if section.parent_id is not None:
            children.setdefault(section.parent_id, []).append(section)
    while pending:
        section = pending.pop(0)
        copy = Section.objects.create(
            plan=new_plan, parent=new_ids.get(section.parent_id), position=section.position,
            title=shift_years(section.title, first=plan.first_year, last=plan.last_year, by=span),
            body=section.body, updated_by=acting_user,
        )  # fmt: skip
        SectionBlock.objects.bulk_create(
            SectionBlock(section=copy, position=block.position, kind=block.kind, project_id=block.project_id,
                         meeting_id=block.meeting_id, param=block.param, reference_label=block.reference_label)
            for block in section.blocks.all()
        )  # fmt: skip
        new_ids[section.pk] = copy
        pending.extend(children.get(section.pk, []))
    return new_plan
