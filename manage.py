#!/usr/bin/env python
"""Django's manage.py for developers; operators use the ``huntaze`` command (same thing)."""

from huntaze.cli import main

if __name__ == "__main__":
    main()
