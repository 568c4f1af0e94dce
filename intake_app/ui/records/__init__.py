"""The records screens: the list (search, filters, sorting over any number of records) and one record's view."""

from intake_app.ui.records.list_page import RecordsPage
from intake_app.ui.records.view_page import RecordViewPage

__all__ = ["RecordsPage", "RecordViewPage"]
