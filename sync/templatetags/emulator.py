"""Template tags for pages that link to the org emulator when the site uses it."""

from django import template
from django.apps import apps
from django.conf import settings

register = template.Library()


@register.simple_tag
def emulator_in_use() -> bool:
    """Whether Salesforce calls go to the org emulator (SALESFORCE_EMULATOR_URL is set)."""
    return bool(settings.SALESFORCE_EMULATOR_URL)


@register.simple_tag
def devtools_installed() -> bool:
    """Whether the development tools (mailbox, emulated orgs) are installed on this site."""
    return apps.is_installed("devtools")
