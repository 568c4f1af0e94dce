"""A record's answers, and a correction's changes, as rich-text tables for a ``QTextBrowser``.

One rendering for every screen that shows answers (the record view, the
review before submitting, the changes of a correction), so an answer reads
the same wherever an officer reads it out. The lines come from the engine
(``describe``, ``changes``); dates and times are put in the reader's format
by ``format_answer``. Each value is its own paragraph with no forced
alignment, so a name written in Arabic script runs, and aligns, right to left
while the labels stay left to right. Every text is escaped: an applicant's
text is never read as markup. Attachments are named by file name and size
(``attachment_names``), never shown as their content's hash.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from intake_app.errors import UserError
from intake_app.forms.changes import ADDED, Change
from intake_app.forms.display import AttachmentNamer, DisplayLine
from intake_app.i18n import _
from intake_app.records.attachment_store import attachment_info
from intake_app.ui.form.attachment_media import human_size
from intake_app.ui.records.formatting import format_answer

if TYPE_CHECKING:
    from intake_app.forms import Form
    from intake_app.session import Session

LABEL_COLOR = "#455A64"
BEFORE_COLOR = "#6D6D6D"


def attachment_names(session: Session, form: Form, *datas: dict[str, Any]) -> AttachmentNamer:
    """Names the attachments in ``datas`` as "scan.png (240 KiB)", read from the store now.

    Read once, when a screen renders, so it can be drawn again in another language without
    touching the store (which may be locked by then).
    """
    names: dict[str, str] = {}
    for data in datas:
        for ref in form.attachment_refs(data):
            try:
                info = attachment_info(session.conn, ref)
            except UserError:
                continue
            names[ref] = f"{info.filename or ref[:19]} ({human_size(info.size)})"
    return lambda ref: names.get(ref, ref[:19] + "…")


def _text(line: DisplayLine | None, lang: str) -> str:
    return html.escape(format_answer(line, lang)).replace("\n", "<br>") if line is not None else ""


def _heading(label: str, depth: int, columns: int, *, count: str = "", item: bool = False) -> str:
    pad = 6 + 18 * depth
    text = html.escape(label) + (f" ({html.escape(count)})" if count else "")
    if item:
        return (f'<tr><td colspan="{columns}" style="padding-left:{pad}px; padding-top:4px;">'
                f"<i>{text}</i></td></tr>")
    size = "large" if depth == 0 else "medium"
    return (f'<tr><td colspan="{columns}" style="padding-left:{pad}px; padding-top:10px;">'
            f'<span style="font-size:{size}; font-weight:bold;">{text}</span></td></tr>')


def _table(width: int | str, rows: list[str]) -> str:
    return f'<table width="{width}" cellspacing="0" cellpadding="3">' + "".join(rows) + "</table>"


def answers_table(lines: Sequence[DisplayLine], lang: str, width: int | str = "100%") -> str:
    """Every answer of ``describe``: section and entry headings, then label and value rows."""
    rows = []
    for line in lines:
        if line.kind == "section":
            rows.append(_heading(line.label, line.depth, 2, count=line.text))
        elif line.kind == "item":
            rows.append(_heading(line.label, line.depth, 2, item=True))
        else:
            pad = 6 + 18 * line.depth
            rows.append(f'<tr><td width="38%" style="padding-left:{pad}px; color:{LABEL_COLOR};">'
                        f"{html.escape(line.label)}</td><td>{_text(line, lang)}</td></tr>")
    return _table(width, rows)


def changes_table(found: Sequence[Change], lang: str, width: int | str = "100%") -> str:
    """Each change as label | before | → | after, under the headings of the sections and entries it sits in.

    A heading is written once for the changes that follow under it, as in ``answers_table``.
    A whole entry added or removed says so in words, and its answers stand in one column; elsewhere
    an answer that was not given reads "not answered".
    """
    unanswered, before_title, after_title = (html.escape(text) for text in (
        _("not answered"), _("Before"), _("After the correction")))
    none = f'<i style="color:{BEFORE_COLOR};">{unanswered}</i>'
    rows = [f'<tr><td width="30%"></td><td width="33%" style="color:{BEFORE_COLOR};"><b>{before_title}</b></td>'
            f'<td width="4%"></td><td width="33%"><b>{after_title}</b></td></tr>']
    shown: tuple[DisplayLine, ...] = ()
    whole: DisplayLine | None = None  # the entry being added or removed whole, while its answers follow
    for change in found:
        common = 0
        while common < min(len(shown), len(change.headings)) and shown[common] == change.headings[common]:
            common += 1
        for heading in change.headings[common:]:
            rows.append(_heading(heading.label, heading.depth, 4, item=heading.kind == "item"))
        shown = change.headings
        pad = 6 + 18 * len(change.headings)
        label = html.escape(change.label)
        if change.is_entry:
            text = _("Added") if change.kind == ADDED else _("Removed")
            rows.append(f'<tr><td colspan="4" style="padding-left:{pad}px; padding-top:4px;"><i>{label}</i> — '
                        f"<b>{html.escape(text)}</b></td></tr>")
            whole = change.before or change.after
            if whole is not None:
                shown = (*change.headings, whole)  # its answers follow under it, without a second heading
            continue
        if whole is not None and whole in change.headings:
            before, arrow, after = _text(change.before, lang), "", _text(change.after, lang)
        else:
            whole = None
            before, arrow, after = _text(change.before, lang) or none, "→", _text(change.after, lang) or none
        rows.append(f'<tr><td style="padding-left:{pad}px; color:{LABEL_COLOR};">{label}</td>'
                    f'<td style="color:{BEFORE_COLOR};">{before}</td><td>{arrow}</td><td><b>{after}</b></td></tr>')
    return _table(width, rows)


def changes_summary(found: Sequence[Change]) -> str:
    """What a correction changed, in a few words: the labels of the fields (an entry's heading for answers in
    an entry), each once, in form order."""
    names: dict[str, None] = {}
    for change in found:
        entry = next((heading for heading in change.headings if heading.kind == "item"), None)
        names[entry.label if entry is not None else change.label] = None
    return ", ".join(names)


def changes_lines(found: Sequence[Change], lang: str) -> list[str]:
    """Each change as one line of plain text (a tooltip): "Applicant › Citizenship: Uzbekistan → Tajikistan"."""
    lines = []
    for change in found:
        where = " › ".join((*change.place, change.label))
        if change.is_entry:
            lines.append(f"{where}: " + (_("Added") if change.kind == ADDED else _("Removed")))
            continue
        before, after = (format_answer(line, lang) if line is not None else "—"
                         for line in (change.before, change.after))
        lines.append(f"{where}: {before} → {after}")
    return lines
