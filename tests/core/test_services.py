"""The writes every app shares: a user's roles, recorded in the audit trail."""

import pytest
from django.contrib.auth.models import Group

from core.models import AuditEvent
from core.services import user_roles_set

pytestmark = pytest.mark.django_db


def test_changing_roles_sets_the_groups_and_records_what_changed(users):
    target, director = users["styrelse"], users["forbundschef"]
    user_roles_set(user=target, groups=Group.objects.filter(name__in=["Revisor", "Ekonom"]), acting_user=director)
    assert set(target.groups.values_list("name", flat=True)) == {"Revisor", "Ekonom"}
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.user, event.summary) == (
        AuditEvent.Action.ROLE_CHANGED,
        director,
        "styrelse: Styrelse → Ekonom, Revisor",
    )
    assert event.details == {"user": target.pk, "added": ["Ekonom", "Revisor"], "removed": ["Styrelse"]}


def test_taking_every_role_away_says_so(users):
    user_roles_set(user=users["revisor"], groups=[], acting_user=users["forbundschef"])
    assert not users["revisor"].groups.exists()
    assert AuditEvent.objects.latest("pk").summary == "revisor: Revisor → ingen roll"


def test_the_same_roles_again_record_nothing(users):
    before = AuditEvent.objects.count()
    user_roles_set(user=users["ekonom"], groups=Group.objects.filter(name="Ekonom"), acting_user=users["forbundschef"])
    assert AuditEvent.objects.count() == before


def test_the_roles_and_their_record_are_one_transaction(users, monkeypatch):
    target = users["styrelse"]

    def refuse(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr("core.services.audit_record", refuse)
    with pytest.raises(RuntimeError):
        user_roles_set(user=target, groups=Group.objects.filter(name="Revisor"), acting_user=users["forbundschef"])
    assert list(target.groups.values_list("name", flat=True)) == ["Styrelse"]
