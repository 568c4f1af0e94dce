"""PyInstaller entry point of ``intake`` (the command-line tool); the same function as the console script."""

from intake_app.cli.main import main

raise SystemExit(main())
