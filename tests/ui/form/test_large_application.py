"""A long application opens whole: 50 family members are all there, and an entry is built when it is opened.

How long opening it takes is measured by ``make bench`` (benchmarks/ui_bench.py, ``form_with_family``).
"""

from __future__ import annotations

from intake_app.ui.form import AttachmentAccess, FormEditor
from tests.records.sample import application
from tests.ui.form.helpers import row


def test_an_application_with_50_family_members_opens_with_every_member(qtbot, ctx):
    family = [(f"Абдуллаев {i}", f"Abdullaev {i}") for i in range(50)]
    data = application(family=family)
    editor = FormEditor(ctx.session.forms.get("asylum_application"), ctx, AttachmentAccess())
    editor.set_data(data)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.data()["family_members"] == data["family_members"]
    group = row(editor, "family_members").input
    assert len(group.items) == 50
    assert "Abdullaev 49" in group.items[49].summary.toolTip()
    editor.focus_field("family_members[49].member_name_latin")  # opening an entry builds it
    assert row(editor, "family_members[49].member_name_latin").input.edit.text() == "Abdullaev 49"
