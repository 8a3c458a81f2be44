"""Writes for projects: each one function, one transaction, and its own checks.

A project's page is one form (the project, its members and target groups, its money
per year) and one service call, `project_save`. Every row a form edits is refused when
it changed since the form was opened (core.revisions); a year's money belongs to its
project's page, so writing it raises the project's revision too. Granting money and
moving a project's status are governance acts: each is recorded in the audit trail in
the same transaction.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import formatting
from core.models import AuditEvent
from core.references import protecting_records
from core.revisions import StaleWriteError, revision_claim
from core.services import audit_record
from governance.models import Member
from meetings.models import Meeting, MeetingKind

from .models import (
    MAX_KRONOR,
    FollowUpReport,
    Goal,
    GoalResult,
    Precision,
    Project,
    ProjectOwner,
    ProjectYear,
    StatusChange,
    TargetGroup,
    TargetGroupPriority,
    period_point_label,
)
from .selectors import CARRY_OVER_STATUSES

OwnerInput = Member | ProjectOwner | tuple


def _owner_rows(owners: Iterable[OwnerInput]) -> list[ProjectOwner]:
    """Return unsaved owner rows for what a caller gives: members, (member, unit) pairs or rows."""
    rows = []
    for owner in owners:
        if isinstance(owner, ProjectOwner):
            rows.append(ProjectOwner(member_id=owner.member_id, unit=owner.unit.strip()))
        elif isinstance(owner, Member):
            rows.append(ProjectOwner(member=owner, unit=""))
        else:
            member, unit = owner
            rows.append(ProjectOwner(member=member, unit=(unit or "").strip()))
    return rows


def project_owners_validate(*, owned_by_forbund: bool, owners: list[ProjectOwner]) -> None:
    """Refuse owners that do not hold together: a unit without its member, the förbund and members at once."""
    for row in owners:
        if row.member_id is None:
            raise ValidationError(
                {"owners": _("Ange vilken medlem enheten ”%(unit)s” hör till.") % {"unit": row.unit or "–"}}
            )
    if owned_by_forbund and owners:
        raise ValidationError(
            {
                "owned_by_forbund": _(
                    "Ett projekt som ägs av förbundet har inga medlemmar som ägare: ta bort ägarna "
                    "eller avmarkera ”ägs av förbundet”."
                )
            }
        )
    seen = set()
    for row in owners:
        key = (row.member_id, row.unit.lower())
        if key in seen:
            raise ValidationError({"owners": _("Samma ägare är angiven två gånger: %(owner)s.") % {"owner": row.label}})
        seen.add(key)


def _owner_rows_replace(project: Project, rows: list[ProjectOwner]) -> None:
    project.owner_rows.all().delete()
    for position, row in enumerate(rows, start=1):
        row.project, row.position = project, position
        row.full_clean()
        row.save()


@transaction.atomic
def project_owners_set(*, project: Project, owners: Iterable[OwnerInput], acting_user) -> None:
    """Replace the owners of a saved `project` (in the order given); refused as `project_save` refuses them."""
    rows = _owner_rows(owners)
    stored = Project.objects.select_for_update().get(pk=project.pk)
    project_owners_validate(owned_by_forbund=stored.owned_by_forbund, owners=rows)
    _owner_rows_replace(stored, rows)


def project_member_warnings(*, project: Project) -> list[str]:
    """Return the warnings about the members taking part (the two-member rule); never a refusal."""
    warning = project.member_warning
    return [warning] if warning else []


@transaction.atomic
def project_save(
    *,
    project: Project,
    owners: Iterable[OwnerInput] | None = (),
    participants: Iterable[Member] = (),
    target_groups: Iterable[TargetGroup] = (),
    years: Iterable[ProjectYear] = (),
    years_removed: Iterable[ProjectYear] = (),
    acting_user,
    expected_revision: int | None = None,
    initial_status: str | None = None,
    status_on: datetime.date | None = None,
    status_meeting: Meeting | None = None,
    status_reference: str = "",
) -> Project:
    """Save `project` with its owners, members, target groups and money per year, as its page edits it.

    `owners` are members, (member, unit) pairs or owner rows, in the plan's order; several
    mean joint ownership (None leaves the owner rows as they are: the admin sets them
    with `project_owners_set` after its inline). `years` are the year rows to save (new or changed),
    `years_removed` those to delete. Refused when the project changed since
    `expected_revision`, for a unit without its member, and for a project owned both by the
    förbund and by members. Too few members for an individinriktad insats is a warning
    (Project.member_warning), not a refusal.

    A new project may be entered with the status it has now (`initial_status`, since
    `status_on`, decided at `status_meeting` or by `status_reference`): the status
    history starts there. Otherwise the status is never changed here (see
    `project_change_status`).
    """
    participants = list(participants)
    is_new = project.pk is None
    stored = revision_claim(project, expected_revision=expected_revision)
    if stored is not None:
        # A form's instance carries the status it was read with; only the status services move it.
        project.status = stored.status
    owner_rows = _owner_rows(owners) if owners is not None else None
    if owner_rows is not None:
        project_owners_validate(owned_by_forbund=project.owned_by_forbund, owners=owner_rows)
    entry = None
    if (
        is_new
        and initial_status
        and (initial_status != Project.Status.IDEA or status_on or status_meeting or status_reference)
    ):
        entry = _dated_entry(
            to_status=Project.Status(initial_status),
            decided_on=status_on,
            meeting=status_meeting,
            decision_reference=status_reference,
            fields={"decided_on": "status_on", "meeting": "status_meeting"},
            decision_required=False,
            date_known=False,
        )
        project.status = entry["to_status"]
    project.full_clean()
    project.save()
    if owner_rows is not None:
        _owner_rows_replace(project, owner_rows)
    project.participants.set(participants)
    project.target_groups.set(list(target_groups))
    for row in years_removed:
        _year_delete(row, acting_user=acting_user)
    for row in years:
        row.project = project
        _year_save(row, acting_user=acting_user)
    if entry is not None:
        change = StatusChange.objects.create(
            project=project, from_status="", changed_by=acting_user, changed_at=timezone.now(), **entry
        )
        _status_audit(project, change, acting_user=acting_user, history=True)
    return project


@transaction.atomic
def project_year_save(*, row: ProjectYear, acting_user) -> ProjectYear:
    """Save one year's money of a project on its own (the admin's way); a grant is recorded."""
    _project_touch(row.project)
    return _year_save(row, acting_user=acting_user)


@transaction.atomic
def project_year_delete(*, row: ProjectYear, acting_user) -> None:
    """Delete one year's money of a project; money that was granted is recorded as taken back."""
    _project_touch(row.project)
    _year_delete(row, acting_user=acting_user)


