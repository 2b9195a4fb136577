"""The template tag of case lists: see cases/cards.py for how a card is built and kept."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def case_cards(cards, snippets=None):
    """The cards (cases.cards.Card) as list items, each with its search snippet if any."""
    snippets = snippets or {}
    # Cards are built from escaped values and constants; snippets are escaped by Card.html.
    return mark_safe("\n".join(card.html(snippets.get(card.pk, "")) for card in cards))  # noqa: S308
