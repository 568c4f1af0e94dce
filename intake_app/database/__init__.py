"""The encrypted SQLite database that the device's store and the registry each keep.

SQLCipher opened with a raw 256-bit key, explicit transactions, numbered
migrations, large values in rows, and keys wrapped under a passphrase. The
device's store (``intake_app.store``: its schema, users and device key) and
the registry (``intake_app.registry``) are both built on it, and neither on
the other. This ``__init__`` imports nothing.
"""