def _project_touch(project: Project) -> None:
    # The project's page edits its years: a page opened before this write must be refused.
    revision_claim(project, expected_revision=None)
    project.save(update_fields=["revision", "updated_at"])


def _year_save(row: ProjectYear, *, acting_user) -> ProjectYear:
    stored = ProjectYear.objects.filter(pk=row.pk).values_list("year", "granted").first() if row.pk else None
    row.full_clean()
    row.save()
    _grant_record(row, before=stored, after=(row.year, row.granted), acting_user=acting_user)
    return row


def _year_delete(row: ProjectYear, *, acting_user) -> None:
    stored = ProjectYear.objects.filter(pk=row.pk).values_list("year", "granted").first()
    row.delete()
    if stored is not None:
        _grant_record(row, before=stored, after=None, acting_user=acting_user)


def _grant_record(row: ProjectYear, *, before: tuple | None, after: tuple | None, acting_user) -> None:
    """Record a grant (money set, changed or taken back for a year) in the audit trail."""
    granted_before = before[1] if before else 0
    granted_after = after[1] if after else 0
    if before == after or (granted_before == 0 and granted_after == 0):
        return  # nothing about the money changed (the outcome or the planned participants did)
    year_before, year_after = (before or after)[0], (after or before)[0]
    year = str(year_after) if year_before == year_after else f"{year_before} → {year_after}"
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.GRANT_CHANGED,
        summary=_("%(project)s %(year)s: beviljat %(before)s → %(after)s")
        % {
            "project": row.project.name,
            "year": year,
            "before": formatting.kr(granted_before),
            "after": formatting.kr(granted_after),
        },
        details={
            "project": row.project_id,
            "year": year_after,
            "year_before": year_before,
            "granted_before": granted_before,
            "granted_after": granted_after,
            "removed": after is None,
        },
    )


def _check_board_meeting(meeting: Meeting | None, field: str) -> None:
    if meeting is not None and meeting.kind.code != MeetingKind.BOARD:
        raise ValidationError({field: _("Välj ett styrelsemöte: beslut och rapporter hör till styrelsen.")})


