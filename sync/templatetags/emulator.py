"""Template tags for pages that link to the org emulator when the site uses it."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def emulator_in_use() -> bool:
    """Whether Salesforce calls go to the org emulator (SALESFORCE_EMULATOR_URL is set)."""
    return bool(settings.SALESFORCE_EMULATOR_URL)
