"""Sections as a numbered tree, the lock, versions, next year's copy, no lost update."""

import datetime

import pytest

from core.revisions import StaleWriteError
from plans.checklist import plan_readiness
from plans.models import Plan, PlanVersion, Section
from plans.selectors import flatten, section_tree
from plans.services import (
    PlanLockedError,
    SectionMoveError,
    plan_adopt,
    plan_copy_to_next_year,
    plan_create,
    plan_send_to_board,
    section_add,
    section_delete,
    section_move,
    section_update,
)
from tests.helpers import open_items

pytestmark = pytest.mark.django_db


def numbered(plan):
    return [f"{node.number} {node.section.title}" for node in flatten(section_tree(plan))]


def build(plan, outline):
    """Build sections from [(title, [(title, [...]), ...]), ...]."""

    def add(items, parent=None):
        for title, children in items:
            section = section_add(plan=plan, title=title, parent=parent, body=f"Text om {title}.")
            add(children, section)

    add(outline)


def test_sections_are_numbered_from_their_order():
    plan = plan_create(first_year=2030)
    build(plan, [("Verksamhet", [("Ändamål", []), ("Medlemmar", [])]), ("Budget", [("Intäkter", [("Medel", [])])])])
    assert numbered(plan) == ["1 Verksamhet", "1.1 Ändamål", "1.2 Medlemmar", "2 Budget", "2.1 Intäkter", "2.1.1 Medel"]


def test_move_indent_outdent_delete():
    plan = plan_create(first_year=2030)
    build(plan, [("A", []), ("B", []), ("C", [])])
    by_title = {section.title: section for section in plan.sections.all()}

    section_move(section=by_title["C"], direction="up")
    assert numbered(plan) == ["1 A", "2 C", "3 B"]
    section_move(section=by_title["C"], direction="indent")
    assert numbered(plan) == ["1 A", "1.1 C", "2 B"]
    section_move(section=by_title["B"], direction="indent")
    assert numbered(plan) == ["1 A", "1.1 C", "1.2 B"]
    section_move(section=by_title["B"], direction="indent")
    assert numbered(plan) == ["1 A", "1.1 C", "1.1.1 B"]
    with pytest.raises(SectionMoveError):
        section_move(section=Section.objects.get(pk=by_title["B"].pk), direction="indent")  # no sibling before
    section_move(section=Section.objects.get(pk=by_title["C"].pk), direction="outdent")
    assert numbered(plan) == ["1 A", "2 C", "2.1 B"]
    with pytest.raises(SectionMoveError):
        section_move(section=Section.objects.get(pk=by_title["A"].pk), direction="up")
    section_delete(section=Section.objects.get(pk=by_title["C"].pk))
    assert numbered(plan) == ["1 A"]
    assert not Section.objects.filter(title="B").exists()  # went with its parent


def test_three_levels_at_most():
    plan = plan_create(first_year=2030)
    build(plan, [("A", [("B", [("C", [])])])])
    with pytest.raises(SectionMoveError):
        section_add(plan=plan, title="D", parent=Section.objects.get(plan=plan, title="C"))
    build(plan, [("E", [("F", [("G", [])])])])
    with pytest.raises(SectionMoveError):  # E with its grandchild would sink to levels 2 to 4
        section_move(section=Section.objects.get(plan=plan, title="E"), direction="indent")


def test_second_save_of_the_same_section_is_refused(users):
    section = Section.objects.filter(plan__first_year=2019).first()
    opened_by_both = section.revision
    section_update(section=section, title=section.title, body="Anna skrev", expected_revision=opened_by_both,
                   acting_user=users["forbundschef"])  # fmt: skip
    with pytest.raises(StaleWriteError) as conflict:
        section_update(section=section, title=section.title, body="Bertil skrev",
                       expected_revision=opened_by_both, acting_user=users["forbundschef"])  # fmt: skip
    assert conflict.value.current.body == "Anna skrev"
    assert Section.objects.get(pk=section.pk).body == "Anna skrev"


