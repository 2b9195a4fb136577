"""{% load interface %}: the language menu, social preview cards, localised country names."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext_lazy, override, to_locale

from ..countries import country_name, sort_key

register = template.Library()


def absolute(url: str) -> str:
    """An address on this site as an absolute URL (settings.SITE_URL), for feeds and cards."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


register.filter("absolute", absolute)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language of settings.LANGUAGES (with its query string), or
    that language's home page when the page has no translation (an error page, for example)."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    # A page that did not resolve (an error page) has no equivalent in other languages.
    resolved = getattr(request, "resolver_match", None) is not None
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code) if resolved else path
        translated = resolved and (code == current or url != path)
        if not translated and code != current:
            with override(code):
                try:
                    url = reverse("cases:home")
                except NoReverseMatch:  # pragma: no cover - the home page always exists
                    url = "/"
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "bidi": info["bidi"],
                "url": url,
                "prefix": "" if code == settings.LANGUAGE_CODE else f"/{code}",
                "current": code == current,
                "translated": translated,
            }
        )
    return links


@register.inclusion_tag("interface/_social_card.html", takes_context=True)
def social_card(context, title, description="", kind="article"):
    """Open Graph and Twitter meta tags with absolute URLs. Only for pages anyone may see."""
    request = context.get("request")
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "title": title,
        "description": " ".join(str(description).split())[:300],
        "kind": kind,
        "url": absolute(request.path if request is not None else "/"),
        "image": absolute(static("img/social-card.png")),
        "locale": to_locale(language),
    }


@register.filter
def local_country(country) -> str:
    """A Country's name in the reader's language (interface/countries.py)."""
    if country is None:
        return ""
    return country_name(country.iso2, country.display_name)


@register.simple_tag(takes_context=True)
def nav_current(context, *view_names):
    """aria-current for a main-menu link: "page" on the page it points to (the first view
    name), "true" on the other pages of its section (the other names; "ns:*" for a whole
    namespace)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or not view_names:
        return ""
    name = match.view_name
    if name == view_names[0]:
        return mark_safe('aria-current="page"')
    for other in view_names[1:]:
        if name == other or (other.endswith(":*") and name.startswith(other[:-1])):
            return mark_safe('aria-current="true"')
    return ""


@register.filter
def by_local_name(countries):
    """Countries in the alphabetical order of their names in the reader's language (accents
    ignored); unchanged in English, where the database already orders them by UN name."""
    language = (get_language() or "en").lower()
    if language == "en":
        return countries

    return sorted(countries, key=lambda country: sort_key(country.local_name))


_ROLE_LABELS = {
    "administrator": gettext_lazy("administrator"),
    "editor": gettext_lazy("curator"),
    "reviewer": gettext_lazy("reviewer"),
    "researcher": gettext_lazy("researcher"),
}


@register.simple_tag
def role_labels(user) -> str:
    """The signed-in user's roles, in words, for the header ("curator, campaigner")."""
    from campaigns.roles import CAMPAIGNERS
    from cases.roles import roles_of

    labels = [_ROLE_LABELS.get(role, role) for role in roles_of(user)]
    if user.groups.filter(name=CAMPAIGNERS).exists():
        labels = [label for label in labels if label != _ROLE_LABELS["researcher"]] + [
            gettext_lazy("campaigner")
        ]
    return ", ".join(str(label) for label in labels)


def edit_url(user, obj) -> str:
    """The admin address where `user` may edit `obj`, or "": staff holding the model's change
    permission only (the page showing `obj` has already passed the visibility rule)."""
    if obj is None or user is None or not user.is_authenticated or not user.is_staff:
        return ""
    meta = obj._meta
    if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
        return ""
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


@register.inclusion_tag("interface/_edit_link.html", takes_context=True)
def edit_link(context, obj):
    """An "Edit" link on a public page, for the staff who may edit what it shows."""
    request = context.get("request")
    return {"url": edit_url(getattr(request, "user", None), obj)}
