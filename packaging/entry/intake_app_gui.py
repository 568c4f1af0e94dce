"""PyInstaller entry point of ``intake-app`` (the desktop app); the same function as the console script."""

from intake_app.app import main

raise SystemExit(main())
