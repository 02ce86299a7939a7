"""Password rules beyond Django's own validators (settings.AUTH_PASSWORD_VALIDATORS).

Django's validators refuse short, common, all-digit passwords and those close to the person's
name or e-mail. These two add what NIST SP 800-63B (5.1.1.2) and OWASP ASVS 2.1.7 ask besides:
no password made of a few repeated characters, and none that is the service's or the
municipality's name with digits or marks around it ("Heinola2024!"). No composition rules.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words anyone would try first against this service, lower case.
CONTEXT_WORDS = (
    "mittaristo",
    "heinola",
    "strategia",
    "salasana",
    "password",
    "kaupunki",
    "kunta",
    "admin",
)


class VarietyValidator:
    """Refuses a password of fewer than min_different different characters (aaaaaaaaaaaa)."""

    def __init__(self, min_different: int = 5):
        self.min_different = min_different

    def validate(self, password, user=None):
        if len(set(password)) < self.min_different:
            raise ValidationError(
                _("This password has too few different characters."), code="password_too_uniform"
            )

    def get_help_text(self):
        return _("Your password must contain at least %(count)d different characters.") % {
            "count": self.min_different
        }


class ContextWordsValidator:
    """Refuses a password that is little more than this service's or municipality's name."""

    def __init__(self, words=CONTEXT_WORDS, min_rest: int = 4):
        self.words = tuple(word.casefold() for word in words)
        self.min_rest = min_rest

    def validate(self, password, user=None):
        rest = "".join(char for char in password.casefold() if char.isalpha())
        for word in self.words:
            rest = rest.replace(word, "")
        if len(rest) < self.min_rest:
            raise ValidationError(
                _("This password is too close to the name of this service or municipality."),
                code="password_context_word",
            )

    def get_help_text(self):
        return _("Your password can't be the name of this service or municipality with digits.")
