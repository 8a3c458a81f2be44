"""Skövde 2009's own goals, entered through the förbundschef's pages exactly as the seed writes them,
reach the plan's block and its PDF as written."""

import pytest
from django.urls import reverse

from goals.models import ForbundGoal, GoalIntroduction, GoalKind
from plans.models import Block, Plan
from plans.pdf import render_document_pdf
from plans.selectors import plan_document
from plans.services import section_add
from tests.plans.pdfutil import normalized, pdf_text

pytestmark = pytest.mark.django_db

OVERALL = (
    "Det övergripande målet för samverkan/samarbete inom rehabiliteringsområdet är att samhällets resurser används "
    "på ett effektivare sätt och till större nytta för den enskilde. Det innebär att:\n\n"
    "- ur ett individperspektiv erbjuda personer med behov av samordnad rehabilitering ett individuellt processtöd "
    "där samhällets samlade kompetenser, insatser och lösningar står till förfogande. Det förväntade resultatet är "
    "ökade möjligheter till egen försörjning, ökad hälsa och livskvalitet\n"
    "- ur ett samhällsperspektiv optimera samhällets samlade resurser genom att arbetskraftsresurserna tas i anspråk "
    "och fler kommer i arbete. Det förväntade resultatet är en större effektivitet och att resurser frigörs till "
    "angelägna behov om fler rehabiliteras"
)
OPERATIONAL_INTRO = (
    "Genom den samverkan och de insatser samordningsförbundet bidrar till att utveckla för aktuell målgrupp skall:"
)
OPERATIONAL = [
    "samverkan öka mellan samverkansparterna",
    "självförsörjningen öka",
    "anställningsbarheten öka",
    "ohälsotalen minska.",
]
FINANCIAL_INTRO = (
    "Samordningsförbundets verksamhet skall ha en effektiv och ansvarsfull användning av de medel som ställs till "
    "förbundets förfogande."
)
FINANCIAL = "Förbundet skall sträva efter en balanserad budget."


def _enter(client, kind, text, order):
    response = client.post(
        reverse("goals:create", kwargs={"year": 2009}),
        {"kind": kind, "first_year": 2009, "last_year": 2009, "text": text, "target_text": "", "order": order},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _introduce(client, kind, text):
    response = client.post(reverse("goals:introduction", kwargs={"year": 2009, "kind": kind}), {"text": text})
    assert response.status_code == 302


@pytest.fixture
def skovde_goals(client_for):
    client = client_for("forbundschef")
    _enter(client, GoalKind.OVERALL, OVERALL, 1)
    _introduce(client, GoalKind.OPERATIONAL, OPERATIONAL_INTRO)
    for order, text in enumerate(OPERATIONAL, 1):
        _enter(client, GoalKind.OPERATIONAL, text, order)
    _introduce(client, GoalKind.FINANCIAL, FINANCIAL_INTRO)
    _enter(client, GoalKind.FINANCIAL, FINANCIAL, 1)
    return client


def test_skovdes_three_kinds_are_stored_as_written(skovde_goals):
    goals = ForbundGoal.objects.filter(first_year=2009).order_by("order")
    stored = {kind: list(goals.filter(kind=kind).values_list("text", flat=True)) for kind in GoalKind}
    assert stored == {
        GoalKind.OVERALL: [OVERALL],
        GoalKind.OPERATIONAL: OPERATIONAL,
        GoalKind.FINANCIAL: [FINANCIAL],
        GoalKind.REGIONAL: [],
    }
    assert not goals.exclude(measure="").exists()  # text goals: no number was read into them
    assert GoalIntroduction.objects.get(year=2009, kind=GoalKind.OPERATIONAL).text == OPERATIONAL_INTRO

    page = skovde_goals.get(reverse("goals:year", kwargs={"year": 2009})).content.decode()
    assert page.index("Övergripande mål") < page.index("Verksamhetsmål") < page.index("Finansiellt mål")
    assert "samverkan öka mellan samverkansparterna" in page and "Uppgift saknas" in page


def test_skovdes_goals_reach_the_plan_and_its_pdf_as_written(skovde_goals, tmp_path):
    plan = Plan.objects.create(first_year=2009, last_year=2009)
    section_add(plan=plan, title="Mål för samordningsförbundet", block=Block.FORBUND_GOALS)
    document = plan_document(plan)
    html = next(section.block_html for section in document.sections if section.block == Block.FORBUND_GOALS)
    assert "<li>samverkan öka mellan samverkansparterna</li>" in html
    assert "<li>ur ett individperspektiv erbjuda" in html, html  # the övergripande mål's own bullet points
    assert html.index("Övergripande mål") < html.index(OPERATIONAL_INTRO) < html.index("Finansiellt mål")
    assert "Uppföljning av förbundets mål" not in html  # nothing followed up yet: no outcome table

    pdf, pages = render_document_pdf(document)
    text = normalized(pdf_text(pdf))
    for phrase in ["Övergripande mål", "samverkan öka mellan samverkansparterna", "ohälsotalen minska.", FINANCIAL]:
        assert phrase in text
    (tmp_path / "skovde.pdf").write_bytes(pdf)
