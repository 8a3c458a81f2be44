"""An empty installation in the tests is what `migrate` alone leaves, as `make setup` finds it."""

import pytest
from django.contrib.auth.models import Group, User

from budget.models import CostCategory
from governance.models import Member, Organisation
from meetings.models import MeetingKind
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_an_empty_installation_has_what_the_migrations_write_and_nothing_else(empty_installation):
    assert not Organisation.objects.exists() and not Member.objects.exists() and not Plan.objects.exists()
    assert not User.objects.exists()
    assert set(Group.objects.values_list("name", flat=True)) == {"Förbundschef", "Ekonom", "Styrelse", "Revisor"}
    assert Group.objects.get(name="Ekonom").permissions.filter(codename="change_budget").exists()
    assert set(MeetingKind.objects.values_list("code", flat=True)) >= {"styrelsemote", "samverkan", "beredningsgrupp"}
    assert CostCategory.objects.filter(name="Insatser").exists()
