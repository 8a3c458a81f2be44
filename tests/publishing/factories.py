"""Adopted plans made directly (no layout: a copy of the demo's adopted document and PDF), for publishing tests."""

import datetime

from django.utils import timezone

from plans.models import Plan, PlanVersion


def adopted_plan(year: int) -> Plan:
    """Return a plan for `year`, adopted, whose adopted version is a copy of the demo's 2018 one."""
    demo = PlanVersion.objects.get(plan__first_year=2018, is_adoption=True)
    plan = Plan.objects.create(
        first_year=year, last_year=year, status=Plan.Status.ADOPTED, adopted_on=datetime.date(year, 3, 23)
    )
    PlanVersion.objects.create(
        plan=plan, number=1, sent_at=timezone.now(), is_adoption=True, document={**demo.document, "years": str(year)},
        pdf=bytes(demo.pdf), pdf_pages=demo.pdf_pages,
    )  # fmt: skip
    return plan
