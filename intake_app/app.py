"""Entry point of ``intake-app``, the desktop application.

Checks for a display before importing Qt: without one, Qt would abort with a
message about platform plugins that tells an official nothing.
"""

from __future__ import annotations

import os
import sys

from intake_app.i18n import _, language_from_environment, set_language


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True  # offscreen, vnc, … chosen on purpose
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def main(argv: list[str] | None = None) -> int:
    set_language(language_from_environment())
    argv = sys.argv if argv is None else argv
    if "--self-test" in argv[1:]:  # works without a display: Qt runs offscreen for it
        from intake_app.ui.self_test import run_self_test

        return run_self_test()
    if not display_available():
        print(_("intake-app needs a graphical display and none was found; "
                "the command-line tool “intake” works without one."), file=sys.stderr)
        return 2
    from intake_app.ui.application import run

    return run(argv)


if __name__ == "__main__":
    raise SystemExit(main())
