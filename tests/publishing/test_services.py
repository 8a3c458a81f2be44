"""Publishing and withdrawing: only adopted plans, once at a time, each act in the audit trail; the list's queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from plans.models import Plan, PlanVersion
from publishing.models import Publication
from publishing.selectors import public_listing
from publishing.services import plan_publish, plan_slug, plan_withdraw
from tests.publishing.factories import adopted_plan

pytestmark = pytest.mark.django_db


def test_a_plan_is_published_at_an_address_made_of_its_years(demo):
    assert plan_slug(Plan(first_year=2018, last_year=2018)) == "verksamhetsplan-2018"
    assert plan_slug(Plan(first_year=2007, last_year=2008)) == "verksamhetsplan-2007-2008"


def test_only_an_adopted_plan_is_published(demo, director):
    draft = Plan.objects.get(first_year=2019)
    with pytest.raises(ValidationError, match="Verksamhetsplan 2019 är inte fastställd"):
        plan_publish(plan=draft, acting_user=director)
    assert Publication.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED, details__plan=draft.pk).exists()


def test_a_plan_is_public_once_at_a_time(plan, director):
    with pytest.raises(ValidationError, match="redan publicerad"):
        plan_publish(plan=plan, acting_user=director)
    # The database refuses a second public row for the same version or address, whoever writes it.
    version = PlanVersion.objects.get(plan=plan, is_adoption=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(plan_version=version, slug="en-annan-adress")
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(plan_version=adopted_plan(2017).versions.get(), slug="verksamhetsplan-2018")


def test_withdrawing_keeps_the_row_and_may_be_followed_by_a_new_publication(plan, director):
    at = datetime.datetime(2019, 1, 2, 9, 0, tzinfo=datetime.UTC)
    withdrawn = plan_withdraw(plan=plan, acting_user=director, now=at)
    assert withdrawn.withdrawn_at == at and withdrawn.withdrawn_by == director
    with pytest.raises(ValidationError, match="inte publicerad"):
        plan_withdraw(plan=plan, acting_user=director)
    again = plan_publish(plan=plan, acting_user=director, now=at + datetime.timedelta(days=1))
    assert again.pk != withdrawn.pk and again.slug == withdrawn.slug
    assert list(Publication.objects.public()) == [again]
    actions = list(AuditEvent.objects.filter(details__slug="verksamhetsplan-2018").order_by("at", "pk"))
    assert [event.action for event in actions] == ["published", "publication_withdrawn", "published"]
    assert actions[1].at == at


def test_a_withdrawal_cannot_precede_the_publication(plan):
    publication = Publication.objects.get()
    publication.withdrawn_at = publication.published_at - datetime.timedelta(seconds=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        publication.save()


def test_loading_the_demo_again_publishes_nothing_more_and_never_undoes_a_withdrawal(plan, director):
    call_command("load_demo", verbosity=0)
    assert Publication.objects.count() == 1
    plan_withdraw(plan=plan, acting_user=director)
    call_command("load_demo", verbosity=0)
    assert Publication.objects.count() == 1
    assert not Publication.objects.public().exists()


def _list_queries(client) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/publicerat/").status_code == 200
    return len(queries)


def test_the_list_reads_the_same_number_of_queries_for_1_and_21_documents(plan, director):
    client = Client()
    one = _list_queries(client)
    for year in range(1990, 2010):
        plan_publish(plan=adopted_plan(year), acting_user=director)
    assert len(public_listing().documents) == 21
    html = client.get("/publicerat/").content.decode()
    assert html.count('type="application/pdf"') == 21
    assert html.index("Verksamhetsplan 2018") < html.index("Verksamhetsplan 2009") < html.index("Verksamhetsplan 1990")
    assert _list_queries(client) == one
