"""``python -m intake_app`` runs the command-line interface."""

from intake_app.cli.main import main

raise SystemExit(main())