def test_adopted_plan_refuses_every_write(users):
    plan = Plan.objects.get(first_year=2018)
    section = plan.sections.first()
    user = users["forbundschef"]
    attempts = [
        lambda: section_add(plan=plan, title="Nytt"),
        lambda: section_update(
            section=section, title="x", body="x", expected_revision=section.revision, acting_user=user
        ),  # fmt: skip
        lambda: section_delete(section=section),
        lambda: section_move(section=section, direction="down"),
        lambda: plan_send_to_board(plan=plan, acting_user=user, acknowledged=open_items(plan)),
        lambda: plan_adopt(plan=plan, acting_user=user, adopted_on=datetime.date(2018, 6, 1)),
    ]
    for attempt in attempts:
        with pytest.raises(PlanLockedError):
            attempt()
    assert plan.versions.count() == 2
    assert Section.objects.get(pk=section.pk).title == section.title


def test_sending_freezes_numbered_versions(users):
    plan = Plan.objects.get(first_year=2019)
    first = plan_send_to_board(plan=plan, acting_user=users["forbundschef"], acknowledged=open_items(plan))
    second = plan_send_to_board(plan=plan, acting_user=users["forbundschef"], acknowledged=open_items(plan))
    assert (first.number, second.number) == (1, 2)
    assert bytes(first.pdf).startswith(b"%PDF") and first.pdf_pages > 3
    assert first.document["status_line"].startswith("Utkast, version 1, ")
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.SENT


def test_next_year_copy_keeps_sections_text_and_blocks():
    plan = Plan.objects.get(first_year=2018)
    copy = Plan.objects.get(first_year=2019)
    assert copy.copied_from == plan
    assert numbered(copy) == [heading.replace("2018", "2019") for heading in numbered(plan)]
    assert "3.1 Arbetsåret 2019" in numbered(copy) and "6 Budget 2019" in numbered(copy)
    assert "Avsnitt 4.2 År 2019 nämner fortfarande 2018; kontrollera att texten gäller 2019." in plan_readiness(copy)

    def contents(p):
        return [
            (node.section.body, [(b.position, b.kind, b.param, b.project_id) for b in node.section.blocks.all()])
            for node in flatten(section_tree(p))
        ]

    assert contents(copy) == contents(plan)
    assert copy.status == Plan.Status.DRAFT and not copy.versions.exists()
    span = plan_copy_to_next_year(plan=plan_create(first_year=2007, last_year=2008))
    assert span.title == "Verksamhetsplan 2009–2010"


def test_readiness_names_empty_sections():
    plan = plan_create(first_year=2030)
    section_add(plan=plan, title="Tomt")
    with_block = section_add(plan=plan, title="Bara data", block="board")
    assert plan_readiness(plan) == [
        "Avsnitt 1 Tomt är tomt.",
        "Ingen mandatperiod omfattar 2030: mandatperioden 2015–2018 löpte ut 2018-12-31. "
        "Skapa mandatperioden 2027–2030 under Styrelse.",
        "Kalendariet för 2030 saknas.",
        "Det finns ingen budget för 2030.",
    ]
    assert [block.kind for block in with_block.blocks.all()] == ["board"]
    assert plan_readiness(plan_create(first_year=2031))[0] == "Planen har inga avsnitt."


def test_readiness_reads_the_data_of_the_plan_year(users):
    from budget.models import Budget, Contribution
    from projects.models import Goal, Project
    from tests.budget.factories import readopt

    plan = Plan.objects.get(first_year=2018)
    # The adopted demo plan was ready but for what the seed itself shows: Arbetsförmedlingen's deputy seat
    # is vacant, the calendar lists a fair of the autumn before, and the demo records the adoption of
    # 2019's calendar only.
    assert plan_readiness(plan) == [
        "I mandatperioden 2015–2018 är 1 plats vakant: Arbetsförmedlingen (1). Fyll i den under Ändra styrelsen.",
        "Kalendariet för 2018 har 1 post med ett datum utanför 2018 (2017-10-24 Mässa, mingel & föreläsningar); "
        "kontrollera att den hör till årets kalendarium.",
        "Kalendariet för 2018 är inte fastställt av styrelsen.",
    ]
    Contribution.objects.filter(budget__year=2018, member__name="Försäkringskassan").update(amount=1_000_000)
    readopt(Budget.objects.get(year=2018))  # an adopted budget is read as adopted: as if adopted so
    Goal.objects.filter(project__name="Mottagningsteamet").update(measure="", target=None)
    problems = plan_readiness(plan)
    assert any(problem.startswith("Budget 2018: ") and "hälften" in problem for problem in problems), problems
    assert "Insatsen Mottagningsteamet saknar mätbart mål." in problems
    assert Budget.objects.filter(year=2018).exists() and Project.objects.filter(name="Samverkansteamet").exists()


