#!/usr/bin/env python
"""Django's command-line utility for Engage."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
    # On a developer's machine (no SECRET_KEY and no DEBUG set) commands run in development
    # mode. A server is configured with SECRET_KEY, so this never applies there, and the web
    # server itself (wsgi.py) still refuses to start without one.
    if "SECRET_KEY" not in os.environ and "DEBUG" not in os.environ:
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
