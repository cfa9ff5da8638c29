"""Form validators whose messages print numbers the locale's way."""
from __future__ import annotations

from wtforms.validators import Length as _WTFormsLength
from wtforms.validators import ValidationError

from eventhub.i18n import LazyPlural, LocalNumber


class Length(_WTFormsLength):
    """WTForms' ``Length`` whose message prints its limits grouped per locale
    (« 20 000 caractères », « 20.000 caracteres »): write ``%(max)s``/``%(min)s`` in it, or
    give a ``lazy_ngettext`` message with the limit as its count, so that the noun agrees
    with the number (Arabic: « حرفًا واحدًا », « حرفين », « 3 أحرف », « 11 حرفًا », « 100 حرف »).
    The ``maxlength`` attribute keeps the plain number."""

    def __call__(self, form, field):
        if self.message is None:
            return super().__call__(form, field)
        length = field.data and len(field.data) or 0
        if length >= self.min and (self.max == -1 or length <= self.max):
            return
        if isinstance(self.message, LazyPlural):  # agrees with its number and prints it
            raise ValidationError(str(self.message))
        raise ValidationError(str(self.message) % {"min": LocalNumber(self.min), "max": LocalNumber(self.max),
                                                   "length": LocalNumber(length)})
