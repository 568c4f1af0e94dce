"""User accounts of a device: each one a role and a key slot."""
