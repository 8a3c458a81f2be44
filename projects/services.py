"""Writes for projects: each one function, one transaction, and its own checks."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Member
from meetings.models import Meeting, MeetingKind

from .models import FollowUpReport, Goal, GoalResult, Project, StatusChange, TargetGroup, validate_project_members


@transaction.atomic
def project_save(
    *,
    project: Project,
    owners: Iterable[Member],
    participants: Iterable[Member],
    target_groups: Iterable[TargetGroup] = (),
) -> Project:
    """Save `project` with its members and target groups; refuse an individinriktad insats with one member."""
    owners, participants = list(owners), list(participants)
    validate_project_members(kind=project.kind, owners=owners, participants=participants)
    project.full_clean()
    project.save()
    project.owners.set(owners)
    project.participants.set(participants)
    project.target_groups.set(list(target_groups))
    return project


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
) -> StatusChange:
    """Move `project` to `to_status` and record who, when and the board meeting that decided.

    Only the moves in Project.TRANSITIONS are allowed; granting and rejecting are the
    board's decisions and need the meeting that took them.
    """
    # Lock the row: two people moving the same project at once must not both succeed.
    project = Project.objects.select_for_update().get(pk=project.pk)
    from_status = Project.Status(project.status)
    to_status = Project.Status(to_status)
    if to_status not in project.allowed_moves():
        allowed = ", ".join(str(Project.Status(s).label).lower() for s in project.allowed_moves()) or _("ingen")
        raise ValidationError(
            {
                "to_status": _("En insats med status %(from)s kan inte flyttas till %(to)s. Möjligt: %(allowed)s.")
                % {"from": from_status.label.lower(), "to": to_status.label.lower(), "allowed": allowed}
            }
        )
    if to_status in Project.BOARD_DECISIONS and meeting is None:
        raise ValidationError({"meeting": _("Ange styrelsemötet som fattade beslutet.")})
    _check_board_meeting(meeting, "meeting")
    project.status = to_status
    project.save(update_fields=["status", "updated_at"])
    return StatusChange.objects.create(
        project=project,
        from_status=from_status,
        to_status=to_status,
        meeting=meeting,
        note=note,
        changed_by=acting_user,
        changed_at=timezone.now(),
    )


@transaction.atomic
def goal_save(*, goal: Goal) -> Goal:
    """Save `goal` after checking its target is whole."""
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
) -> FollowUpReport:
    """Save a follow-up report with a measured value per goal (None removes a value)."""
    comments = comments or {}
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