# Where a status sits in the life cycle, to order changes recorded on the same day.
_STAGE = {
    Project.Status.IDEA: 0,
    Project.Status.APPLIED: 1,
    Project.Status.GRANTED: 2,
    Project.Status.REJECTED: 2,
    Project.Status.RUNNING: 3,
    Project.Status.FINISHED: 4,
}


def _dated_entry(
    *,
    to_status,
    decided_on,
    meeting,
    decision_reference,
    fields=None,
    decision_required: bool = True,
    date_known: bool = True,
) -> dict:
    """Check a status change's date and decision, and return it as StatusChange fields.

    The date is the user's, or the meeting's when none is given. Without either, a move
    made now is dated today, and a history entered afterwards (`date_known=False`) is
    left undated ("datum okänt") rather than given a day nobody said. A date in the
    future, or before the meeting that decided, is refused.
    Granting and rejecting need the meeting or a reference to the decision when the move
    is made now (`decision_required`); a history entered afterwards takes what the plan
    says, and a plan that does not name the decision is entered without one.
    """
    fields = {"decided_on": "decided_on", "meeting": "meeting", **(fields or {})}
    decision_reference = (decision_reference or "").strip()
    _check_board_meeting(meeting, fields["meeting"])
    if decision_required and to_status in Project.BOARD_DECISIONS and meeting is None and not decision_reference:
        raise ValidationError(
            {
                fields["meeting"]: _(
                    "Ange styrelsemötet som fattade beslutet, eller en beslutshänvisning "
                    "(till exempel ”Styrelsebeslut 2017-05-12 § 4”) när mötet inte finns i sofint."
                )
            }
        )
    today = timezone.localdate()
    if decided_on is None:
        decided_on = meeting.starts_on if meeting is not None else (today if date_known else None)
    if decided_on is None:
        pass
    elif decided_on > today:
        raise ValidationError(
            {
                fields["decided_on"]: _(
                    "Datumet %(date)s ligger i framtiden: en statusändring registreras när den har skett."
                )
                % {"date": formatting.isodate(decided_on)}
            }
        )
    elif meeting is not None and decided_on < meeting.starts_on:
        raise ValidationError(
            {
                fields["decided_on"]: _("Datumet ligger före styrelsemötet %(meeting)s som fattade beslutet.")
                % {"meeting": formatting.isodate(meeting.starts_on)}
            }
        )
    return {
        "to_status": to_status,
        "decided_on": decided_on,
        "meeting": meeting,
        "decision_reference": decision_reference,
    }


def _in_order(entries):
    """Return status history entries (status first, date second) in the life cycle's order."""
    return sorted(entries, key=lambda entry: (_STAGE[Project.Status(entry[0])], entry[1] or datetime.date.min))


def _history_check(entries: list[tuple[str, datetime.date | None]], *, field: str = "decided_on") -> None:
    """Refuse a history whose dates do not follow the life cycle (idé → ansökan → beviljad …).

    `entries` are (status, date) pairs; a date may be unknown (None). In the life cycle's
    order each status must be reachable from the one before (a step the history does
    not record, as for a project created directly as pågående, is allowed; a status
    recorded twice, or both beviljad and avslagen, is not), and the known dates must
    not go backwards.
    """
    ordered = _in_order(entries)
    for (earlier, earlier_on), (later, later_on) in zip(ordered, ordered[1:], strict=False):
        if later == earlier:
            known = earlier_on or later_on
            raise ValidationError(
                {
                    field: _("Statusen %(status)s finns redan i historiken%(date)s.")
                    % {
                        "status": Project.Status(earlier).label.lower(),
                        "date": f" ({formatting.isodate(known)})" if known else "",
                    }
                }
            )
        if later not in Project.later_statuses(earlier):
            raise ValidationError(
                {
                    field: _("Historiken har redan statusen %(status)s%(date)s; den kan inte följas av %(other)s.")
                    % {
                        "status": Project.Status(earlier).label.lower(),
                        "date": f" ({formatting.isodate(earlier_on)})" if earlier_on else "",
                        "other": Project.Status(later).label.lower(),
                    }
                }
            )
    dated = [entry for entry in ordered if entry[1] is not None]
    for (before, before_on), (after, after_on) in zip(dated, dated[1:], strict=False):
        if after_on < before_on:
            raise ValidationError(
                {
                    field: _(
                        "Statusen %(earlier)s (%(earlier_on)s) kan inte komma före %(later)s (%(later_on)s): "
                        "en insats går idé → ansökan → beviljad → pågående → avslutad, eller avslagen. "
                        "Kontrollera datumen."
                    )
                    % {
                        "earlier": Project.Status(after).label.lower(),
                        "earlier_on": formatting.isodate(after_on),
                        "later": Project.Status(before).label.lower(),
                        "later_on": formatting.isodate(before_on),
                    }
                }
            )


