"""URL helpers for the case list: links that toggle a facet value, change page or sort,
keeping every other parameter so results stay shareable."""

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def facet_toggle_url(query, param, value):
    return "?" + urlencode(query.toggled(param, value))


@register.simple_tag
def page_url(query, number):
    return "?" + urlencode([*query.to_params(), ("page", str(number))])


@register.simple_tag
def sort_url(query, sort):
    return "?" + urlencode(query.to_params(sort=sort))


@register.simple_tag
def download_url(path, query):
    params = urlencode(query.to_params())
    return f"{path}?{params}" if params else path
