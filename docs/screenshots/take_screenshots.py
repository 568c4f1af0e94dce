"""Screenshots of the real application for the README, taken on an X server (Xvfb).

Run with ``make screenshots``: it starts Xvfb at 1366×768, builds a demo
store with fictional applicants, drives the real main window through its
screens in English and Kazakh, and grabs the X screen (not a widget render).

``SHOTS_SCALE=2 SHOTS_OUT=/tmp/hidpi`` (on a 2732×1536 Xvfb screen) takes the
same pictures as a 200 % high-DPI laptop shows them, for checking by eye;
those are not committed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("SHOTS_OUT") or Path(__file__).resolve().parent)
SCALE = int(os.environ.get("SHOTS_SCALE", "1"))
if SCALE != 1:
    os.environ["QT_SCALE_FACTOR"] = str(SCALE)
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "xcb"  # a real X window on the Xvfb screen (the test fixtures would pick offscreen)

PW = "demo passphrase 1"
WIDTH, HEIGHT = 1366, 740  # the main window on a 1366×768 screen with a 28-pixel taskbar


def demo_store(data: Path) -> None:
    from intake_app.records import lifecycle
    from intake_app.roles import Role
    from intake_app.store.store import Store
    from intake_app.users.service import add_user
    from tests.records.sample import application, write_scan

    store = Store(data)
    with store.create(admin_username="amina", admin_passphrase=PW, admin_display_name="Amina Seitkali",
                      device_name="Khorgos BCP laptop 2", location_code="KZ-ZHT-KHORGOS") as admin:
        add_user(admin, "serik", Role.OFFICER, PW, "Serik Akhmetov")
        add_user(admin, "dana", Role.MONITOR, PW, "Dana Nurlanova")
    with store.unlock("serik", PW) as officer:
        officer.forms_dir = ROOT / "forms"
        scan = write_scan(Path(tempfile.mkdtemp()), seed=5)
        people = [("Абдуллаев Рустам", "Abdullaev Rustam", "1985-04", "N1234567", []),
                  ("ئابدۇللا ئەھمەت", "Abdulla Ehmet", "1979", "E5550001", [("گۈلنار", "Gulnar")]),
                  ("عبدالله رحیمی", "Abdullah Rahimi", "1991-02-11", "P01234567", []),
                  ("Юсупова Дилноза", "Yusupova Dilnoza", "1990", "FA998877", [("Юсупов Азиз", "Yusupov Aziz")]),
                  ("Xudoyberdiyev Sardor", "Khudoiberdiev Sardor", "2001", "AB7654321", [])]
        ids = []
        for original, latin, born, passport, family in people:
            data_ = application(original, latin, birth_date=born, passport=passport, family=family)
            ids.append(lifecycle.create_draft(officer, "asylum_application", data_,
                                              files=[("application_scan", scan)]))
        for record_id in ids[:4]:
            lifecycle.submit(officer, record_id)
        from intake_app.records.reading import get_record

        first = get_record(officer, ids[0]).current
        assert first is not None
        lifecycle.amend(officer, ids[0], dict(first.data, name_latin="Abdullayev Rustam"),
                        "Latin spelling as in the passport")
        lifecycle.void(officer, ids[3], "Registered twice")


def main() -> int:
    if not os.environ.get("DISPLAY"):
        print("Run under Xvfb: make screenshots", file=sys.stderr)
        return 2
    data = Path(tempfile.mkdtemp(prefix="intake-shots-"))
    os.environ["INTAKE_DATA_DIR"] = str(data)
    demo_store(data)

    from PySide6.QtCore import QTimer

    from intake_app.ui.application import build
    from intake_app.ui.main_window import MainWindow

    app, ctx = build([])
    window = MainWindow(ctx)
    window.setGeometry(0, 0, WIDTH, HEIGHT)
    window.show()

    def grab(name: str) -> None:
        app.processEvents()
        pixmap = app.primaryScreen().grabWindow(0)
        OUT.mkdir(parents=True, exist_ok=True)
        # The window's own area: a 1366×768 laptop screen less its taskbar, with no empty band below.
        pixmap.copy(0, 0, WIDTH * SCALE, HEIGHT * SCALE).save(str(OUT / f"{name}.png"))
        print("saved", name)

    def step_unlock(lang: str) -> None:
        ctx.set_language(lang, remember=False)
        window.unlock_page.select_user("serik")
        grab(f"unlock_{lang}")

    def step_list(lang: str) -> None:
        from intake_app.store.store import Store

        ctx.start_session(Store(data).unlock("serik", PW))
        ctx.session.forms_dir = ROOT / "forms"
        app.processEvents()
        grab(f"records_{lang}")

    def step_view(lang: str) -> None:
        from intake_app.records.reading import list_records

        record = [r for r in list_records(ctx.session) if r.status == "submitted"][-1]
        window._show_record(record.id)
        grab(f"record_{lang}")

    def step_receipt(lang: str) -> None:
        from intake_app.records.reading import list_records

        record = [r for r in list_records(ctx.session) if r.status == "submitted"][-1]
        window._open_receipt(record.id)
        dialog = window.receipt_dialog
        dialog.setGeometry(120, 20, 1100, 720)
        deadline = time.monotonic() + 20
        while (dialog.pdf is None or time.monotonic() < deadline - 19) and time.monotonic() < deadline:
            app.processEvents()  # the PDF is made off the GUI thread, then the pages are laid out
            time.sleep(0.05)
        grab(f"receipt_{lang}")
        dialog.reject()

    def step_capture(lang: str) -> None:
        window._new_record("asylum_application")
        grab(f"capture_{lang}")

    def step_lock(lang: str) -> None:
        window.capture.close_page()  # else the next unlock returns to the open form, as it should
        window.lock()

    plan = []
    for lang in ("en", "kk"):
        plan += [(step_unlock, lang), (step_list, lang), (step_view, lang), (step_receipt, lang),
                 (step_capture, lang), (step_lock, lang)]

    def run_next() -> None:
        if not plan:
            app.quit()
            return
        step, lang = plan.pop(0)
        step(lang)
        QTimer.singleShot(700, run_next)

    QTimer.singleShot(700, run_next)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
