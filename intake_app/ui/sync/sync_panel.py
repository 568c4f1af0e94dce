"""``SyncPanel``: where the registries stand, "Sync now", and the removable-media path.

For each enrolled registry: its name and destination, whether it answers
now, how many record versions wait, conflicts, and the last acknowledgement.
"Sync now" runs through the shared ``SyncRunner`` (progress, cancel; the
GUI never waits on the network). "Export for USB…" writes the waiting
bundles to a file the officer chooses; "Import acknowledgements…" applies
the signed acknowledgements the registry gave back. An administrator can
enrol the device with a registry from its enrolment file here, after
comparing the fingerprint with the registry's operator.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QMessageBox,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.roles import Permission
from intake_app.session import Session
from intake_app.sync.client import SyncReport
from intake_app.records.destinations import DESTINATIONS
from intake_app.sync.status import RegistryStatus, reachable, sync_status
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.form.common import wrapped_label
from intake_app.ui.records.formatting import format_when
from intake_app.ui.sync.runner import SyncRunner
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task, run_task

NAME, DESTINATION, CONNECTION, WAITING, CONFLICTS, LAST_ACK, FINGERPRINT = range(7)


class SyncPanel(QDialog):
    def __init__(self, ctx: UiContext, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.statuses: list[RegistryStatus] = []
        self.reachability: dict[str, bool] = {}
        self.probe_task: TaskHandle[dict[str, bool]] | None = None
        self.media_task: TaskHandle[str] | None = None
        self.resize(980, 420)
        layout = QVBoxLayout(self)
        self.summary = wrapped_label()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 7, self)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.status = wrapped_label()
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.sync_button, self.export_button, self.import_button, self.enrol_button, self.close_button = (
            QPushButton(self) for _index in range(5))
        for button in (self.enrol_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.sync_button)
        layout.addLayout(buttons)
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.sync_now)
        self.export_button.clicked.connect(self.export_for_usb)
        self.import_button.clicked.connect(self.import_acks)
        self.enrol_button.clicked.connect(self.enrol)
        self.close_button.clicked.connect(self.reject)
        self.enrol_button.setVisible(ctx.session.may(Permission.MANAGE_DEVICE))
        runner.started.connect(self._sync_started)
        runner.finished.connect(self._sync_finished)
        runner.failed.connect(self._sync_failed)
        ctx.session_locked.connect(self.reject)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self.refresh()

    # -- state ------------------------------------------------------------------

    def refresh(self) -> None:
        """Queue counts now (local); reachability after a background probe."""
        if not self.ctx.unlocked:
            return
        self.statuses = sync_status(self.ctx.session)
        self._fill()
        registries = [status.registry for status in self.statuses]

        def probe(_progress: Progress) -> dict[str, bool]:
            return {registry.registry_id: reachable(registry) for registry in registries}

        def done(result: dict[str, bool]) -> None:
            self.reachability = result
            self._fill()

        if registries:
            self.probe_task = run_task(self, probe, title=_("Checking the connection…"), on_done=done,
                                       show_progress=False)

    def _fill(self) -> None:
        if not self.ctx.unlocked:  # a connection probe answering after a lock: the panel has closed
            return
        lang = self.ctx.language
        self.table.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            registry = status.registry
            known = self.reachability.get(registry.registry_id)
            connection = (_("checking…") if known is None else _("reachable") if known else _("not reachable"))
            if registry.enrolment_status != "approved":
                connection += " — " + _("enrolment: {status}").format(status=registry.enrolment_status)
            acknowledged = status.last_acknowledged_at
            cells = [registry.name, registry.destination, connection, str(status.waiting), str(status.conflicts),
                     format_when(acknowledged, lang, zone=self.ctx.session.zone) if acknowledged else "—",
                     registry.fingerprint]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        waiting = sum(status.waiting for status in self.statuses)
        if not self.statuses:
            summary = _("This device is not enrolled with any registry yet. An administrator enrols it with the "
                        "registry's enrolment file.")
        else:
            summary = _("{n} record version(s) wait to be sent.").format(n=waiting)
        if any(status.registry.enrolment_status != "approved" for status in self.statuses) or not self.statuses:
            summary += "\n" + self._device_fingerprint_line()
        self.summary.setText(summary)
        busy = self.runner.running
        self.sync_button.setEnabled(bool(self.statuses) and not busy)
        self.export_button.setEnabled(bool(self.statuses) and not busy)
        self.import_button.setEnabled(bool(self.statuses) and not busy)

    def _device_fingerprint_line(self) -> str:
        """What the registry's operator compares before approving this device (shown until every approval)."""
        return _("This device's fingerprint, for the registry's operator: {fingerprint}").format(
            fingerprint=self.ctx.session.device.fingerprint)

    # -- actions ------------------------------------------------------------------

    def sync_now(self) -> None:
        if not self.runner.sync_now():
            self.status.setText(_("A sync is already running."))

    def _sync_started(self) -> None:
        self.status.setText(_("Syncing…"))
        self._fill()

    def _sync_finished(self, report: SyncReport) -> None:
        lines = []
        for entry in report.registries:
            line = _("{name}: sent {sent} bundle(s), acknowledged {acknowledged}, conflicts {conflicts}, waiting "
                     "{pending}").format(name=entry.name, sent=entry.sent, acknowledged=entry.acknowledged,
                                         conflicts=entry.conflicts, pending=entry.pending)
            lines.append(line + (f" — {entry.error}" if entry.error else ""))
        self.status.setText("\n".join(lines))
        self.refresh()

    def _sync_failed(self, exc: BaseException) -> None:
        self.status.setText(exc.message if isinstance(exc, UserError) else _("The sync stopped with an error."))
        show_error(self, exc)
        self.refresh()

    def _chosen_registry(self) -> RegistryStatus | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.statuses):
            return self.statuses[row]
        return self.statuses[0] if len(self.statuses) == 1 else None

    def export_for_usb(self) -> None:
        """The waiting bundles of the selected registry, to a file on removable media."""
        from intake_app.sync.client import configured_max_bytes
        from intake_app.sync.offline import export_pending

        chosen = self._chosen_registry()
        if chosen is None:
            self.status.setText(_("Select the registry the file is for."))
            return
        name, _selected = QFileDialog.getSaveFileName(self, _("Export for USB"), "bundles.fim",
                                                      _("Field Intake bundles") + " (*.fim)")
        if not name:
            return
        registry = chosen.registry

        def work(own: Session, _progress: Progress) -> str:
            result = export_pending(own, Path(name), registry=registry, max_bytes=configured_max_bytes(own))
            return _("Wrote {bundles} bundle(s) with {versions} record version(s) to {path}.").format(
                bundles=result.bundles, versions=result.versions, path=name)

        self.media_task = run_store_task(self, self.ctx, work, title=_("Export for USB"), on_done=self._media_done,
                                         on_error=lambda exc: show_error(self, exc))

    def import_acks(self) -> None:
        from intake_app.sync.offline import import_acks

        name, _selected = QFileDialog.getOpenFileName(self, _("Import acknowledgements"), "",
                                                      _("Acknowledgements") + " (*.json)")
        if not name:
            return

        def work(own: Session, _progress: Progress) -> str:
            result = import_acks(own, Path(name))
            return _("Applied {applied} acknowledgement(s): {acknowledged} version(s) acknowledged, {conflicts} "
                     "conflict(s).").format(applied=result.applied, acknowledged=result.acknowledged,
                                            conflicts=result.conflicts)

        self.media_task = run_store_task(self, self.ctx, work, title=_("Import acknowledgements"),
                                         on_done=self._media_done, on_error=lambda exc: show_error(self, exc))

    def _media_done(self, message: str) -> None:
        self.status.setText(message)
        self.ctx.records_changed.emit()
        self.refresh()

    def enrol(self) -> None:
        """An administrator enrols this device: the file, then the fingerprint compared by phone."""
        from intake_app.protocol.enrolment import read_enrolment_file
        from intake_app.sync.registries import enroll

        name, _selected = QFileDialog.getOpenFileName(self, _("Enrol with a registry"), "",
                                                      _("Enrolment file") + " (*.json)")
        if not name:
            return
        try:
            enrolment = read_enrolment_file(Path(name))
        except UserError as exc:
            show_error(self, exc)
            return
        destination, chosen = QInputDialog.getItem(
            self, _("Enrol with a registry"), _("Which records go to this registry:"), list(DESTINATIONS), 0, False)
        if not chosen:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Enrol with a registry"),
                          _("Registry: {name}").format(name=enrolment.name) + "\n" + _("Fingerprint: {fingerprint}")
                          .format(fingerprint=enrolment.fingerprint) + "\n\n"
                          + _("Call the registry's operator and compare this fingerprint, group by group.")
                          + "\n" + _("Is it the same?") + "\n\n" + self._device_fingerprint_line(),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: object) -> None:
            if box.standardButton(button) != QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
                self.status.setText(_("Not enrolled; nothing was changed."))
                return
            try:
                enroll(self.ctx.session, enrolment, destination)
            except UserError as exc:
                show_error(self, exc)
                return
            self.status.setText(_("Enrolled with {name}.").format(name=enrolment.name) + " "
                                + _("The operator approves this device after comparing its fingerprint."))
            self.refresh()
            self.runner.sync_now(quiet=True)  # sends the signed enrolment request when the registry answers

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        self.enrol_box = box
        box.open()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sync"))
        self.table.setHorizontalHeaderLabels([_("Registry"), _("Destination"), _("Connection"), _("Waiting"),
                                              _("Conflicts"), _("Last acknowledgement"), _("Fingerprint")])
        self.sync_button.setText(_("Sync now"))
        self.export_button.setText(_("Export for USB…"))
        self.import_button.setText(_("Import acknowledgements…"))
        self.enrol_button.setText(_("Enrol with a registry…"))
        self.close_button.setText(_("Close"))
        self._fill()
