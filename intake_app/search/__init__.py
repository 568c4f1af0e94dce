"""Search by name in any script, receipt number, document number and birth year."""