def _recorded_history(project: Project) -> list[tuple[str, datetime.date]]:
    return list(project.status_changes.values_list("to_status", "decided_on"))


def _status_audit(project: Project, change: StatusChange, *, acting_user, history: bool = False) -> None:
    summary = _("%(project)s: %(from)s → %(to)s") % {
        "project": project.name,
        "from": change.get_from_status_display() or "–",
        "to": change.get_to_status_display(),
    }
    if change.decided_on is None:
        summary += _(" (datum okänt)")
    elif change.meeting is None or change.meeting.starts_on != change.decided_on:
        summary += _(" den %(date)s") % {"date": formatting.isodate(change.decided_on)}
    if change.meeting is not None:
        summary += _(", beslut vid styrelsemötet %(date)s") % {"date": formatting.isodate(change.meeting.starts_on)}
    if change.decision_reference:
        summary += f", {change.decision_reference}"
    if history:
        summary += _(" (historik)")
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PROJECT_STATUS_CHANGED,
        summary=summary,
        details={
            "project": project.pk,
            "from": change.from_status,
            "to": change.to_status,
            "decided_on": change.decided_on.isoformat() if change.decided_on else None,
            "meeting": change.meeting_id,
            "decision_reference": change.decision_reference,
            "status_change": change.pk,
            "history": history,
        },
        at=change.changed_at,
    )


@transaction.atomic
def project_change_status(
    *,
    project: Project,
    to_status: str,
    acting_user,
    meeting: Meeting | None = None,
    note: str = "",
    decided_on: datetime.date | None = None,
    decision_reference: str = "",
    expected_revision: int | None = None,
) -> StatusChange:
    """Move `project` to `to_status` on `decided_on`, recording who entered it and what decided it.

    Only the moves in Project.TRANSITIONS are allowed. The date may lie in the past (it is
    stored as given; without one, the meeting's day, else today), never in the future nor
    before a change already recorded. Granting and rejecting are the board's decisions
    and need the meeting that took them, or a reference to the decision when the meeting
    is not in sofint. The move is recorded in the audit trail.
    """
    # Locks the row: two people moving the same project at once must not both succeed.
    stored = revision_claim(project, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=project, current=None)
    from_status = Project.Status(stored.status)
    to_status = Project.Status(to_status)
    if to_status not in stored.allowed_moves():
        allowed = ", ".join(str(Project.Status(s).label).lower() for s in stored.allowed_moves()) or _("ingen")
        raise ValidationError(
            {
                "to_status": _("En insats med status %(from)s kan inte flyttas till %(to)s. Möjligt: %(allowed)s.")
                % {"from": from_status.label.lower(), "to": to_status.label.lower(), "allowed": allowed}
            }
        )
    entry = _dated_entry(
        to_status=to_status, decided_on=decided_on, meeting=meeting, decision_reference=decision_reference
    )
    recorded = _recorded_history(stored)
    latest = max((on for _status, on in recorded if on is not None), default=None)
    if latest is not None and entry["decided_on"] < latest:
        raise ValidationError(
            {
                "decided_on": _(
                    "Datumet %(date)s ligger före den senast registrerade statusändringen (%(latest)s). "
                    "En tidigare status läggs till i historiken i stället."
                )
                % {"date": formatting.isodate(entry["decided_on"]), "latest": formatting.isodate(latest)}
            }
        )
    _history_check([*recorded, (to_status, entry["decided_on"])])
    stored.status, stored.revision = to_status, project.revision
    stored.save(update_fields=["status", "revision", "updated_at"])
    project.status = to_status
    change = StatusChange.objects.create(
        project=stored, from_status=from_status, note=note, changed_by=acting_user, changed_at=timezone.now(), **entry
    )
    _status_audit(stored, change, acting_user=acting_user)
    return change


