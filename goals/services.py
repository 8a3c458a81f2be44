"""Writes for the förbund's own goals: each one function, one transaction, audited.

Every row a page edits is refused when it changed since the page was opened
(core.revisions). Goals roll over: `forbund_goals_copy_year` starts next year from this
year's, and refuses a year that already has goals, so nothing is copied twice.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import AuditEvent
from core.revisions import StaleWriteError, revision_claim
from core.services import audit_record

from .models import ForbundGoal, GoalFollowUp, GoalIntroduction, GoalKind

GOAL_FIELDS = [
    "kind",
    "first_year",
    "last_year",
    "text",
    "order",
    "measure",
    "comparison",
    "target",
    "target_max",
    "per",
    "measured_by",
    "measured_when",
]


def _goal_state(goal: ForbundGoal) -> dict:
    return {name: _json(getattr(goal, name)) for name in GOAL_FIELDS}


def _json(value):
    return str(value) if isinstance(value, Decimal) else value


def _goal_audit(*, goal: ForbundGoal, summary: str, acting_user, **details) -> None:
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.FORBUND_GOAL_CHANGED,
        summary=summary,
        details={"goal": goal.pk, **details},
    )


@transaction.atomic
def forbund_goal_save(*, goal: ForbundGoal, acting_user, expected_revision: int | None = None) -> ForbundGoal:
    """Check and save one of the förbund's goals, recording what changed in the audit trail.

    Refused when it changed since `expected_revision`; a goal without a measure loses any
    half-given target, and only a regional goal keeps who measures it.
    """
    stored = revision_claim(goal, expected_revision=expected_revision)
    if goal.measure == "":
        goal.comparison, goal.target, goal.target_max, goal.per = "", None, None, ""
    goal.full_clean()
    goal.save()
    after = _goal_state(goal)
    if stored is None:
        _goal_audit(
            goal=goal,
            acting_user=acting_user,
            summary=_("%(kind)s %(years)s tillagt: ”%(goal)s”")
            % {"kind": goal.get_kind_display(), "years": goal.years, "goal": goal},
            after=after,
        )
        return goal
    before = _goal_state(stored)
    changed = sorted(name for name in GOAL_FIELDS if before[name] != after[name])
    if changed:
        _goal_audit(
            goal=goal,
            acting_user=acting_user,
            summary=_("%(kind)s %(years)s ändrat: ”%(goal)s”")
            % {"kind": goal.get_kind_display(), "years": goal.years, "goal": goal},
            changed=changed,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return goal


def forbund_goal_delete_refusal(goal: ForbundGoal) -> str | None:
    """Return why `goal` may not be deleted, or None when it may: a goal that has been followed up is kept."""
    if goal.follow_ups.exists():
        return _(
            "Målet har följts upp och kan inte tas bort. Ändra det i stället, eller låt det gälla till och med ett år."
        )
    return None


@transaction.atomic
def forbund_goal_delete(*, goal: ForbundGoal, acting_user, expected_revision: int | None = None) -> None:
    """Delete a goal entered by mistake, and audit it; refused once it has been followed up."""
    stored = revision_claim(goal, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=goal, current=None)
    refusal = forbund_goal_delete_refusal(stored)
    if refusal:
        raise ValidationError(refusal, code="protected")
    before = _goal_state(stored)
    summary = _("%(kind)s %(years)s borttaget: ”%(goal)s”") % {
        "kind": stored.get_kind_display(),
        "years": stored.years,
        "goal": stored,
    }
    pk = stored.pk
    stored.delete()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.FORBUND_GOAL_CHANGED,
        summary=summary,
        details={"goal": pk, "removed": True, "before": before},
    )


@transaction.atomic
def goal_introduction_save(*, introduction: GoalIntroduction, acting_user) -> GoalIntroduction:
    """Save the words before a year's goals of one kind, and audit it."""
    introduction.full_clean()
    introduction.save()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.FORBUND_GOAL_CHANGED,
        summary=_("Inledningen till %(kind)s %(year)s sparad")
        % {"kind": str(introduction.get_kind_display()).lower(), "year": introduction.year},
        details={"introduction": introduction.pk, "year": introduction.year, "kind": introduction.kind},
    )
    return introduction


@transaction.atomic
def goal_introduction_delete(*, introduction: GoalIntroduction, acting_user) -> None:
    """Delete the words before a year's goals of one kind, and audit it."""
    details = {"introduction": introduction.pk, "year": introduction.year, "kind": introduction.kind}
    summary = _("Inledningen till %(kind)s %(year)s borttagen") % {
        "kind": str(introduction.get_kind_display()).lower(),
        "year": introduction.year,
    }
    introduction.delete()
    audit_record(
        acting_user=acting_user, action=AuditEvent.Action.FORBUND_GOAL_CHANGED, summary=summary, details=details
    )


