"""The admin shows plans for reference, with what was stored at their adoption."""

import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_the_admin_shows_the_adoption_meeting_as_stored(client_for):
    plan = Plan.objects.get(first_year=2018)
    page = client_for("forbundschef").get(f"/admin/plans/plan/{plan.pk}/change/").content.decode()
    assert "mötets rubrik vid fastställandet" in page.lower() and "ÅRSREDOVISNING" in page
    version = plan.versions.get(is_adoption=True)
    page = client_for("revisor").get(f"/admin/plans/planversion/{version.pk}/change/").content.decode()
    assert "mötets datum då" in page.lower() and "2018-03-23" in page