@transaction.atomic
def project_status_history_add(
    *,
    project: Project,
    status: str,
    decided_on: datetime.date | None,
    acting_user,
    meeting: Meeting | None = None,
    decision_reference: str = "",
    note: str = "",
) -> StatusChange:
    """Record a status `project` had before its current one, on `decided_on` (a history entered afterwards).

    The project's status does not change. Refused for a status that cannot come before
    the current one, a date in the future, and a date that puts the history out of the
    life cycle's order (a later status dated before an earlier one).
    """
    stored = revision_claim(project, expected_revision=None)
    if stored is None:
        raise StaleWriteError(row=project, current=None)
    status = Project.Status(status)
    if status not in Project.earlier_statuses(stored.status):
        raise ValidationError(
            {
                "status": _("Statusen %(status)s kan inte komma före insatsens nuvarande status %(current)s.")
                % {
                    "status": status.label.lower(),
                    "current": Project.Status(stored.status).label.lower(),
                }
            }
        )
    entry = _dated_entry(
        to_status=status,
        decided_on=decided_on,
        meeting=meeting,
        decision_reference=decision_reference,
        decision_required=False,
        date_known=False,
    )
    recorded = list(stored.status_changes.all())
    _history_check([*((row.to_status, row.decided_on) for row in recorded), (status, entry["decided_on"])])
    # The history is valid, so the life cycle's order is its order in time.
    stage = _STAGE[status]
    recorded.sort(key=lambda row: _STAGE[Project.Status(row.to_status)])
    before = [row for row in recorded if _STAGE[Project.Status(row.to_status)] < stage]
    after = [row for row in recorded if row not in before]
    change = StatusChange.objects.create(
        project=stored,
        from_status=before[-1].to_status if before else "",
        note=note,
        changed_by=acting_user,
        changed_at=timezone.now(),
        **entry,
    )
    if after and after[0].from_status != status:
        # The change that follows now follows this one.
        after[0].from_status = status
        after[0].save(update_fields=["from_status"])
    stored.save(update_fields=["revision", "updated_at"])
    _status_audit(stored, change, acting_user=acting_user, history=True)
    return change


@transaction.atomic
def goal_save(*, goal: Goal, acting_user=None, expected_revision: int | None = None) -> Goal:
    """Save `goal` after checking its target is whole; refused when it changed since `expected_revision`."""
    revision_claim(goal, expected_revision=expected_revision)
    if goal.measure == "":
        goal.comparison, goal.target, goal.target_max, goal.per = "", None, None, ""
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def report_save(
    *,
    report: FollowUpReport,
    values: Mapping[Goal, Decimal | None],
    acting_user=None,
    comments: Mapping[Goal, str] | None = None,
    expected_revision: int | None = None,
) -> FollowUpReport:
    """Save a follow-up report with a measured value per goal (None removes a value).

    Refused when the report changed since `expected_revision`; a new report records who entered it.
    """
    comments = comments or {}
    revision_claim(report, expected_revision=expected_revision)
    _check_board_meeting(report.meeting, "meeting")
    if report.pk is None and acting_user is not None:
        report.recorded_by = acting_user
    report.full_clean()
    report.save()
    for goal, value in values.items():
        if goal.project_id != report.project_id:
            raise ValidationError(_("Målet hör till en annan insats än rapporten."))
        comment = comments.get(goal, "")
        if value is None and not comment:
            GoalResult.objects.filter(report=report, goal=goal).delete()
            continue
        if value is not None and value < 0:
            raise ValidationError(_("Värdet kan inte vara negativt."))
        GoalResult.objects.update_or_create(report=report, goal=goal, defaults={"value": value, "comment": comment})
    return report


@transaction.atomic
def goal_result_save(*, result: GoalResult, acting_user=None) -> GoalResult:
    """Save one measured value of a report on its own (the admin's way)."""
    _report_touch(result.report)
    result.full_clean()  # the goal and the report belong to the same project; no negative values
    result.save()
    return result


@transaction.atomic
def goal_result_delete(*, result: GoalResult, acting_user=None) -> None:
    """Delete one measured value of a report."""
    _report_touch(result.report)
    result.delete()


def _report_touch(report: FollowUpReport) -> None:
    # The report's form edits its values: a form opened before this write must be refused.
    revision_claim(report, expected_revision=None)
    report.save(update_fields=["revision"])


# --- A way out for a mistake: deleting what nothing has been decided or reported on yet ----------------