def _follow_up_check(follow_up: GoalFollowUp) -> None:
    """Refuse a follow-up that does not say what it found, in the way its goal is followed up."""
    goal = follow_up.goal
    errors = {}
    if goal.is_measurable:
        if follow_up.judgement:
            errors["judgement"] = _(
                "Målet har ett målvärde: färgen räknas fram från utfallet. Lämna den bedömda måluppfyllelsen tom."
            )
        if follow_up.value is None and not follow_up.assessment.strip():
            errors["value"] = _("Ange utfallet, eller skriv i bedömningen varför det saknas.")
    else:
        if follow_up.value is not None:
            errors["value"] = _("Målet har inget målvärde att jämföra med: skriv utfallet i bedömningen.")
        if not follow_up.judgement:
            errors["judgement"] = _("Välj måluppfyllelsen (grön, gul eller röd): målet har inget målvärde.")
        if not follow_up.assessment.strip():
            errors["assessment"] = _("Skriv skälet till bedömningen.")
    if goal.kind == GoalKind.REGIONAL and not follow_up.source.strip():
        errors["source"] = _("Ange källan: ett regionalt mål mäts utanför sofint.")
    if follow_up.followed_up_on and follow_up.followed_up_on < datetime.date(goal.first_year, 1, 1):
        errors["followed_up_on"] = _("Uppföljningen kan inte ligga före målets första år (%(year)s).") % {
            "year": goal.first_year
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_follow_up_save(*, follow_up: GoalFollowUp, acting_user, expected_revision: int | None = None) -> GoalFollowUp:
    """Save the follow-up of a goal: an outcome for a measurable goal, a judgement with its reason for the others.

    Refused when it changed since `expected_revision`; a new follow-up records who entered
    it, and each is recorded in the audit trail with the colour it gives.
    """
    stored = revision_claim(follow_up, expected_revision=expected_revision)
    if stored is None and acting_user is not None and acting_user.is_authenticated:
        follow_up.recorded_by = acting_user
    follow_up.full_clean()
    _follow_up_check(follow_up)
    follow_up.save()
    attainment = follow_up.attainment
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.FORBUND_GOAL_FOLLOWED_UP,
        summary=_("”%(goal)s” %(date)s: %(attainment)s (%(colour)s)")
        % {
            "goal": follow_up.goal,
            "date": follow_up.followed_up_on.isoformat(),
            "attainment": attainment.label,
            "colour": str(attainment.colour_label).lower(),
        },
        details={
            "goal": follow_up.goal_id,
            "follow_up": follow_up.pk,
            "new": stored is None,
            "value": _json(follow_up.value),
            "judgement": follow_up.judgement,
            "attainment": attainment.value,
            "source": follow_up.source,
        },
    )
    return follow_up


@transaction.atomic
def goal_follow_up_delete(*, follow_up: GoalFollowUp, acting_user, expected_revision: int | None = None) -> None:
    """Delete a follow-up entered by mistake, and audit it."""
    stored = revision_claim(follow_up, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=follow_up, current=None)
    details = {"goal": stored.goal_id, "follow_up": stored.pk, "removed": True, "value": _json(stored.value)}
    summary = _("Uppföljningen %(date)s av ”%(goal)s” borttagen") % {
        "date": stored.followed_up_on.isoformat(),
        "goal": stored.goal,
    }
    stored.delete()
    audit_record(
        acting_user=acting_user, action=AuditEvent.Action.FORBUND_GOAL_FOLLOWED_UP, summary=summary, details=details
    )


@transaction.atomic
def forbund_goals_copy_year(*, from_year: int, to_year: int, acting_user) -> list[ForbundGoal]:
    """Start `to_year`'s goals as a copy of those that hold in `from_year`, with their introductions.

    Each copy holds for `to_year` alone, with its wording, order and target; follow-ups
    stay with the year they followed up. Refused when `to_year` already has goals (or a
    multi-year goal reaches it), and when `from_year` has none.
    """
    # One copy at a time: lock the year's goals so that two clicks cannot both copy.
    existing = list(ForbundGoal.objects.select_for_update().for_year(to_year).values_list("pk", flat=True))
    if existing:
        raise ValidationError(
            _("%(year)s har redan mål (%(count)d st.): inget kopierades. Ändra dem i stället.")
            % {"year": to_year, "count": len(existing)},
            code="exists",
        )
    sources = list(ForbundGoal.objects.for_year(from_year).order_by("kind", "order", "pk"))
    if not sources:
        raise ValidationError(_("%(year)s har inga mål att kopiera.") % {"year": from_year}, code="empty")
    copies = []
    for source in sources:
        copy = ForbundGoal(**{name: getattr(source, name) for name in GOAL_FIELDS})
        copy.first_year = copy.last_year = to_year
        copy.full_clean()
        copy.save()
        copies.append(copy)
    introductions = GoalIntroduction.objects.filter(year=from_year)
    taken = set(GoalIntroduction.objects.filter(year=to_year).values_list("kind", flat=True))
    for introduction in introductions:
        if introduction.kind not in taken:
            GoalIntroduction.objects.create(year=to_year, kind=introduction.kind, text=introduction.text)
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.FORBUND_GOAL_CHANGED,
        summary=_("%(count)d mål kopierade från %(from)s till %(to)s")
        % {"count": len(copies), "from": from_year, "to": to_year},
        details={"from_year": from_year, "to_year": to_year, "goals": [copy.pk for copy in copies]},
    )
    return copies


def goals_naming_year(goals: list[ForbundGoal], *, year: int) -> list[ForbundGoal]:
    """Return the goals whose wording names `year`: after a copy, the ones to read over."""
    mark = str(year)
    return [goal for goal in goals if mark in goal.text or mark in goal.measured_when]
