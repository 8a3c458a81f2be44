"""Writes for projects: each one function, one transaction, and its own checks.

A project's page is one form (the project, its members and target groups, its money
per year) and one service call, `project_save`. Every row a form edits is refused when
it changed since the form was opened (core.revisions); a year's money belongs to its
project's page, so writing it raises the project's revision too. Granting money and
moving a project's status are governance acts: each is recorded in the audit trail in
the same transaction.
"""

from collections.abc import Iterable, Mapping
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

from .models import FollowUpReport, Goal, GoalResult, Project, ProjectYear, StatusChange, TargetGroup


def project_members_validate(*, kind: str, owners: Iterable[Member], participants: Iterable[Member]) -> None:
    """Refuse an individinriktad insats that involves fewer than two members.

    Owners and participants together count; a member named in both counts once.
    """
    if kind not in (Project.Kind.INDIVIDUAL, Project.Kind.BOTH):
        return
    members = {member.pk for member in owners} | {member.pk for member in participants}
    if len(members) < 2:
        raise ValidationError(
            {
                "participants": _(
                    "En individinriktad insats ska involvera minst två medlemmar. "
                    "Ange ytterligare en ägare eller deltagande medlem."
                )
            }
        )


@transaction.atomic
def project_save(
    *,
    project: Project,
    owners: Iterable[Member],
    participants: Iterable[Member],
    target_groups: Iterable[TargetGroup] = (),
    years: Iterable[ProjectYear] = (),
    years_removed: Iterable[ProjectYear] = (),
    acting_user,
    expected_revision: int | None = None,
) -> Project:
    """Save `project` with its members, target groups and money per year, as its page edits them.

    `years` are the year rows to save (new or changed), `years_removed` those to delete.
    Refused when the project changed since `expected_revision`, and for an
    individinriktad insats with fewer than two members. The status is never changed
    here (see `project_change_status`).
    """
    owners, participants = list(owners), list(participants)
    stored = revision_claim(project, expected_revision=expected_revision)
    if stored is not None:
        # A form's instance carries the status it was read with; only project_change_status moves it.
        project.status = stored.status
    project_members_validate(kind=project.kind, owners=owners, participants=participants)
    project.full_clean()
    project.save()
    project.owners.set(owners)
    project.participants.set(participants)
    project.target_groups.set(list(target_groups))
    for row in years_removed:
        _year_delete(row, acting_user=acting_user)
    for row in years:
        row.project = project
        _year_save(row, acting_user=acting_user)
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


@transaction.atomic
def project_change_status(
    *,
    project: Project,
    to_status: str,
    acting_user,
    meeting: Meeting | None = None,
    note: str = "",
    expected_revision: int | None = None,
) -> StatusChange:
    """Move `project` to `to_status`, recording who, when and the board meeting that decided.

    Only the moves in Project.TRANSITIONS are allowed; granting and rejecting are the
    board's decisions and need the meeting that took them. The move is recorded in the
    audit trail.
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
    if to_status in Project.BOARD_DECISIONS and meeting is None:
        raise ValidationError({"meeting": _("Ange styrelsemötet som fattade beslutet.")})
    _check_board_meeting(meeting, "meeting")
    stored.status, stored.revision = to_status, project.revision
    stored.save(update_fields=["status", "revision", "updated_at"])
    project.status = to_status
    change = StatusChange.objects.create(
        project=stored,
        from_status=from_status,
        to_status=to_status,
        meeting=meeting,
        note=note,
        changed_by=acting_user,
        changed_at=timezone.now(),
    )
    summary = _("%(project)s: %(from)s → %(to)s") % {
        "project": stored.name,
        "from": from_status.label,
        "to": to_status.label,
    }
    if meeting is not None:
        summary += _(", beslut vid styrelsemötet %(date)s") % {"date": formatting.isodate(meeting.starts_on)}
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.PROJECT_STATUS_CHANGED,
        summary=summary,
        details={
            "project": stored.pk,
            "from": from_status.value,
            "to": to_status.value,
            "meeting": meeting.pk if meeting else None,
            "status_change": change.pk,
        },
        at=change.changed_at,
    )
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