def project_delete_refusal(project: Project) -> str | None:
    """Return why `project` may not be deleted, or None when it may.

    Only an idea can go: once applied for, the board has it before it (and granted,
    running, finished or rejected are its decisions). An idea with money set for a year,
    a report, or a record elsewhere that holds it (a budget line) is kept too.
    """
    if project.status != Project.Status.IDEA:
        return _(
            "Insatsen har status %(status)s och kan inte tas bort: bara en idé som styrelsen inte har fått "
            "kan tas bort."
        ) % {"status": Project.Status(project.status).label.lower()}
    granted = sorted(project.years.filter(granted__gt=0).values_list("year", flat=True))
    if granted:
        return _("Insatsen har beviljade medel för %(years)s. Sätt beloppen till 0 först.") % {
            "years": ", ".join(str(year) for year in granted)
        }
    if project.reports.exists():
        return _("Insatsen har uppföljningsrapporter och kan inte tas bort.")
    holders = protecting_records(project)
    if holders:
        return _("Insatsen kan inte tas bort: den finns i %(records)s.") % {"records": ", ".join(holders)}
    return None


@transaction.atomic
def project_delete(*, project: Project, acting_user, expected_revision: int | None = None) -> None:
    """Delete a project idea entered by mistake, with its goals and years, and audit it.

    Refused for anything but an idea without money, reports or records that hold it,
    and when the project changed since `expected_revision`.
    """
    stored = revision_claim(project, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=project, current=None)
    refusal = project_delete_refusal(stored)
    if refusal:
        raise ValidationError(refusal, code="protected")
    details = {"project": stored.pk, "name": stored.name, "goals": stored.goals.count()}
    stored.delete()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PROJECT_DELETED,
        summary=_("Insatsen %(name)s (idé) borttagen") % {"name": details["name"]},
        details=details,
    )


def goal_delete_refusal(goal: Goal) -> str | None:
    """Return why `goal` may not be deleted, or None when it may: a goal a report has measured is kept."""
    if goal.results.exists():
        return _("Målet har uppmätta värden i uppföljningsrapporter och kan inte tas bort. Ändra det i stället.")
    return None


@transaction.atomic
def goal_delete(*, goal: Goal, acting_user, expected_revision: int | None = None) -> None:
    """Delete a goal entered by mistake, and audit it; refused once a report has measured it."""
    stored = revision_claim(goal, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=goal, current=None)
    refusal = goal_delete_refusal(stored)
    if refusal:
        raise ValidationError(refusal, code="protected")
    details = {"goal": stored.pk, "project": stored.project_id, "text": stored.text[:200]}
    project_name = stored.project.name
    stored.delete()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.GOAL_DELETED,
        summary=_("%(project)s: målet ”%(goal)s” borttaget") % {"project": project_name, "goal": str(stored)},
        details=details,
    )


# --- Carrying running projects into the next year --------------------------------------------------


@dataclass(frozen=True)
class CarryOverRow:
    """One project that continues into the year: its money for the year and, when its period ends before, the new end.

    `granted` is in whole kronor (None: not given). `ends_on` None keeps the period's end;
    a new end is stored as the period fields store it (a month or a year as its last day,
    `ends_precision` saying which). `expected_revision` is the project's revision when the
    page was opened (None: not compared).
    """

    project: Project
    granted: int | None
    ends_on: datetime.date | None = None
    ends_precision: str = Precision.DAY
    expected_revision: int | None = None


class CarryOverRefused(ValidationError):
    """Raised when a carry-over is refused as a whole; nothing is saved.

    `rows` holds each bad row's messages by project id, then by field ("granted",
    "ends_on", or "project" for the row as a whole); `shared` holds the shared decision's
    messages by field ("__all__" for the carry-over as a whole).
    """

    def __init__(self, *, rows: dict[int, dict[str, list[str]]], shared: dict[str, list[str]], names: dict[int, str]):
        self.rows, self.shared = rows, shared
        messages = [message for found in shared.values() for message in found]
        messages += [
            f"{names.get(pk, pk)}: {message}"
            for pk, fields in rows.items()
            for found in fields.values()
            for message in found
        ]
        super().__init__(messages, code="invalid")


def _carry_over_decision_errors(decided_on, decision_meeting) -> dict[str, list[str]]:
    errors = {}
    if decided_on is not None and decided_on > timezone.localdate():
        errors["decided_on"] = [
            _("Beslutsdatumet %(date)s ligger i framtiden.") % {"date": formatting.isodate(decided_on)}
        ]
    if decision_meeting is not None and decision_meeting.kind.code != MeetingKind.BOARD:
        errors["decision_meeting"] = [_("Välj ett styrelsemöte: beviljade medel beslutas av styrelsen.")]
    return errors


