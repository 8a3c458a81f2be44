"""Steps a förbundschef takes to enter her förbund from an empty installation, through sofint's pages.

Each step opens the page a user would open and fills in its form (tests.entry.filling):
nothing is written to the database directly, and nothing the plan does not say is made up.
"""

import os
import re
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management import call_command

from plans.models import Plan, Section
from tests.plans.pdfutil import normalized, pdf_text, validator_findings

from .filling import inline_rows, submit

PASSWORD = "Ett-langt-losenord-2019"


def set_up(*, name: str, short_name: str, username: str, full_name: str, org_number: str = "", term_start="01-01"):
    """Run `setup_forbund` with flags, as the README's `make setup ARGS=…` does; return the förbundschef."""
    flags = [
        "--no-input", "--name", name, "--short-name", short_name, "--term-start", term_start,
        "--username", username, "--full-name", full_name, "--password", PASSWORD,
    ]  # fmt: skip
    if org_number:
        flags += ["--org-number", org_number]
    call_command("setup_forbund", *flags, stdout=_Sink())
    return User.objects.get(username=username)


class _Sink:
    def write(self, text):
        pass

    def flush(self):
        pass


def add(client, model: str, values: dict):
    """Add a row in the admin ("governance.member") as its add page offers it."""
    app, name = model.split(".")
    return submit(client, f"/admin/{app}/{name}/add/", values)


def change(client, model: str, pk: int, values: dict):
    app, name = model.split(".")
    return submit(client, f"/admin/{app}/{name}/{pk}/change/", values)


def target_group(client, *, name: str, description: str, year: int, position: int, ages=(None, None)):
    age_min, age_max = ages
    values = {"name": name, "description": description, "age_min": age_min or "", "age_max": age_max or ""}
    values.update(inline_rows("priorities", [{"year": year, "position": position}]))
    return add(client, "projects.targetgroup", values)


def plan_create(client, *, first_year: int, last_year: int | None = None, **details) -> Plan:
    values = {"first_year": first_year, "last_year": last_year or first_year, **details}
    submit(client, "/planer/ny/", values)
    return Plan.objects.get(first_year=first_year)


def section(client, plan: Plan, *, title: str, body: str = "", blocks=(), parent: Section | None = None) -> Section:
    """Add a section in the editor, then write its text and choose its data blocks on its own page.

    `blocks` are dicts of the block form's fields: {"kind": "target_groups"}, {"kind": "project",
    "project": pk}; the text places them with [[datablock N]] lines, or they follow it.
    """
    submit(client, f"/planer/{plan.pk}/redigera/", {"title": title, "parent": parent.pk if parent else ""})
    added = Section.objects.filter(plan=plan, title=title).latest("pk")
    # The page offers one new block row at a time: each save adds one, as a user adds them.
    url = f"/planer/{plan.pk}/avsnitt/{added.pk}/"
    submit(client, url, {"title": title, "body": body})
    for number, block in enumerate(blocks):
        submit(client, url, {f"datablock-{number}-{name}": value for name, value in block.items()})
    return added


def adopt(client, plan: Plan, *, adopted_on: str, meeting: int | str = "", reference: str = ""):
    submit(
        client, f"/planer/{plan.pk}/faststall/", {"adopted_on": adopted_on, "meeting": meeting, "reference": reference}
    )
    plan.refresh_from_db()
    assert plan.is_adopted
    return plan


def adopted_pdf_text(client, plan: Plan) -> str:
    """Download the adopted version's PDF as a board member would, and return its text (spaces collapsed).

    The PDF passes both validators (PDF/A-3a and PDF/UA-1) for this förbund too, not only the demo's.
    """
    version = plan.versions.get(is_adoption=True)
    response = client.get(f"/planer/{plan.pk}/version/{version.number}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    if os.environ.get("SEED_PDF_DIR"):  # to look at the pages: SEED_PDF_DIR=/tmp/seeds pytest tests/entry
        Path(os.environ["SEED_PDF_DIR"], f"{plan.file_stem}.pdf").write_bytes(pdf)
    found = validator_findings(pdf, archival=True)
    assert not found, "\n".join(found)
    return normalized(pdf_text(pdf))


def missing(text: str, facts: list[str]) -> list[str]:
    """Return the facts that `text` does not hold (compared with spaces collapsed, hyphenation undone)."""
    flat = re.sub(r"-\s+", "-", text)
    return [fact for fact in facts if normalized(fact) not in text and normalized(fact) not in flat]
