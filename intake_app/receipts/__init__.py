"""Receipts for applicants: the printed PDF, its signed token, and verification."""