def _carry_over_row_errors(
    row: CarryOverRow, stored: Project | None, *, year: int, years: set, last_money: set
) -> dict:
    """Return what is wrong with one row, by field; {} when it may be carried over."""
    errors: dict[str, list[str]] = {}
    if stored is None:
        return {"project": [_("Insatsen finns inte längre.")]}
    if stored.status not in CARRY_OVER_STATUSES:
        errors["project"] = [
            _("Insatsen har status %(status)s: bara beviljade och pågående insatser förs vidare.")
            % {"status": Project.Status(stored.status).label.lower()}
        ]
    elif (stored.pk, year) in years:
        errors["project"] = [_("Insatsen har redan en rad för %(year)s: ändra den på insatsens sida.") % {"year": year}]
    elif stored.pk not in last_money:
        errors["project"] = [_("Insatsen har inga beviljade medel för %(year)s.") % {"year": year - 1}]
    granted = row.granted
    if granted is None:
        errors["granted"] = [
            _("Ange beloppet för %(year)s i hela kronor (0 om inga nya medel beviljas).") % {"year": year}
        ]
    elif isinstance(granted, bool) or not isinstance(granted, int):
        errors["granted"] = [_("Beloppet ska vara hela kronor, till exempel 650000.")]
    elif granted < 0:
        errors["granted"] = [_("Beloppet kan inte vara negativt.")]
    elif granted > MAX_KRONOR:
        errors["granted"] = [_("Beloppet kan vara högst %(max)s.") % {"max": formatting.kr(MAX_KRONOR)}]
    if row.ends_on is not None:
        end_label = period_point_label(row.ends_on, row.ends_precision)
        if stored.starts_on and row.ends_on < stored.starts_on:
            errors["ends_on"] = [
                _("Perioden slutar (%(end)s) innan den börjar (%(start)s).")
                % {"end": end_label, "start": stored.start_label}
            ]
        elif row.ends_on.year < year:
            errors["ends_on"] = [
                _("Perioden slutar %(end)s, före %(year)s: ange ett slut under %(year)s eller senare.")
                % {"end": end_label, "year": year}
            ]
    elif stored.ends_on is not None and stored.ends_on.year < year:
        errors["ends_on"] = [
            _("Perioden slutar %(end)s, före %(year)s: ange periodens nya slut.")
            % {"end": stored.end_label, "year": year}
        ]
    return errors


def projects_carry_over_refusal(
    *,
    year: int,
    rows: Iterable[CarryOverRow],
    decided_on: datetime.date | None = None,
    decision_meeting: Meeting | None = None,
) -> CarryOverRefused | None:
    """Return why `projects_carry_over` would refuse these rows (nothing is locked or written), or None.

    A page shows it with its own input errors, so that every row's problems are told at once.
    """
    rows = list(rows)
    stored = {project.pk: project for project in Project.objects.filter(pk__in=[row.project.pk for row in rows])}
    return _carry_over_refusal(
        year=year, rows=rows, decided_on=decided_on, decision_meeting=decision_meeting, stored=stored, stale=False
    )


def _carry_over_refusal(*, year, rows, decided_on, decision_meeting, stored, stale) -> CarryOverRefused | None:
    shared = _carry_over_decision_errors(decided_on, decision_meeting)
    if not rows:
        shared["__all__"] = [_("Kryssa i de insatser som fortsätter %(year)s.") % {"year": year}]
    ids = list(stored)
    years = set(ProjectYear.objects.filter(project__in=ids, year__in=(year - 1, year)).values_list("project", "year"))
    last_money = set(
        ProjectYear.objects.filter(project__in=ids, year=year - 1, granted__gt=0).values_list("project", flat=True)
    )
    row_errors: dict[int, dict[str, list[str]]] = {}
    seen = set()
    for row in rows:
        project = stored.get(row.project.pk)
        changed = project is not None and row.expected_revision not in (None, project.revision)
        if stale and changed:
            raise StaleWriteError(row=row.project, current=project)
        if row.project.pk in seen:
            row_errors[row.project.pk] = {"project": [_("Insatsen finns två gånger i listan.")]}
            continue
        seen.add(row.project.pk)
        if errors := _carry_over_row_errors(row, project, year=year, years=years, last_money=last_money):
            row_errors[row.project.pk] = errors
    if shared or row_errors:
        return CarryOverRefused(
            rows=row_errors, shared=shared, names={row.project.pk: row.project.name for row in rows}
        )
    return None


