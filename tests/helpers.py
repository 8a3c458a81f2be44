"""What many tests share: how amounts are written on the page, and running manage.py in another process."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

from core.formatting import NARROW_NBSP

NNBSP = NARROW_NBSP
BASE_DIR = Path(settings.BASE_DIR)


def kr(text: str) -> str:
    """Return `text` ("4 118 000") as the page writes the amount: narrow no-break spaces and " kr"."""
    return text.replace(" ", NNBSP) + f"{NNBSP}kr"


def manage(env: dict, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run our own manage.py with `args` in a fresh process with the environment `env`."""
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )
