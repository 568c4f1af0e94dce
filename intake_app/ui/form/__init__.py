"""Capturing records: the form editor drawn from a form definition, attachments, and the capture page."""

from intake_app.ui.form.attachments_access import AttachmentAccess
from intake_app.ui.form.capture_page import CapturePage
from intake_app.ui.form.editor import FormEditor

__all__ = ["AttachmentAccess", "CapturePage", "FormEditor"]
