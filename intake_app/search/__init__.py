"""Search by name in any script, receipt number, document number and birth year.

Reads the index that records keep in step with every change (``intake_app.records.search_index``).
"""
