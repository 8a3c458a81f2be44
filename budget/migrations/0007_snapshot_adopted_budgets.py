from django.db import migrations


def snapshot_adopted_budgets(apps, schema_editor):
    """Store what each budget adopted before snapshots were kept shows now, so that its page stays so."""
    Budget = apps.get_model("budget", "Budget")
    if not Budget.objects.filter(status="faststalld", adopted_snapshot__isnull=True).exists():
        return  # a new database, or one migrated before: nothing to freeze
    # The snapshot must be exactly what the page shows at this moment, so it is taken by the
    # app's own code (the page's), not by a copy of it written for the historical models.
    from budget.services import budgets_snapshot_adopted

    budgets_snapshot_adopted()


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0006_budget_adopted_snapshot"),
        ("governance", "0003_year_and_date_ranges"),
        ("projects", "0004_year_and_date_ranges"),
    ]

    operations = [migrations.RunPython(snapshot_adopted_budgets, migrations.RunPython.noop)]
