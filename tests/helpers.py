"""What many tests share: how amounts are written on the page, and running manage.py in another process."""

import subprocess
import sys
import zoneinfo
from pathlib import Path

from django.conf import settings

from core.formatting import NARROW_NBSP

NNBSP = NARROW_NBSP
BASE_DIR = Path(settings.BASE_DIR)
# The förbund's clock: tests that depend on today's date travel to a fixed moment in it (time-machine).
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def kr(text: str) -> str:
    """Return `text` ("4 118 000") as the page writes the amount: narrow no-break spaces and " kr"."""
    return text.replace(" ", NNBSP) + f"{NNBSP}kr"


def manage(env: dict, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run our own manage.py with `args` in a fresh process with the environment `env`."""
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def open_items(plan) -> int:
    """How many open items the plan's checklist has: what a sender acknowledges to send it as it is."""
    from plans.checklist import plan_readiness

    return len(plan_readiness(plan))


def send_form(plan, meeting="") -> dict:
    """The send form as a director fills it in: a meeting, and the checklist's open items acknowledged."""
    return {"meeting": meeting, "acknowledge": "on", "acknowledged": str(open_items(plan))}
