"""Samordningsförbundet Vänersborg/Mellerud's plan for 2007 (the seed), entered from an empty installation.

The plan names no organisationsnummer, no board and no amounts: none are entered, and the
adopted PDF says what is missing rather than inventing it. It was "Antagen av
samordningsförbundet Vänersborg/Mellerud, Datum: 20070111", at a meeting sofint never had.
"""

import pytest

from governance.models import Member, Organisation
from plans.models import Block

from .filling import submit
from .seeding import add, adopt, adopted_pdf_text, change, missing, plan_create, section, set_up, target_group

pytestmark = pytest.mark.django_db

FORBUND = "Samordningsförbundet Vänersborg/Mellerud"
MEMBERS = [
    ("Försäkringskassan", Member.Kind.FORSAKRINGSKASSAN),
    ("Arbetsförmedlingen", Member.Kind.ARBETSFORMEDLINGEN),
    ("Västra Götalandsregionen", Member.Kind.REGION),
    ("Vänersborgs kommun", Member.Kind.KOMMUN),
    ("Melleruds kommun", Member.Kind.KOMMUN),
]
INTRODUCTION = (
    "Samordningsförbundet Vänersborg/Mellerud bildades den 1 mars 2006 i enlighet med lagen 2003:1210 om finansiell "
    "samordning inom rehabiliteringsområdet. Samverkande parter är Vänersborgs och Melleruds kommun, "
    "Försäkringskassan, Arbetsförmedlingen och Västra Götalandsregionen.\n\n"
    "[[datablock 1]]\n\n"
    'Devisen för samverkan *"att ägas lokalt och stöttas centralt"* är en viktig utgångspunkt för förbundets '
    "arbete.\n\n"
    "De målgrupper som föreslagits prioriteras initialt enligt förbundsordning och avsiktsförklaringen inför "
    "förbundets bildande är ungdomar 18-29 år och invandrare 30-40 år.\n\n"
    "[[datablock 2]]\n\n"
    "Den 30 november beslutade förbundet budget för 2007."
)
YOUNG = "Ungdomar 18-29 år"
IMMIGRANTS = "Invandrare 30-40 år"
GROUP_TEXT = (
    'Yngre personer samt invandrare 30-40 som har relativt "nära" till att komma in på arbetsmarknaden eller '
    "påbörja utbildning och som är aktuell hos fler än en myndighet."
)
INSATSER = (
    "Följande områden har tydliggjorts vilka anses viktiga att vidareutveckla.\n\n"
    "- Utveckla insatser för individuellt stöd i rehabiliteringsprocessen.\n"
    '- Utveckla praktik och "lärlingsplatser".\n'
    "- Fortsatt kartläggning av behovsgrupper"
)
TRIALS = (
    "Följande försöksverksamheter kommer initieras under 2007.\n\n"
    "- *I syfte att förstärka samverkan i samverkansgrupperna och utveckla det individuella processtödet för "
    "individerna i de aktuella målgrupperna kommer förbundet bidra till anställning av coacher som arbetar "
    "kopplat till samverkansgrupperna.*\n"
    '- *Utveckling av "för-rehabilitering".*'
)


@pytest.fixture
def entered(empty_installation, client):
    """The whole plan, entered by its förbundschef ("ansvarig tjänsteman" in the plan) in sofint's pages."""
    director = set_up(name=FORBUND, short_name="Vänersborg/Mellerud", username="tjansteman",
                      full_name="Ansvarig tjänsteman")  # fmt: skip
    client.force_login(director)
    start = client.get("/").content.decode()
    assert "Kom igång" in start

    organisation = Organisation.objects.get()
    change(client, "governance.organisation", organisation.pk, {"founded_on": "2006-03-01"})
    for name, kind in MEMBERS:
        add(client, "governance.member", {"name": name, "kind": kind})
    target_group(client, name=YOUNG, description=GROUP_TEXT, year=2007, position=1, ages=(18, 29))
    target_group(client, name=IMMIGRANTS, description=GROUP_TEXT, year=2007, position=2, ages=(30, 40))

    plan = plan_create(client, first_year=2007, given_title="Verksamhetsplan 2007", subtitle=FORBUND,
                       document_date="2007-01-11")  # fmt: skip
    section(client, plan, title="Inledning", body=INTRODUCTION,
            blocks=[{"kind": Block.ORGANISATION}, {"kind": Block.TARGET_GROUPS}])  # fmt: skip
    insatser = section(client, plan, title="Insatser 2007", body=INSATSER)
    section(client, plan, title="Försöksverksamheter och utvecklingsprojekt/aktiviteter", body=TRIALS,
            parent=insatser)  # fmt: skip
    adopt(client, plan, adopted_on="2007-01-11", reference="Antagen av samordningsförbundet Vänersborg/Mellerud")
    return client, plan


def test_every_fact_of_the_plan_reaches_the_adopted_pdf_and_nothing_is_invented(entered):
    client, plan = entered
    text = adopted_pdf_text(client, plan)
    facts = [
        "Verksamhetsplan 2007", FORBUND, "Datum: 2007-01-11", "2007-01-11",
        "Antagen av samordningsförbundet Vänersborg/Mellerud", "Organisationsnummer saknas",
        *[name for name, _kind in MEMBERS], YOUNG, IMMIGRANTS, GROUP_TEXT,
        "att ägas lokalt och stöttas centralt", "Den 30 november beslutade förbundet budget för 2007.",
        "1 Inledning", "2 Insatser 2007", "2.1 Försöksverksamheter och utvecklingsprojekt/aktiviteter",
        "Utveckla praktik och \"lärlingsplatser\".", "Utveckling av \"för-rehabilitering\".",
    ]  # fmt: skip
    assert missing(text, facts) == []
    # The blocks stand where the text placed them: members after the first paragraph, target groups after the fourth.
    assert text.index("Samverkande parter") < text.index("Melleruds kommun", text.index("Samverkande parter") + 200)
    assert text.index("avsiktsförklaringen") < text.index(GROUP_TEXT[:40]) < text.index("Den 30 november")
    assert Organisation.objects.get().org_number == ""


def test_the_plan_page_says_how_it_was_adopted(entered):
    client, plan = entered
    page = client.get(f"/planer/{plan.pk}/").content.decode()
    assert "Antagen av samordningsförbundet Vänersborg/Mellerud" in page and "2007-01-11" in page


def test_a_unit_owner_without_a_member_is_refused_and_nothing_is_saved(entered):
    client, _plan = entered
    response = submit(
        client, "/insatser/ny/",
        {"name": "Coacher i samverkansgrupperna", "kind": "individ", "owners-0-unit": "Samverkansgruppen",
         "owners-0-member": ""},
        refused=True,
    )  # fmt: skip
    assert "Ange vilken medlem enheten" in response.content.decode()
    from projects.models import Project

    assert not Project.objects.exists()
