"""Qt's standard buttons (OK, Cancel, Yes, Next …) named from our own catalogs, in the interface language.

Qt names the standard buttons of button boxes and message boxes itself and
translates the names with its ``qtbase`` catalogs. Those are not what an
official should read: Qt's Kazakh "OK" is "ОК", Cyrillic letters that look
exactly like the English word; its Russian keeps the Latin "OK"; and some names
differ from the words the rest of the interface uses. So the one translator
the interface installs (``ButtonTextTranslator``, from ``UiContext.set_language``)
answers these names from our gettext catalogs, and leaves every other Qt text
(file dialogs, context menus …) to ``qtbase``. Its msgids are Qt's own English
names, accelerators included, so a catalog entry is easy to find.

A wizard names its buttons only when it shows a page, not when the language
changes; ``retranslate_wizard_buttons`` names them at once (the setup wizard
calls it from its ``retranslate``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator
from PySide6.QtWidgets import QWizard

from intake_app import i18n
from intake_app.i18n import N_

#: The names of the standard buttons, by the translation context Qt asks in (its platform themes).
STANDARD_BUTTON_TEXTS: dict[str, frozenset[str]] = {
    "QPlatformTheme": frozenset({
        N_("OK"), N_("Save"), N_("Save All"), N_("Open"), N_("&Yes"), N_("Yes to &All"), N_("&No"),
        N_("N&o to All"), N_("Abort"), N_("Retry"), N_("Ignore"), N_("Close"), N_("Cancel"), N_("Discard"),
        N_("Help"), N_("Apply"), N_("Reset"), N_("Restore Defaults")}),
    # A GNOME desktop names a few of them differently.
    "QGnomeTheme": frozenset({N_("&OK"), N_("&Save"), N_("&Cancel"), N_("&Close"), N_("Close without Saving")}),
}

_W = QWizard.WizardButton


class ButtonTextTranslator(QTranslator):
    """Standard button names from our catalogs for ``lang``; any other Qt text from ``qtbase`` (if given)."""

    def __init__(self, lang: str, qtbase: QTranslator | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.qtbase = qtbase
        if qtbase is not None:
            qtbase.setParent(self)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        if source_text in STANDARD_BUTTON_TEXTS.get(context, ()) and self.lang != i18n.SOURCE_LANGUAGE:
            text = i18n.translate(source_text, self.lang)
            if text != source_text:
                return text
        if self.qtbase is not None:
            return self.qtbase.translate(context, source_text, disambiguation, n) or None
        return None  # no translation: Qt shows its English text

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override; never empty, so installing it renames the buttons
        return False


def wizard_button_texts(style: QWizard.WizardStyle) -> dict[QWizard.WizardButton, str]:
    """Qt's own English names of a wizard's buttons in ``style`` (the msgids of their translations)."""
    mac = style == QWizard.WizardStyle.MacStyle
    aero = style == QWizard.WizardStyle.AeroStyle
    return {_W.BackButton: N_("Go Back") if mac else N_("< &Back"),
            _W.NextButton: N_("Continue") if mac else N_("&Next") if aero else N_("&Next >"),
            _W.CommitButton: N_("Commit"),
            _W.FinishButton: N_("Done") if mac else N_("&Finish"),
            _W.CancelButton: N_("Cancel"),
            _W.HelpButton: N_("Help") if mac else N_("&Help")}


def retranslate_wizard_buttons(wizard: QWizard) -> None:
    """Name the wizard's buttons in the interface language now, on the page shown too."""
    for which, text in wizard_button_texts(wizard.wizardStyle()).items():
        wizard.setButtonText(which, i18n.translate(text))
