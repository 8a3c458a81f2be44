"""The live data blocks: whose board a plan names, and the PROJECT block's insats."""

import datetime
import os

import pytest
from django.core.management import call_command

from budget.models import CostLine
from governance.models import MandatePeriod, Organisation
from governance.services import mandate_period_create
from plans.checklist import plan_readiness
from plans.models import Plan, Section, SectionBlock
from plans.selectors import Document, plan_document
from plans.services import section_add
from projects.models import Project
from tests.databases import empty_database
from tests.governance.factories import AuditorFactory, BoardSeatFactory, MemberFactory, StaffPositionFactory
from tests.helpers import manage

pytestmark = pytest.mark.django_db


def _blocks(plan) -> dict[str, str]:
    return {section.title: section.block_html for section in plan_document(plan).sections if section.block}


def _terms_from(month: int, day: int) -> MandatePeriod:
    """Make the förbund's terms start on `day` `month`: the demo's 2014 term re-dated, the 2018 term entered."""
    organisation = Organisation.objects.current()
    organisation.term_start_month, organisation.term_start_day = month, day
    organisation.full_clean()
    organisation.save()
    old = organisation.term_after_election(2014)
    MandatePeriod.objects.filter(election_year=2014).update(starts_on=old.starts_on, ends_on=old.ends_on)
    return mandate_period_create(organisation=organisation, election_year=2018, acting_user=None)


@pytest.mark.parametrize(
    ("month", "day", "title"),
    [
        (9, 1, "2019–2023"),  # a förbund whose term starts 1 September: the 1 July rule picked the 2014 term
        (1, 1, "2019–2022"),  # SOFINT
        (4, 1, "2019–2023"),  # the national guidance
    ],
)
def test_the_plan_names_the_board_of_the_term_running_on_the_term_start_day_of_its_first_year(month, day, title):
    new_term = _terms_from(month, day)
    BoardSeatFactory(period=new_term, person__name="Nyvald Ledamot")
    AuditorFactory(period=new_term, person__name="Nyvald Revisor")
    plan = Plan.objects.get(first_year=2019)
    section_add(plan=plan, title="Revisorerna", block="audit")

    blocks = _blocks(plan)

    assert f"Styrelsen {title} – ordinarie ledamöter" in blocks["Styrelse"]
    assert "Nyvald Ledamot" in blocks["Styrelse"]
    assert "Susanne Karlsson" not in blocks["Styrelse"]  # the 2014 term's chair
    assert f"Revisionen {title}" in blocks["Revisorerna"] and "Nyvald Revisor" in blocks["Revisorerna"]


def test_members_and_office_are_those_of_the_term_start_day():
    _terms_from(9, 1)
    MemberFactory(name="Nykomna kommun", active_from=datetime.date(2019, 8, 1))
    MemberFactory(name="Utträdd kommun", active_to=datetime.date(2019, 8, 31))
    StaffPositionFactory(person__name="Ny Samordnare", active_from=datetime.date(2019, 8, 15))
    plan = Plan.objects.get(first_year=2019)
    section_add(plan=plan, title="Kansliet", block="office")

    blocks = _blocks(plan)

    assert "Nykomna kommun" in blocks["Medlemmar"] and "Utträdd kommun" not in blocks["Medlemmar"]
    assert "Ny Samordnare" in blocks["Kansliet"]


def test_the_project_block_shows_the_insats_it_names_by_key_and_says_when_it_is_gone():
    plan = Plan.objects.get(first_year=2019)
    section = plan.sections.get(title="Samverkansteamet")
    block = section.blocks.get()
    assert block.project.name == "Samverkansteamet" and block.param == ""
    Project.objects.filter(pk=block.project_id).update(name="Samverkansteamet Norr")  # a rename keeps the link
    assert "Samverkansteamet Norr i korthet" in _blocks(plan)["Samverkansteamet"]

    CostLine.objects.filter(project=block.project_id).update(project=None)  # budget lines protect what they fund
    Project.objects.filter(pk=block.project_id).delete()  # SET_NULL: the draft loses the block's insats …
    block.refresh_from_db()
    assert block.project is None
    assert 'Insatsen "Samverkansteamet" finns inte i sofint.' in _blocks(plan)["Samverkansteamet"]
    assert (
        "Avsnitt 4.3.1 Samverkansteamet: insatsen i datablock 1 (Samverkansteamet) finns inte längre i sofint; "
        "välj en annan eller ta bort blocket." in plan_readiness(plan)
    )
    # … while the adopted plan keeps it, frozen in its version.
    adopted = Plan.objects.get(first_year=2018).versions.get(is_adoption=True).document
    assert any("Samverkansteamet i korthet" in s.block_html for s in Document.from_json(adopted).sections)


MIGRATE_FROM_ONE_BLOCK = """
from django.core.management import call_command
from django.db.migrations.executor import MigrationExecutor
from django.db import connection
call_command("migrate", "plans", "0007_plan_titles_and_section_blocks", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(("plans", "0007_plan_titles_and_section_blocks")).apps
Plan, Section = old.get_model("plans", "Plan"), old.get_model("plans", "Section")
Project = old.get_model("projects", "Project")
plan = Plan.objects.create(first_year=2019, last_year=2019)
team = Project.objects.create(name="Mottagningsteamet", kind="individ", status="pagaende")
Section.objects.create(plan=plan, title="A", block="project", project=team, revision=1)
Section.objects.create(plan=plan, title="B", block="project", block_param="Finns inte", revision=1)
Section.objects.create(plan=plan, title="C", block="budget_costs", block_param="utan-diagram", revision=1)
Section.objects.create(plan=plan, title="D", revision=1)
call_command("migrate", verbosity=0)
from plans.models import SectionBlock
for block in SectionBlock.objects.order_by("section__title"):
    print(block.section.title, block.position, block.kind, block.project_id and block.project.name, repr(block.param),
          repr(block.reference_label))
"""


def test_the_migration_makes_each_single_block_its_sections_first_block():
    url, drop = empty_database()
    try:
        result = manage({**os.environ, "DATABASE_URL": url}, "shell", "-c", MIGRATE_FROM_ONE_BLOCK, timeout=300)
    finally:
        drop()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-4:] == [
        "A 0 project Mottagningsteamet '' 'Mottagningsteamet'",
        "B 0 project None '' 'Finns inte'",  # the name typed once, so the block says what it sought
        "C 0 budget_costs None 'utan-diagram' ''",
        "",
    ]


def test_the_demo_loads_twice_with_its_project_blocks_linked():
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    for year in (2018, 2019):
        linked = SectionBlock.objects.filter(section__plan__first_year=year, kind="project").order_by(
            "section__position"
        )
        assert [(block.section.title, block.project.name) for block in linked] == [
            ("Samverkansteamet", "Samverkansteamet"),
            ("Mottagningsteamet", "Mottagningsteamet"),
        ]
    assert Plan.objects.count() == 2 and Section.objects.filter(plan__first_year=2018).count() == 30
