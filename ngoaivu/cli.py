"""`ngoaivu` console script: a thin wrapper over the management commands.

ngoaivu migrate | setup | demo | serve [--host H] [--port P] | createuser | token USERNAME
ngoaivu calendar add-holiday DATE NAME | add-workday DATE NAME | list YEAR | add-days DATE N [--calendar-days] | check
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ngoaivu.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["ngoaivu", *(args or ["help"])])


if __name__ == "__main__":
    main()
