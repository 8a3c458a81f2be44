"""Reads of the förbund's own goals for the pages and the plan, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from projects.targets import Attainment

from .models import ForbundGoal, GoalFollowUp, GoalIntroduction, GoalKind


@dataclass(frozen=True)
class GoalRow:
    """One goal with its latest follow-up and the colour that gives it."""

    goal: ForbundGoal
    latest: GoalFollowUp | None

    @property
    def attainment(self) -> Attainment:
        # Not followed up yet: "uppgift saknas", whether the goal has a number or is judged in words.
        return self.latest.attainment if self.latest is not None else Attainment.NO_DATA


@dataclass(frozen=True)
class KindGroup:
    """A year's goals of one kind, under the kind's heading, after the plan's introduction to them."""

    kind: GoalKind
    introduction: GoalIntroduction | None
    rows: list[GoalRow] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.kind.label)


@dataclass(frozen=True)
class YearGoals:
    """The förbund's own goals that hold in one year, grouped by kind in the plan's order."""

    year: int
    groups: list[KindGroup]

    @property
    def rows(self) -> list[GoalRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def totals(self) -> dict[str, int]:
        """Count the goals by colour (green, yellow, red, grey): the year at a glance."""
        counts = {"green": 0, "yellow": 0, "red": 0, "grey": 0}
        for row in self.rows:
            counts[row.attainment.colour] += 1
        return counts

    @property
    def has_follow_ups(self) -> bool:
        return any(row.latest is not None for row in self.rows)


def _follow_ups_newest_first():
    return Prefetch(
        "follow_ups",
        queryset=GoalFollowUp.objects.order_by("-followed_up_on", "-pk"),
        to_attr="follow_ups_newest_first",
    )


def forbund_goals_for_year(*, year: int) -> YearGoals:
    """Return the goals that hold in `year`, by kind, each with its latest follow-up (three queries)."""
    goals = list(
        ForbundGoal.objects.for_year(year)
        .order_by("order", "first_year", "pk")
        .prefetch_related(_follow_ups_newest_first())
    )
    introductions = {row.kind: row for row in GoalIntroduction.objects.filter(year=year)}
    groups = []
    for kind in GoalKind:
        rows = [
            GoalRow(goal=goal, latest=goal.follow_ups_newest_first[0] if goal.follow_ups_newest_first else None)
            for goal in goals
            if goal.kind == kind
        ]
        if rows or kind in introductions:
            groups.append(KindGroup(kind=kind, introduction=introductions.get(kind), rows=rows))
    return YearGoals(year=year, groups=groups)


def forbund_goal_years() -> list[int]:
    """Return every year some goal or introduction is for, newest first (two queries)."""
    years = set()
    for first, last in ForbundGoal.objects.values_list("first_year", "last_year").distinct():
        years.update(range(first, last + 1))
    years.update(GoalIntroduction.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class GoalPage:
    """One goal with every follow-up, newest first."""

    goal: ForbundGoal
    follow_ups: list[GoalFollowUp]

    @property
    def row(self) -> GoalRow:
        return GoalRow(goal=self.goal, latest=self.follow_ups[0] if self.follow_ups else None)


def forbund_goal_get(*, goal_id: int) -> GoalPage | None:
    """Return the goal `goal_id` with its follow-ups (two queries), or None."""
    goal = ForbundGoal.objects.prefetch_related(_follow_ups_newest_first()).filter(pk=goal_id).first()
    if goal is None:
        return None
    return GoalPage(goal=goal, follow_ups=goal.follow_ups_newest_first)
