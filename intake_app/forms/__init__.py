"""The declarative forms engine (Qt-free): YAML definitions, validation, search values.

A form is data, not code: ``forms/<form_id>/form.yaml`` declares fields,
labels in every language, and conditions in a small safe language. The UI
renders a :class:`Form`, the store validates records with it and keeps its
source by ``id`` and ``version``. See docs/forms.md.
"""

from intake_app.forms.conditions import Condition, ConditionSyntaxError, parse_condition
from intake_app.forms.errors import FormDefinitionError, FormError
from intake_app.forms.fields import FIELD_TYPES, ChoiceList, Field
from intake_app.forms.form import Form
from intake_app.forms.issues import Issue, SearchValues, ValidationResult
from intake_app.forms.loader import FormRegistry, check_forms_dir, load_form_file, load_form_source
from intake_app.forms.locale_names import country_name, language_name
from intake_app.forms.state import FormState
from intake_app.forms.values import iin_is_valid

__all__ = [
    "FIELD_TYPES", "ChoiceList", "Condition", "ConditionSyntaxError", "Field", "Form", "FormDefinitionError",
    "FormError", "FormRegistry", "FormState", "Issue", "SearchValues", "ValidationResult", "check_forms_dir",
    "country_name", "iin_is_valid", "language_name", "load_form_file", "load_form_source", "parse_condition",
]
