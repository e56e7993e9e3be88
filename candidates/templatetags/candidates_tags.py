from django import template

from candidates.models import FINAL_STAGES, SUCCESSES, Stage
from directory.privacy import person_identity as identity_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def person_identity(context, person):
    """`{% person_identity person as identity %}`: the ID number and birth date this user may see."""
    return identity_for_user(person, user=context["request"].user)


@register.filter
def stage_badge(stage: str) -> str:
    """The badge class of a stage: green for a success, red for the other final stages."""
    if stage in SUCCESSES:
        return "badge ok"
    if stage in FINAL_STAGES:
        return "badge err"
    if stage == Stage.OFFICIAL:
        return "badge warn"
    return "badge"
