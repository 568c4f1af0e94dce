"""Field Intake: offline-first, encrypted registration of asylum applications.

The package is split into a Qt-free core (everything outside ``intake_app.ui``)
and a desktop UI that only renders what the core describes.
"""

__version__ = "0.1.0"
