import pytest
from django.db import transaction

from plans.models import Plan, PlanVersion
from plans.pdf import render_document_pdf
from plans.selectors import plan_document
from tests.growth import grow_all

FACTOR = 20


@pytest.fixture(scope="session")
def plan_pdfs(django_db_setup, django_db_blocker) -> dict[str, bytes]:
    """The demo's PDFs and a 20× plan's, made once for the session (layout takes seconds each).

    The stored ones as the board got them (every version sent, the adopted one last), each draft
    as a download makes it, and the adopted plan's text with 20 times the demo's data, laid out
    both as a draft and as it would be stored (inside a transaction rolled back after).
    """
    with django_db_blocker.unblock():
        pdfs = {}
        for version in PlanVersion.objects.select_related("plan").order_by("plan__first_year", "number"):
            kind = "fastställd" if version.is_adoption else f"version {version.number}"
            pdfs[f"{version.plan.first_year} {kind}"] = bytes(version.pdf)
        for plan in (plan for plan in Plan.objects.order_by("first_year") if not plan.is_adopted):
            pdfs[f"{plan.first_year} utkast"] = render_document_pdf(plan_document(plan))[0]
        adopted = PlanVersion.objects.get(plan__first_year=2018, is_adoption=True)
        with transaction.atomic():
            grow_all(factor=FACTOR)
            document = plan_document(adopted.plan)
            pdfs[f"2018 med {FACTOR}× data"] = render_document_pdf(document)[0]
            pdfs[f"2018 med {FACTOR}× data, arkiv"] = render_document_pdf(document, archival=True)[0]
            transaction.set_rollback(True)
    return pdfs
