"""Attachment fields: add scans or photos (file dialog or drag and drop), preview, rotate, view, remove.

Importing and decoding run through ``run_store_task`` because a scan may be
tens of megabytes; the work reads and writes through ``AttachmentAccess`` on
the session fork the task hands it. Content only ever lives in the encrypted
store and in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QPushButton, QStyle, QToolButton, QVBoxLayout, QWidget

from intake_app.errors import UserError
from intake_app.forms import Field
from intake_app.i18n import _, ngettext
from intake_app.records.attachment_store import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES
from intake_app.session import Session
from intake_app.ui.errors import show_error
from intake_app.ui.form.attachment_media import THUMB_SIZE, Preview, human_size, is_image, preview, rotated_copy
from intake_app.ui.form.common import EditorEnv, set_tone
from intake_app.ui.form.flow_layout import FlowLayout
from intake_app.ui.form.inputs_base import FieldInput, row_layout
from intake_app.ui.icons import resource_icon
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task

_SUFFIXES = {"image/jpeg": "*.jpg *.jpeg", "image/png": "*.png", "application/pdf": "*.pdf"}


class AttachmentTile(QFrame):
    """One attachment: thumbnail (or file icon), name and size, and its actions."""

    def __init__(self, owner: AttachmentInput, ref: str) -> None:
        super().__init__(owner)
        self.owner, self.ref = owner, ref
        self.preview: Preview | None = None
        self.setObjectName("attachmentTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(THUMB_SIZE + 72)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(3)
        self.image = QLabel(self)
        self.image.setFixedSize(THUMB_SIZE, THUMB_SIZE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_tone(self.caption, "hint")
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        holder = QWidget(self)
        buttons = row_layout(holder)
        self.rotate_button, self.view_button, self.remove_button = (QToolButton(self) for _i in range(3))
        self.rotate_button.setText("⟳")
        self.view_button.setIcon(resource_icon("view", self.view_button))  # not an emoji: no font here had one
        if self.view_button.icon().isNull():
            self.view_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView))
        self.remove_button.setText("✕")
        for button in (self.rotate_button, self.view_button, self.remove_button):
            buttons.addWidget(button)
        layout.addWidget(holder)
        self.rotate_button.clicked.connect(lambda: owner.rotate(self))
        self.view_button.clicked.connect(lambda: owner.view(self))
        self.remove_button.clicked.connect(lambda: owner.remove(self))
        self.rotate_button.setEnabled(False)
        self.show_preview(None)

    def show_preview(self, shown: Preview | None) -> None:
        self.preview = shown
        if shown is not None and shown.thumbnail is not None:
            self.image.setPixmap(QPixmap.fromImage(shown.thumbnail))
        else:
            icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
            self.image.setPixmap(icon.pixmap(QSize(48, 48)))
        self.rotate_button.setEnabled(shown is not None and is_image(shown.info.mime))
        self.retranslate()

    def retranslate(self) -> None:
        shown = self.preview
        if shown is None:
            self.caption.setText(_("Loading…"))
        else:
            name = self.caption.fontMetrics().elidedText(shown.info.filename or "", Qt.TextElideMode.ElideMiddle,
                                                         THUMB_SIZE + 56)
            details = human_size(shown.info.size)
            if shown.pages:
                pages = ngettext("PDF, {n} page", "PDF, {n} pages", shown.pages).format(n=shown.pages)
                details = f"{pages}, {details}"
            self.caption.setText(f"{name}\n{details}")
            self.setToolTip(shown.info.filename)
        self.rotate_button.setToolTip(_("Rotate 90° clockwise (saves a turned copy)"))
        self.view_button.setToolTip(_("View full size"))
        self.remove_button.setToolTip(_("Remove from this record"))
        for button in (self.rotate_button, self.view_button, self.remove_button):
            button.setAccessibleName(button.toolTip())


class AttachmentInput(FieldInput):
    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.tiles: list[AttachmentTile] = []
        self.tasks: list[TaskHandle[Any]] = []
        self._previews: dict[str, Preview] = {}
        self.accept = field.accept or DEFAULT_ACCEPT
        self.max_bytes = field.max_bytes or DEFAULT_MAX_BYTES
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.area = QFrame(self)
        self.area.setObjectName("dropArea")
        self._set_drop_highlight(False)
        self.flow = FlowLayout(self.area, spacing=8)
        self.flow.setContentsMargins(8, 8, 8, 8)
        self.add_button = QPushButton(self.area)
        self.add_button.clicked.connect(self.choose_files)
        self.drop_hint = QLabel(self.area)
        set_tone(self.drop_hint, "hint")
        self.flow.addWidget(self.add_button)
        self.flow.addWidget(self.drop_hint)
        layout.addWidget(self.area)
        self.setMaximumWidth(720)
        self.area.setMaximumWidth(720)  # so its flow counts its lines at this width (FlowLayout.heightForWidth)
        self.setFocusProxy(self.add_button)
        self.retranslate(env.lang)

    # -- value ---------------------------------------------------------------------

    def refs(self) -> list[str]:
        return [tile.ref for tile in self.tiles]

    def value(self) -> Any:
        refs = self.refs()
        if self.field.multiple:
            return refs or None
        return refs[0] if refs else None

    def set_value(self, value: Any) -> None:
        refs = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        for tile in self.tiles:
            self.flow.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        for ref in refs:
            if isinstance(ref, str):
                self._add_tile(ref)
        self._load_previews([tile.ref for tile in self.tiles if tile.preview is None])

    @property
    def busy(self) -> bool:
        """True while an import, a rotation or a preview is still running."""
        return any(task.running for task in self.tasks)

    # -- tiles ---------------------------------------------------------------------

    def _add_tile(self, ref: str, index: int | None = None) -> AttachmentTile:
        tile = AttachmentTile(self, ref)
        index = len(self.tiles) if index is None else index
        self.tiles.insert(index, tile)
        self.flow.insertWidget(index, tile)
        if ref in self._previews:
            tile.show_preview(self._previews[ref])
        self._sync_add_button()
        return tile

    def _sync_add_button(self) -> None:
        self.add_button.setEnabled(self.field.multiple or not self.tiles)

    def _adopt(self, shown: Preview) -> None:
        self._previews[shown.info.id] = shown
        for tile in self.tiles:
            if tile.ref == shown.info.id:
                tile.show_preview(shown)

    def _run(self, work: Any, title: str, on_done: Any, *, show_progress: bool = True) -> None:
        self.tasks = [task for task in self.tasks if task.running]
        handle = run_store_task(self, self.env.ctx, work, title=title, on_done=on_done, on_error=self._failed,
                                show_progress=show_progress)
        self.tasks.append(handle)

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _load_previews(self, refs: list[str]) -> None:
        if not refs:
            return
        access = self.env.attachments

        def work(own: Session, progress: Progress) -> list[Preview]:
            shown = []
            for done, ref in enumerate(refs):
                progress.check()
                shown.append(preview(access.info(own, ref), access.read_bytes(own, ref)))
                progress.report(done + 1, len(refs))
            return shown

        def loaded(shown: list[Preview]) -> None:
            for item in shown:
                self._adopt(item)

        self._run(work, _("Loading attachments…"), loaded, show_progress=False)

    # -- actions -------------------------------------------------------------------------

    def choose_files(self) -> None:
        patterns = " ".join(_SUFFIXES[mime] for mime in self.accept if mime in _SUFFIXES)
        names, _selected = QFileDialog.getOpenFileNames(
            self, _("Add a scan or photo"), "", _("Scans and photos") + f" ({patterns})")
        if names:
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: list[Path]) -> None:
        """Copy the files into the store (in the background), then add them to the field."""
        if not self.field.multiple:
            paths = paths[:1]
        access, accept, max_bytes = self.env.attachments, self.accept, self.max_bytes

        def work(own: Session, progress: Progress) -> tuple[list[Preview], list[str]]:
            added, problems = [], []
            for done, path in enumerate(paths):
                progress.check()
                progress.report(done, len(paths), path.name)
                try:
                    info = access.import_path(own, path, accept=accept, max_bytes=max_bytes)
                except UserError as exc:
                    problems.append(exc.message)
                    continue
                added.append(preview(info, access.read_bytes(own, info.id)))
            return added, problems

        self._run(work, _("Adding scans and photos…"), self._imported)

    def _imported(self, result: tuple[list[Preview], list[str]]) -> None:
        added, problems = result
        for shown in added:
            self._previews[shown.info.id] = shown
            if not self.field.multiple:
                for tile in list(self.tiles):
                    self._drop_tile(tile)
            if shown.info.id not in self.refs():
                self._add_tile(shown.info.id)
        if added:
            self._edit_and_commit()
        if problems:
            show_error(self, UserError(problems[0], details=problems[1:]))

    def rotate(self, tile: AttachmentTile) -> None:
        """Store a copy turned 90° clockwise and put it in the original's place."""
        if tile.preview is None or not is_image(tile.preview.info.mime):
            return
        access, info, accept, max_bytes = self.env.attachments, tile.preview.info, self.accept, self.max_bytes

        def work(own: Session, progress: Progress) -> tuple[str, Preview]:
            turned = rotated_copy(access.read_bytes(own, info.id), info.mime)
            new = access.import_bytes(own, turned, info.filename or "rotated.png", accept=accept,
                                      max_bytes=max_bytes)
            return info.id, preview(new, turned)

        self._run(work, _("Rotating…"), self._rotated)

    def _rotated(self, result: tuple[str, Preview]) -> None:
        old, shown = result
        self._previews[shown.info.id] = shown
        for index, tile in enumerate(self.tiles):
            if tile.ref == old:
                self._drop_tile(tile)
                if shown.info.id not in self.refs():
                    self._add_tile(shown.info.id, index)
                break
        self._edit_and_commit()

    def view(self, tile: AttachmentTile) -> None:
        from intake_app.ui.form.attachment_viewer import AttachmentViewer

        if tile.preview is None:
            return
        access, info = self.env.attachments, tile.preview.info

        def work(own: Session, progress: Progress) -> bytes:
            return access.read_bytes(own, info.id)

        def opened(content: bytes) -> None:
            dialog = AttachmentViewer(info, content, self)
            self.env.ctx.language_changed.connect(dialog.retranslate)
            dialog.open()

        self._run(work, _("Opening…"), opened)

    def remove(self, tile: AttachmentTile) -> None:
        self._drop_tile(tile)
        self._edit_and_commit()
        self.add_button.setFocus()

    def _drop_tile(self, tile: AttachmentTile) -> None:
        self.tiles.remove(tile)
        self.flow.removeWidget(tile)
        tile.deleteLater()
        self._sync_add_button()

    # -- drag and drop ------------------------------------------------------------------

    def _set_drop_highlight(self, on: bool) -> None:
        border = "2px dashed palette(highlight)" if on else "1px dashed palette(mid)"
        self.area.setStyleSheet(f"QFrame#dropArea {{ border: {border}; border-radius: 6px; }}")

    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event) and self.add_button.isEnabled():
            self._set_drop_highlight(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: Any) -> None:
        self._set_drop_highlight(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_highlight(False)
        paths = self._local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def retranslate(self, lang: str) -> None:
        self.add_button.setText("+ " + _("Add a scan or photo…"))
        self.drop_hint.setText(_("or drop files here (JPEG, PNG, PDF)"))
        for tile in self.tiles:
            tile.retranslate()