@transaction.atomic
def projects_carry_over(
    *,
    year: int,
    rows: Iterable[CarryOverRow],
    decided_on: datetime.date | None = None,
    decision_meeting: Meeting | None = None,
    decision_reference: str = "",
    acting_user,
) -> list[ProjectYear]:
    """Carry the projects of `rows` into `year`: a year row with its money, and a period that reaches the year.

    Each project must be granted or running, have money for the year before and no row
    for `year` yet. Its period keeps its start; a period that ends before `year` gets the
    row's new end (which may not come before the start, nor before `year`). The shared
    decision (`decided_on`, `decision_meeting`, `decision_reference`) goes on every new
    year row. Any bad row, or a bad decision, refuses the whole carry-over
    (CarryOverRefused, every message at once); a project changed since the page was
    opened refuses it with StaleWriteError. Each new year's money is recorded as a grant
    and each carry-over, with its period change, in the audit trail.

    Goals are the project's, not a year's (Goal has no year): they go on as they are.
    """
    rows = list(rows)
    decision_reference = (decision_reference or "").strip()
    # Parents before rows, in one order on every path: the projects, by id, then their years.
    projects = Project.objects.select_for_update(of=("self",)).filter(pk__in=[row.project.pk for row in rows])
    locked = {project.pk: project for project in projects.order_by("pk")}
    refusal = _carry_over_refusal(
        year=year, rows=rows, decided_on=decided_on, decision_meeting=decision_meeting, stored=locked, stale=True
    )
    if refusal is not None:
        raise refusal

    created = []
    for row in rows:
        project = locked[row.project.pk]
        period_before = project.period_label()
        ends_before = project.ends_on
        if row.ends_on is not None:
            project.ends_on, project.ends_precision = row.ends_on, row.ends_precision
        project.revision += 1
        project.save(update_fields=["ends_on", "ends_precision", "revision", "updated_at"])
        year_row = _year_save(
            ProjectYear(
                project=project,
                year=year,
                granted=row.granted,
                decided_on=decided_on,
                decision_meeting=decision_meeting,
                decision_reference=decision_reference,
            ),
            acting_user=acting_user,
        )
        created.append(year_row)
        period_after = project.period_label()
        summary = _("%(project)s fortsätter %(year)s med %(granted)s") % {
            "project": project.name,
            "year": year,
            "granted": formatting.kr(row.granted),
        }
        if period_after != period_before:
            summary += _("; perioden %(before)s → %(after)s") % {"before": period_before, "after": period_after}
        audit_record(
            acting_user=acting_user,
            action=AuditEvent.Action.PROJECT_CARRIED_OVER,
            summary=summary,
            details={
                "project": project.pk,
                "year": year,
                "project_year": year_row.pk,
                "granted": row.granted,
                "ends_on_before": ends_before.isoformat() if ends_before else None,
                "ends_on_after": project.ends_on.isoformat() if project.ends_on else None,
                "ends_precision": project.ends_precision,
                "decided_on": decided_on.isoformat() if decided_on else None,
                "meeting": decision_meeting.pk if decision_meeting else None,
                "decision_reference": decision_reference,
            },
        )
    return created


@transaction.atomic
def target_group_priorities_copy(*, year: int, acting_user) -> list[TargetGroupPriority]:
    """Give `year` the priority order of the year before, to be changed where the new year differs.

    Refused when `year` has an order already, or the year before has none.
    """
    if TargetGroupPriority.objects.select_for_update().filter(year=year).exists():
        raise ValidationError(
            _("Målgrupperna för %(year)d har redan en prioriteringsordning; ändra den i stället.") % {"year": year}
        )
    previous = list(TargetGroupPriority.objects.filter(year=year - 1).select_related("target_group"))
    if not previous:
        raise ValidationError(_("Det finns ingen prioriteringsordning för %(last)d att kopiera.") % {"last": year - 1})
    copies = TargetGroupPriority.objects.bulk_create(
        TargetGroupPriority(year=year, position=row.position, target_group=row.target_group) for row in previous
    )
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.TARGET_GROUPS_COPIED,
        summary=_("Prioriteringsordningen %(last)d kopierad till %(year)d: %(names)s")
        % {"last": year - 1, "year": year, "names": ", ".join(row.target_group.name for row in previous)},
        details={"year": year, "target_groups": [row.target_group_id for row in previous]},
    )
    return copies
