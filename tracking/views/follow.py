"""Following by e-mail: subscribe (double opt-in), confirm, unsubscribe (RFC 8058 one-click).

Only public cases can be followed by e-mail (digests are written for anyone): following a case
that anonymous visitors cannot see answers 404, exactly as for a case that does not exist.
The form is guarded like every form that collects an address: a honeypot, the rate limit per
client network (campaigns.ratelimit, scope "follow"), a consent checkbox whose wording is kept.
Confirmation goes through the one confirmation view (mailer.confirmation, kind FOLLOW).
"""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from campaigns import ratelimit
from cases.filters import CaseQuery, InvalidQuery
from cases.models import Country
from cases.visibility import ANONYMOUS, get_case_for_user
from mailer.forms import HoneypotForm

from ..models import Subscription
from ..services import subscriptions as service
from ..services.subscriptions import Scope


class SubscribeForm(HoneypotForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    consent = forms.BooleanField(
        required=True,
        label=service.CONSENT_TEXT,
        label_suffix="",
        error_messages={"required": _("Please tick the box to agree; we cannot send you digests otherwise.")},
    )


def _follow(request, scope: Scope):
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_bot:  # the same page as for a person; nothing stored or sent
            return render(request, "tracking/follow_sent.html", {"scope": scope})
        if not ratelimit.hit(request, "follow"):
            form.add_error(
                None, _("Too many requests from your network just now. Please wait a few minutes.")
            )
            status = 429
        elif form.is_valid():
            service.subscribe(form.cleaned_data["email"], scope, get_language() or "en", page=request.path)
            return render(request, "tracking/follow_sent.html", {"scope": scope})
        else:
            status = 400
    return render(request, "tracking/follow.html", {"scope": scope, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def follow_case(request, public_id):
    case = get_case_for_user(ANONYMOUS, public_id)
    return _follow(request, Scope(Subscription.Kind.CASE, case=case))


@require_http_methods(["GET", "POST"])
def follow_country(request, iso2):
    if iso2 != iso2.lower():
        raise Http404
    country = get_object_or_404(Country, iso2=iso2.upper())
    return _follow(request, Scope(Subscription.Kind.COUNTRY, country=country))


@require_http_methods(["GET", "POST"])
def follow_search(request):
    params = request.GET
    try:
        query = CaseQuery.from_querydict(params)
    except InvalidQuery as exc:
        return render(request, "tracking/invalid.html", {"errors": exc.errors}, status=400)
    return _follow(request, Scope.for_search(query))


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" without a CSRF token;
# the signed token in the address is the authorisation, and unsubscribing is all it can do.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (the button, or a mail provider's one-click) unsubscribes."""
    subscription = service.subscription_to_end(token)
    if request.method == "POST":
        if subscription is not None:
            service.unsubscribe(subscription)
        # Answer the same whether or not the subscription still existed: unsubscribing twice
        # is not an error.
        return render(request, "tracking/unsubscribed.html")
    if subscription is None:
        return render(request, "tracking/link_invalid.html", status=404)
    return render(request, "tracking/unsubscribe.html", {"scope": Scope.of(subscription)})
