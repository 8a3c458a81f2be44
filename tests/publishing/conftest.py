import pytest

from plans.models import Plan


@pytest.fixture
def plan(demo):
    """The demo's adopted plan 2018."""
    return Plan.objects.get(first_year=2018)


@pytest.fixture
def director(users):
    return users["forbundschef"]
