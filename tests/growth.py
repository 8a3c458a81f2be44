"""Multiply the demo data, for the query-count checks (1× and 20×) and the benchmarks."""

from tests.budget.factories import grow_budget
from tests.goals.factories import grow_goals
from tests.governance.factories import grow_governance
from tests.meetings.factories import grow_meetings
from tests.projects.factories import grow_projects


def grow_all(*, factor: int) -> None:
    """Grow every app's data to `factor` times the demo, for query-count checks and benchmarks."""
    grow_governance(factor=factor)
    grow_meetings(factor=factor)
    grow_goals(factor=factor)
    grow_budget(factor=factor)
    grow_projects(factor=factor)