def test_demo_plan_is_adopted_at_the_march_meeting():
    plan = Plan.objects.get(first_year=2018)
    assert plan.status == Plan.Status.ADOPTED
    assert plan.adopted_on == datetime.date(2018, 3, 23)
    assert PlanVersion.objects.filter(plan=plan, is_adoption=True).count() == 1
    assert len(numbered(plan)) == 30


SKOVDE_2009 = [
    ("Inledning", []),
    ("Syfte", []),
    ("Organisation", []),
    ("Mål för samordningsförbundet", [("Övergripande mål", []), ("Verksamhetsmål", []), ("Finansiellt mål", [])]),
    ("Pågående uppdrag", []),
    ("Uppdrag klara att starta i januari 2009", []),
    ("På planeringsstadiet", []),
]
VANERSBORG_2007 = [
    ("Inledning", []),
    (
        "Insatser 2007",
        [
            ("Kunskapsinsatser", []),
            ("Försöksverksamheter och utvecklingsprojekt/aktiviteter", []),
            ("Övriga insatser", []),
        ],
    ),
]


@pytest.mark.parametrize(
    ("years", "outline", "expected"),
    [
        (
            (2009, 2009),
            SKOVDE_2009,
            [
                "1 Inledning",
                "2 Syfte",
                "3 Organisation",
                "4 Mål för samordningsförbundet",
                "4.1 Övergripande mål",
                "4.2 Verksamhetsmål",
                "4.3 Finansiellt mål",
                "5 Pågående uppdrag",
                "6 Uppdrag klara att starta i januari 2009",
                "7 På planeringsstadiet",
            ],
        ),  # fmt: skip
        (
            (2007, 2008),
            VANERSBORG_2007,
            [
                "1 Inledning",
                "2 Insatser 2007",
                "2.1 Kunskapsinsatser",
                "2.2 Försöksverksamheter och utvecklingsprojekt/aktiviteter",
                "2.3 Övriga insatser",
            ],
        ),  # fmt: skip
    ],
)
def test_other_forbunds_plans_fit_as_section_trees(years, outline, expected):
    Plan.objects.filter(first_year=years[0]).delete()
    plan = plan_create(first_year=years[0], last_year=years[1])
    build(plan, outline)
    assert numbered(plan) == expected
    assert [problem for problem in plan_readiness(plan) if problem.startswith("Avsnitt")] == []


def test_the_lock_is_the_one_document_lock_and_the_permission_reads_it(users):
    from core.revisions import DocumentLockedError
    from plans.permissions import can_edit_plan
    from plans.services import plan_ensure_editable

    adopted, draft = Plan.objects.get(first_year=2018), Plan.objects.get(first_year=2019)
    assert issubclass(PlanLockedError, DocumentLockedError)
    with pytest.raises(PlanLockedError, match="Verksamhetsplan 2018 är fastställd och kan inte ändras."):
        plan_ensure_editable(plan=adopted)
    assert plan_ensure_editable(plan=draft) == draft
    assert can_edit_plan(users["forbundschef"], draft) and not can_edit_plan(users["forbundschef"], adopted)
    assert not can_edit_plan(users["styrelse"], draft)


def test_saving_a_section_keeps_a_move_made_meanwhile_and_refuses_a_deleted_one(users):
    plan = plan_create(first_year=2030)
    build(plan, [("A", []), ("B", [])])
    opened = Section.objects.get(plan=plan, title="B")  # the page is opened …
    section_move(section=opened, direction="up")  # … someone moves the section …
    section_update(section=opened, title="B", body="Ny text", expected_revision=opened.revision,
                   acting_user=users["forbundschef"])  # fmt: skip
    assert numbered(plan) == ["1 B", "2 A"]  # … and the save keeps the move
    assert Section.objects.get(pk=opened.pk).revision == 2
    section_delete(section=Section.objects.get(pk=opened.pk))  # someone deletes it while it is open
    with pytest.raises(StaleWriteError) as gone:
        section_update(section=opened, title="B", body="Sent", expected_revision=2,
                       acting_user=users["forbundschef"])  # fmt: skip
    assert gone.value.current is None
