"""Writes: the adoption and the lock on every service, and the history they leave."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from budget import services
from budget.models import Budget, Contribution, CostCategory, CostLine, OverviewYear
from core.revisions import StaleWriteError
from governance.models import Member
from tests.budget.factories import BudgetFactory, ContributionFactory, CostLineFactory, OverviewYearFactory
from tests.core.factories import UserFactory
from tests.governance.factories import MemberFactory

ADOPTED_ON = datetime.date(2018, 3, 23)


@pytest.fixture
def draft(db):
    budget = BudgetFactory(year=2031)
    ContributionFactory(budget=budget)
    return budget


@pytest.fixture
def adopted(draft):
    return services.budget_adopt(budget=draft, adopted_on=ADOPTED_ON)


def test_new_budget_starts_as_draft_whatever_is_passed(db):
    budget = services.budget_save(budget=Budget(year=2031, status=Budget.Status.ADOPTED, adopted_on=ADOPTED_ON))
    budget.refresh_from_db()
    assert (budget.status, budget.adopted_on) == (Budget.Status.DRAFT, None)


def test_budget_save_checks_the_fields(db):
    with pytest.raises(ValidationError) as error:
        services.budget_save(budget=Budget(year=1999))
    assert "year" in error.value.message_dict


def test_adopt_records_the_date_and_who(draft):
    user = UserFactory()
    services.budget_adopt(budget=draft, adopted_on=ADOPTED_ON, acting_user=user)
    draft.refresh_from_db()
    assert draft.is_adopted and draft.adopted_on == ADOPTED_ON
    latest = draft.history.first()
    assert latest.status == Budget.Status.ADOPTED and latest.history_user == user


def test_adopted_budget_cannot_be_adopted_again(adopted):
    with pytest.raises(services.BudgetLockedError):
        services.budget_adopt(budget=adopted, adopted_on=ADOPTED_ON)


def test_lock_refuses_budget_save_and_delete(adopted):
    adopted.opening_equity = 1
    with pytest.raises(services.BudgetLockedError, match="är fastställd"):
        services.budget_save(budget=adopted)
    with pytest.raises(services.BudgetLockedError):
        services.budget_delete(budget=adopted)
    adopted.refresh_from_db()
    assert adopted.opening_equity == 0


def test_lock_is_judged_by_the_stored_row_not_the_object_in_hand(adopted):
    stale = Budget.objects.get(pk=adopted.pk)
    stale.status = Budget.Status.DRAFT  # a stale or tampered object
    with pytest.raises(services.BudgetLockedError):
        services.budget_save(budget=stale)


@pytest.mark.parametrize("kind", ["contribution", "cost_line", "overview_year"])
def test_lock_refuses_rows_of_an_adopted_budget(adopted, kind):
    row = {
        "contribution": lambda: Contribution(budget=adopted, member=MemberFactory(), amount=5),
        "cost_line": lambda: CostLine(budget=adopted, category=CostCategory.objects.first(), text="Ny", amount=5),
        "overview_year": lambda: OverviewYear(budget=adopted, year=adopted.year + 1),
    }[kind]()
    with pytest.raises(services.BudgetLockedError):
        services.budget_row_save(row=row)
    assert row.pk is None


def test_lock_refuses_changing_and_deleting_existing_rows(adopted):
    contribution = adopted.contributions.get()
    contribution.amount = 1
    with pytest.raises(services.BudgetLockedError):
        services.budget_row_save(row=contribution)
    with pytest.raises(services.BudgetLockedError):
        services.budget_row_delete(row=contribution)
    with pytest.raises(services.BudgetLockedError):
        services.contribution_set(budget=adopted, member=contribution.member, amount=2)
    contribution.refresh_from_db()
    assert contribution.amount == 100_000


def test_a_row_cannot_be_moved_out_of_an_adopted_budget(adopted):
    contribution = adopted.contributions.get()
    contribution.budget = BudgetFactory(year=2032)
    with pytest.raises(services.BudgetLockedError):
        services.budget_row_save(row=contribution)


def test_contribution_set_updates_the_one_row(draft):
    member = MemberFactory()
    services.contribution_set(budget=draft, member=member, amount=10)
    services.contribution_set(budget=draft, member=member, amount=20)
    assert list(Contribution.objects.filter(budget=draft, member=member).values_list("amount", flat=True)) == [20]


def test_contribution_is_unique_per_member_and_year(draft):
    existing = draft.contributions.get()
    with pytest.raises(ValidationError, match="redan ett bidrag"):
        services.budget_row_save(row=Contribution(budget=draft, member=existing.member, amount=1))


def test_overview_year_must_follow_the_budget_year(draft):
    with pytest.raises(ValidationError, match="åren efter budgetåret"):
        services.budget_row_save(row=OverviewYear(budget=draft, year=draft.year))


def test_services_record_history_with_the_user(draft):
    user = UserFactory()
    line = services.budget_row_save(
        row=CostLineFactory.build(budget=draft, category=CostCategory.objects.first()), acting_user=user
    )
    line.amount = 99
    services.budget_row_save(row=line, acting_user=user)
    history = list(line.history.all())
    assert [h.history_type for h in history] == ["~", "+"]
    assert {h.history_user for h in history} == {user}
    assert history[0].amount == 99


def test_draft_rows_can_be_deleted(draft):
    overview = OverviewYearFactory(budget=draft)
    services.budget_row_delete(row=overview)
    assert not OverviewYear.objects.filter(pk=overview.pk).exists()


def test_database_refuses_an_adopted_budget_without_a_date(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.create(year=2033, status=Budget.Status.ADOPTED, adopted_on=None)


def test_member_is_protected_while_it_has_contributions(draft):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Member.objects.filter(pk=draft.contributions.get().member_id).delete()


def test_import_command_all_or_nothing(demo, tmp_path):
    from django.core.management import CommandError, call_command

    Budget.objects.create(year=2019)
    good = tmp_path / "bidrag.csv"
    good.write_text("år;medlem;belopp\n2019;Nora kommun;5 000 kr\n", encoding="cp1252")
    call_command("import_contributions", str(good), "--dry-run")
    assert not Contribution.objects.filter(budget__year=2019).exists()
    call_command("import_contributions", str(good))
    assert Contribution.objects.get(budget__year=2019).amount == 5000
    bad = tmp_path / "fel.csv"
    bad.write_text("år;medlem;belopp\n2019;Nora kommun;6 000\n2019;Okänd;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 3: okänd medlem"):
        call_command("import_contributions", str(bad))
    assert Contribution.objects.get(budget__year=2019).amount == 5000


# --- No lost update: every write raises the row's revision, a stale one is refused --------------


@pytest.mark.parametrize("kind", ["contribution", "cost_line", "overview_year"])
def test_a_save_based_on_an_older_revision_is_refused(draft, kind):
    row = {
        "contribution": lambda: draft.contributions.get(),
        "cost_line": lambda: CostLineFactory(budget=draft),
        "overview_year": lambda: OverviewYearFactory(budget=draft),
    }[kind]()
    save = services.budget_row_save
    field = "personnel" if kind == "overview_year" else "amount"
    opened = row.revision  # both Anna and Bertil read this revision
    anna, bertil = type(row).objects.get(pk=row.pk), type(row).objects.get(pk=row.pk)

    setattr(anna, field, 111)
    save(row=anna, expected_revision=opened)
    assert type(row).objects.get(pk=row.pk).revision == opened + 1

    setattr(bertil, field, 222)
    with pytest.raises(StaleWriteError) as conflict:
        save(row=bertil, expected_revision=opened)
    assert getattr(conflict.value.current, field) == 111
    assert "ändrades av någon annan" in conflict.value.message
    stored = type(row).objects.get(pk=row.pk)
    assert (getattr(stored, field), stored.revision) == (111, opened + 1)

    # Based on the revision Anna left, Bertil's save goes through and raises it again.
    save(row=bertil, expected_revision=opened + 1)
    assert type(row).objects.get(pk=row.pk).revision == opened + 2


def test_a_delete_based_on_an_older_revision_is_refused(draft):
    line = CostLineFactory(budget=draft)
    opened = line.revision
    line.amount = 5
    services.budget_row_save(row=line)
    with pytest.raises(StaleWriteError):
        services.budget_row_delete(row=CostLine.objects.get(pk=line.pk), expected_revision=opened)
    assert CostLine.objects.filter(pk=line.pk).exists()
    services.budget_row_delete(row=CostLine.objects.get(pk=line.pk), expected_revision=opened + 1)
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_a_row_deleted_meanwhile_is_a_conflict_not_a_new_row(draft):
    line = CostLineFactory(budget=draft)
    stale = CostLine.objects.get(pk=line.pk)
    services.budget_row_delete(row=line)
    stale.amount = 7
    with pytest.raises(StaleWriteError) as conflict:
        services.budget_row_save(row=stale, expected_revision=stale.revision)
    assert conflict.value.current is None
    assert not CostLine.objects.filter(pk=line.pk).exists()


def test_writes_without_a_form_raise_the_revision_from_the_stored_one(draft):
    member = draft.contributions.get().member
    first = services.contribution_set(budget=draft, member=member, amount=10).revision
    stale_copy = Contribution.objects.get(budget=draft, member=member)
    services.contribution_set(budget=draft, member=member, amount=20)
    # An object in hand with an old counter still raises the stored one, never goes back.
    stale_copy.amount = 30
    services.budget_row_save(row=stale_copy)
    assert Contribution.objects.get(pk=stale_copy.pk).revision == first + 2
    assert CostLineFactory.build(budget=draft).revision == 1


def test_the_lock_comes_before_the_revision(adopted):
    row = adopted.contributions.get()
    with pytest.raises(services.BudgetLockedError):
        services.budget_row_save(row=row, expected_revision=row.revision + 5)


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_the_second_waits_and_is_refused(demo):
    """The check and the write of one save are one step for the other.

    PostgreSQL has row locks: the second save waits for the first to commit, then sees the
    new revision and is refused as a conflict. SQLite has no row locks but lets one
    transaction write at a time: the second save fails on the lock instead. Either way it is
    refused and the first save stands.
    """
    import threading

    from django.db import OperationalError, connection, transaction

    refused = (StaleWriteError,)
    if not connection.features.has_select_for_update:
        refused += (OperationalError,)
    line = CostLineFactory(budget=BudgetFactory(year=2031), amount=1)
    first_saved, bertil_opened, outcome = threading.Event(), threading.Event(), {}

    def anna():
        bertil_opened.wait(5)
        try:
            with transaction.atomic():
                services.budget_row_save(row=CostLine.objects.get(pk=line.pk), expected_revision=1)
                first_saved.set()
                threading.Event().wait(0.5)  # Bertil's save starts meanwhile and must wait for this commit
        finally:
            connection.close()

    def bertil():
        stale = CostLine.objects.get(pk=line.pk)  # the page Bertil opened before Anna saved
        stale.amount = 2
        bertil_opened.set()
        first_saved.wait(5)
        try:
            services.budget_row_save(row=stale, expected_revision=1)
        except refused as conflict:
            outcome["conflict"] = conflict
        finally:
            connection.close()

    threads = [threading.Thread(target=anna), threading.Thread(target=bertil)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert "conflict" in outcome
    line.refresh_from_db()
    assert (line.amount, line.revision) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_an_adoption_while_an_import_runs_waits_for_it_and_is_not_crossed(demo, monkeypatch):
    """The import locks the budgets its file names before it checks their adoption, until it has written.

    The import is paused between its check and its write; the adoption comes then.
    PostgreSQL has row locks: the adoption waits for the import to commit and is made
    after it, so the import never writes into a budget adopted after it looked (without
    the lock the adoption committed in between, and the import then wrote its rows into
    the adopted budget). SQLite has no row locks but lets one transaction write at a time,
    and the shared in-memory test database refuses a write to a table another transaction
    has read: the adoption is refused outright and the import goes through, the serial
    order this test then asserts.
    """
    import threading

    from django.db import OperationalError, connection, transaction

    budget = BudgetFactory(year=2031)
    ContributionFactory(budget=budget)
    member = MemberFactory(name="Nya kommunen")
    data = f"år;medlem;belopp\n2031;{member.name};5 000\n".encode()
    checked, go, outcome = threading.Event(), threading.Event(), {}
    create_batch = services.contributions_create_batch

    def create_batch_after_a_pause(**kwargs):
        checked.set()  # the budget is read and found a draft; nothing is written yet
        go.wait(10)
        create_batch(**kwargs)

    monkeypatch.setattr(services, "contributions_create_batch", create_batch_after_a_pause)

    def importer():
        try:
            result = services.contributions_import(data=data, file_name="bidrag.csv")
            outcome["import"] = services.import_messages(result) or "saved"
        except (OperationalError, ValidationError) as error:
            outcome["import"] = error
        finally:
            connection.close()

    def adopter():
        checked.wait(10)
        try:
            with transaction.atomic():
                services.budget_adopt(budget=Budget.objects.get(pk=budget.pk), adopted_on=ADOPTED_ON)
            outcome["adoption"] = "saved"
        except (OperationalError, ValidationError) as error:
            outcome["adoption"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=importer), threading.Thread(target=adopter)]
    for thread in threads:
        thread.start()
    assert checked.wait(10)
    threading.Event().wait(1)  # the adoption starts meanwhile: it must wait for the import, or be refused
    go.set()
    for thread in threads:
        thread.join(20)

    budget.refresh_from_db()
    imported = Contribution.history.filter(budget_id=budget.pk, member_id=member.pk)
    if connection.features.has_select_for_update:
        assert outcome == {"import": "saved", "adoption": "saved"}
        assert budget.is_adopted
        adoption = Budget.history.filter(id=budget.pk, status=Budget.Status.ADOPTED).get()
        assert imported.get().history_date < adoption.history_date  # written before the adoption, not after
    else:
        assert outcome["import"] == "saved" and isinstance(outcome["adoption"], OperationalError)
        assert not budget.is_adopted and imported.exists()
