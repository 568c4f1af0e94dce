"""Application and visit records: drafts, submission, amendments, voiding."""
