from django import template

register = template.Library()


@register.filter
def code_label(value: str) -> str:
    """'service_manager' → 'Service manager': audit rows keep codes, people read words."""
    return value.replace("_", " ").capitalize() if value else ""
