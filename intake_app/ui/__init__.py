"""The PySide6 desktop UI: renders what the core describes, calls the core's services."""
