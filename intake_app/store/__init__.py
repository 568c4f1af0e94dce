"""The device's encrypted store: one SQLCipher database plus its key slots."""
