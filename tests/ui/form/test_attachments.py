"""Scans and photos: added by dialog or drag and drop, previewed, rotated, viewed and removed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from intake_app.records.attachment_store import attachment_info, read_bytes
from tests.records.sample import png_bytes, write_scan
from tests.ui.form.helpers import answer, click, drop_files, row, wait_idle

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] " \
      b"/Count 2 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n4 0 obj << /Type /Page /Parent 2 0 R" \
      b" >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def scans_input(editor):
    return row(editor, "application_scan").input


def test_a_scan_added_with_the_file_dialog_is_stored_and_previewed(qtbot, ctx, asylum_editor, tmp_path, monkeypatch):
    scan = write_scan(tmp_path, "page1.png")
    asked = {}

    def pick(parent, title, directory, filters):
        asked["filters"] = filters
        return [str(scan)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(pick))
    widget = scans_input(asylum_editor)
    click(qtbot, widget.add_button)
    wait_idle(qtbot, widget)
    assert "*.png" in asked["filters"] and "*.pdf" in asked["filters"]
    [ref] = asylum_editor.data()["application_scan"]
    assert read_bytes(ctx.session.conn, ref) == scan.read_bytes()
    tile = widget.tiles[0]
    assert not tile.image.pixmap().isNull() and tile.image.pixmap().width() > 48  # a real thumbnail
    assert "page1.png" in tile.caption.text()


def test_drag_and_drop_adds_images_and_pdfs(qtbot, ctx, asylum_editor, tmp_path):
    pdf = tmp_path / "application.pdf"
    pdf.write_bytes(PDF)
    widget = scans_input(asylum_editor)
    drop_files(qtbot, widget, [write_scan(tmp_path, "p1.png", seed=1), pdf])
    wait_idle(qtbot, widget)
    refs = asylum_editor.data()["application_scan"]
    assert len(refs) == 2
    assert attachment_info(ctx.session.conn, refs[1]).mime == "application/pdf"
    assert "PDF, 2 pages" in widget.tiles[1].caption.text()
    assert not widget.tiles[1].rotate_button.isEnabled()  # a PDF cannot be turned here


def test_rotating_stores_a_turned_copy_in_the_same_place(qtbot, ctx, asylum_editor, tmp_path):
    scan = tmp_path / "wide.png"
    scan.write_bytes(png_bytes(width=8, height=3))
    widget = scans_input(asylum_editor)
    drop_files(qtbot, widget, [write_scan(tmp_path, "first.png", seed=2), scan])
    wait_idle(qtbot, widget)
    before = asylum_editor.data()["application_scan"]
    click(qtbot, widget.tiles[1].rotate_button)
    wait_idle(qtbot, widget)
    after = asylum_editor.data()["application_scan"]
    assert after[0] == before[0] and after[1] != before[1]
    turned = QImage.fromData(read_bytes(ctx.session.conn, after[1]))
    assert (turned.width(), turned.height()) == (3, 8)
    assert read_bytes(ctx.session.conn, before[1]) == scan.read_bytes()  # the original is never altered


def test_a_jpeg_photo_is_turned_and_stays_a_jpeg(qtbot, ctx, asylum_editor, tmp_path):
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(60, 20, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(bytes(data.data()))
    widget = scans_input(asylum_editor)
    drop_files(qtbot, widget, [photo])
    wait_idle(qtbot, widget)
    click(qtbot, widget.tiles[0].rotate_button)
    wait_idle(qtbot, widget)
    [ref] = asylum_editor.data()["application_scan"]
    assert attachment_info(ctx.session.conn, ref).mime == "image/jpeg"
    turned = QImage.fromData(read_bytes(ctx.session.conn, ref))
    assert (turned.width(), turned.height()) == (20, 60)


def test_view_full_size_and_remove(qtbot, ctx, asylum_editor, tmp_path):
    from intake_app.ui.form.attachment_viewer import AttachmentViewer

    scan = tmp_path / "big.png"
    scan.write_bytes(png_bytes(width=40, height=30))
    widget = scans_input(asylum_editor)
    drop_files(qtbot, widget, [scan])
    wait_idle(qtbot, widget)
    click(qtbot, widget.tiles[0].view_button)
    wait_idle(qtbot, widget)
    viewer = widget.findChild(AttachmentViewer)
    assert viewer is not None and viewer.isVisible()
    viewer.fit.setChecked(False)
    assert viewer.picture.pixmap().size().toTuple() == (40, 30)
    viewer.reject()
    click(qtbot, widget.tiles[0].remove_button)
    assert "application_scan" not in asylum_editor.data()
    assert widget.tiles == []


def test_a_file_of_another_type_is_refused_with_a_message(qtbot, asylum_editor, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a scan")
    widget = scans_input(asylum_editor)
    seen = []

    def close_message() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, close_message)

    QTimer.singleShot(50, close_message)
    drop_files(qtbot, widget, [text])
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    assert "notes.txt" in seen[0] and "not an accepted file type" in seen[0]
    assert widget.tiles == []


def test_a_document_copy_inside_a_repeat_group_entry(qtbot, ctx, asylum_editor, tmp_path):
    answer(qtbot, asylum_editor, "no_documents", False)
    click(qtbot, row(asylum_editor, "documents").input.add_button)
    copy = row(asylum_editor, "documents[0].document_copy").input
    drop_files(qtbot, copy, [write_scan(tmp_path, "passport.png", seed=5)])
    wait_idle(qtbot, copy)
    assert asylum_editor.data()["documents"][0]["document_copy"][0].startswith("sha256:")


def test_loading_a_record_shows_the_thumbnails_of_its_scans(qtbot, ctx, asylum_editor, tmp_path):
    from intake_app.ui.form import AttachmentAccess

    info = AttachmentAccess().import_path(ctx.session, write_scan(tmp_path, seed=9))
    asylum_editor.set_data({"application_scan": [info.id]})
    widget = scans_input(asylum_editor)
    wait_idle(qtbot, widget)
    assert widget.tiles[0].preview is not None and widget.tiles[0].preview.thumbnail is not None
    assert Path(info.filename).name == "scan.png"
