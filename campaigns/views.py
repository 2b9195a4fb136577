"""Public campaign pages and the supporters' flows. Staff pages are in staff_views.py.

Rules kept here:
- featured cases come only through `Case.objects.visible_to(request.user)`;
- no page shows a supporter's name or address except to that supporter through their own
  secret link, and counts are the only thing the public sees about supporters;
- links in e-mails open a page with a button; only the POST changes anything;
- a form with errors is shown again with everything the person typed.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import record_access
from cases.models import Case
from cases.visibility import ANONYMOUS

from . import privacy, ratelimit, services
from .forms import (
    ActionForm,
    DataRequestForm,
    MastodonShareForm,
    PetitionForm,
    ReplyReportForm,
    SubscribeForm,
)
from .models import (
    ActionSubmission,
    Campaign,
    CampaignUpdate,
    DataRequest,
    EmailAction,
    MailingList,
    Petition,
    Subscription,
)
from .share import share_links


def _sees_drafts(user) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm("campaigns.change_campaign")


def _campaigns_for(user):
    return Campaign.objects.all() if _sees_drafts(user) else Campaign.objects.published()


def _campaign(request, slug) -> Campaign:
    return get_object_or_404(_campaigns_for(request.user), slug=slug)


def _in_campaign(request, model, slug, item_slug):
    """A petition or action of a campaign the user may see, with its campaign, in one query.

    The draft rule is a condition on the joined campaign rather than `campaign__in` a subquery
    of `_campaigns_for`: the same rows, and a third less time on every signature of a surge."""
    items = model.objects.select_related("campaign")
    if not _sees_drafts(request.user):
        items = items.filter(campaign__is_published=True)
    return get_object_or_404(items, campaign__slug=slug, slug=item_slug)


def default_mailing_list() -> MailingList | None:
    return MailingList.objects.order_by("pk").first()


@require_GET
def campaign_list(request):
    campaigns = list(_campaigns_for(request.user))
    for campaign in campaigns:
        campaign.counts = services.campaign_counts(campaign)
    return render(request, "campaigns/list.html", {"campaigns": campaigns})


def featured_cases(campaign, user) -> list[Case]:
    """The campaign's cases that `user` may see, in the campaign's order, with their blurbs."""
    blurbs = {f.case_id: (f.position, f.blurb) for f in campaign.featured.all()}
    cases = list(
        Case.objects.visible_to(user)
        .filter(pk__in=blurbs)
        .select_related("country")
        .prefetch_related("victims")
    )
    public_ids = set(Case.objects.visible_to(ANONYMOUS).filter(pk__in=blurbs).values_list("pk", flat=True))
    for case in cases:
        case.position, case.blurb = blurbs[case.pk]
        case.share = share_links(case) if case.pk in public_ids else None
    return sorted(cases, key=lambda c: (c.position, c.title))


@require_GET
def campaign_detail(request, slug):
    campaign = _campaign(request, slug)
    actions = list(campaign.email_actions.all())
    for action in actions:
        action.counts = services.action_counts(action)
    petitions = list(campaign.petitions.all())
    for petition in petitions:
        petition.count = services.petition_count(petition)
    updates = campaign.updates.filter(published_at__isnull=False, published_at__lte=timezone.now())
    mailing_list = default_mailing_list()
    cases = featured_cases(campaign, request.user)
    record_access(request.user, cases, "view", via=request.path)
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "cases": cases,
            "actions": actions,
            "petitions": petitions,
            "updates": updates,
            "counts": services.campaign_counts(campaign),
            "mailing_list": mailing_list,
            "subscribe_form": SubscribeForm(mailing_list=mailing_list) if mailing_list else None,
        },
    )


@require_GET
def update_detail(request, slug, update_slug):
    campaign = _campaign(request, slug)
    update = get_object_or_404(
        CampaignUpdate,
        campaign=campaign,
        slug=update_slug,
        published_at__isnull=False,
        published_at__lte=timezone.now(),
    )
    return render(request, "campaigns/update.html", {"campaign": campaign, "update": update})


@require_GET
def check_inbox(request, slug):
    campaign = _campaign(request, slug)
    return render(request, "campaigns/check_inbox.html", {"campaign": campaign})


def _too_many(request, scope) -> bool:
    return not ratelimit.hit(request, scope)


# --- Petitions --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def petition(request, slug, petition_slug):
    petition = _in_campaign(request, Petition, slug, petition_slug)
    campaign = petition.campaign
    status = 200
    if request.method == "POST":
        form = PetitionForm(request.POST, petition=petition)
        if form.is_bot:
            return redirect("campaigns:inbox", slug=campaign.slug)
        if not petition.is_open:
            form.add_error(None, _("This petition is closed; it no longer takes signatures."))
            status = 400
        elif _too_many(request, "petition"):
            form.add_error(
                None,
                _(
                    "Too many signatures from your network just now. Please wait a few minutes and send the form again; nothing you typed is lost."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            services.sign_petition(
                petition, name=data["name"], email=data["email"], country=data["country"], page=request.path
            )
            return redirect("campaigns:inbox", slug=campaign.slug)
        else:
            status = 400
    else:
        form = PetitionForm(petition=petition)
    context = {
        "campaign": campaign,
        "petition": petition,
        "form": form,
        "count": services.petition_count(petition),
    }
    return render(request, "campaigns/petition.html", context, status=status)


@never_cache
@require_GET
def petition_count(request, slug, petition_slug):
    petition = _in_campaign(request, Petition, slug, petition_slug)
    return JsonResponse(
        {"petition": petition.slug, "confirmed_signatures": services.petition_count(petition)}
    )


# --- E-mail action ----------------------------------------------------------------------------


def _filters_from(data, action, default=False) -> services.TargetFilters:
    has_sponsors = bool(services.co_sponsor_ids(action))
    if default:
        return services.TargetFilters(cosponsors_only=has_sponsors)
    region = data.get("region", "")
    from cases.models import Country

    return services.TargetFilters(
        region=region if region in Country.Region.values else "",
        council_only=bool(data.get("council_only")),
        cosponsors_only=bool(data.get("cosponsors_only")) and has_sponsors,
    )


@require_http_methods(["GET", "POST"])
def action(request, slug, action_slug):
    action = _in_campaign(request, EmailAction, slug, action_slug)
    campaign = action.campaign
    status = 200
    nudge = False
    preview = None
    if request.method == "POST":
        filters = _filters_from(request.POST, action)
        targets = services.targets_for(action, filters)
        states = [t.state for t in targets]
        if "refine" in request.POST or "preview" in request.POST:
            initial = _initial_from(request.POST)
            if "refine" in request.POST:
                initial["targets"] = states
            else:
                chosen = set(request.POST.getlist("targets"))
                initial["targets"] = [s for s in states if s.iso2 in chosen]
                preview = _preview(action, targets, initial)
            form = ActionForm(initial=initial, action=action, target_states=states)
        else:
            form = ActionForm(request.POST, action=action, target_states=states)
            if form.is_bot:
                return redirect("campaigns:inbox", slug=campaign.slug)
            if not action.is_open:
                form.add_error(None, _("This action is closed."))
                status = 400
            elif form.is_valid():
                chosen = {c.pk for c in form.cleaned_data["targets"]}
                if not any(t.sendable for t in targets if t.state.pk in chosen):
                    form.add_error(
                        "targets",
                        _(
                            "None of the States you ticked has a known e-mail address we can write to. Tick "
                            "others, or write from your own e-mail program (link below)."
                        ),
                    )
                    status = 400
                elif (
                    services.letters.is_template_text(action, form.cleaned_data["letter_body"])
                    and "send_unchanged" not in request.POST
                ):
                    nudge = True
                elif _too_many(request, "action"):
                    form.add_error(
                        None,
                        _(
                            "Too many letters from your network just now. Please wait a few minutes and send again; nothing you typed is lost."
                        ),
                    )
                    status = 429
                else:
                    data = form.cleaned_data
                    services.start_action(
                        action,
                        name=data["name"],
                        email=data["email"],
                        country=data["country"],
                        letter_body=data["letter_body"],
                        targets=list(data["targets"]),
                        page=request.path,
                    )
                    return redirect("campaigns:inbox", slug=campaign.slug)
            else:
                status = 400
    else:
        filters = _filters_from({}, action, default=True)
        targets = services.targets_for(action, filters)
        states = [t.state for t in targets]
        form = ActionForm(
            initial={
                "targets": states,
                "letter_body": action.letter_body,
                "cosponsors_only": filters.cosponsors_only,
            },
            action=action,
            target_states=states,
        )
        preview = _preview(action, targets, {"letter_body": action.letter_body})
    if form.is_bound:
        checked = set(request.POST.getlist("targets"))
    else:
        checked = {c.iso2 for c in form.initial.get("targets", [])}
    context = {
        "campaign": campaign,
        "action": action,
        "form": form,
        "targets": targets,
        "checked": checked,
        "nudge": nudge,
        "preview": preview,
        "cases": services.letters.letter_cases(action),
        "counts": services.action_counts(action),
        "has_sponsors": bool(services.co_sponsor_ids(action)),
        **_address_gap(request, targets),
    }
    return render(request, "campaigns/action.html", context, status=status)


def _address_gap(request, targets) -> dict:
    """When no listed mission has an e-mail address (as installed, before the Blue Book is
    imported), the pages say so: staff who can add missions are told how."""
    return {
        "no_addresses": bool(targets) and not any(t.address for t in targets),
        "can_add_missions": request.user.is_staff
        and request.user.has_perms(["states.add_permanentmission", "states.change_permanentmission"]),
    }


def _initial_from(data) -> dict:
    from cases.models import Country

    initial = {key: data.get(key, "") for key in ("name", "email", "letter_body", "region")}
    initial["council_only"] = bool(data.get("council_only"))
    initial["cosponsors_only"] = bool(data.get("cosponsors_only"))
    initial["consent"] = bool(data.get("consent"))
    initial["country"] = Country.objects.filter(iso2=data.get("country", "")).first()
    return initial


def _preview(action, targets, initial):
    chosen = initial.get("targets")
    pool = [t for t in targets if chosen is None or t.state in chosen] or targets
    if not pool:
        return None
    target = next((t for t in pool if t.sendable), pool[0])
    country = initial.get("country")
    return services.preview_letter(
        action,
        state=target.state,
        body=initial.get("letter_body") or action.letter_body,
        name=initial.get("name") or _("Your name"),
        supporter_country=country.name if country else "",
        mission=target.mission,
    )


@require_GET
def action_mailto(request, slug, action_slug):
    """Write from your own e-mail program: one mailto: link per State, with the letter
    personalised for it. The platform sends nothing."""
    action = _in_campaign(request, EmailAction, slug, action_slug)
    campaign = action.campaign
    filters = _filters_from(
        request.GET, action, default="region" not in request.GET and "cosponsors_only" not in request.GET
    )
    targets = services.targets_for(action, filters)
    cases = services.letters.letter_cases(action)
    raisers: dict = {}
    rows = []
    from urllib.parse import quote

    for target in targets:
        letter = services.letters.compose(
            action,
            target.state,
            body=action.letter_body,
            name=_("[your name]"),
            supporter_country="",
            cases=cases,
            raisers=raisers,
            mission=target.mission,
        )
        link = ""
        if target.address:
            link = f"mailto:{quote(target.address, safe='@')}?subject={quote(letter.subject)}&body={quote(letter.text)}"
        rows.append({"target": target, "link": link, "variant": letter.variant})
    return render(
        request,
        "campaigns/mailto.html",
        {
            "campaign": campaign,
            "action": action,
            "rows": rows,
            "filters": filters,
            "regions": _regions(),
            **_address_gap(request, targets),
        },
    )


def _regions():
    from cases.models import Country

    return Country.Region.choices


# --- Secret links: GET shows a page (a button), POST acts. Confirmation links go to the one
# confirmation view (mailer.confirmation); these are the letter's status and the reply report.


def _link_invalid(request, status=404):
    return render(request, "campaigns/link_invalid.html", status=status)


@never_cache
@require_GET
def action_status(request, token):
    """The supporter's own page (secret link): where each of their messages stands."""
    submission = ActionSubmission.objects.filter(token=token).select_related("action__campaign").first()
    if submission is None:
        return _link_invalid(request)
    rows = [
        {"message": m, "status": services.message_status(m)}
        for m in submission.messages.select_related("country", "outbound", "mission").order_by(
            "country__name"
        )
    ]
    return render(request, "campaigns/action_status.html", {"submission": submission, "rows": rows})


@never_cache
@require_http_methods(["GET", "POST"])
def report_reply(request, token):
    submission = ActionSubmission.objects.filter(
        token=token, status=ActionSubmission.Status.CONFIRMED
    ).first()
    if submission is None:
        return _link_invalid(request)
    status = 200
    if request.method == "POST":
        form = ReplyReportForm(request.POST, submission=submission)
        if form.is_valid():
            services.report_reply(submission, **form.cleaned_data)
            messages.success(request, _("Thank you: we will check the reply and count it."))
            return redirect("campaigns:action-status", token=submission.token)
        status = 400
    else:
        form = ReplyReportForm(submission=submission)
    return render(
        request, "campaigns/report_reply.html", {"submission": submission, "form": form}, status=status
    )


# --- Mailing list -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request):
    mailing_list = default_mailing_list()
    if mailing_list is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = SubscribeForm(request.POST, mailing_list=mailing_list)
        if form.is_bot:
            return render(request, "campaigns/check_inbox.html", {})
        if _too_many(request, "subscribe"):
            form.add_error(
                None, _("Too many requests from your network just now. Please wait a few minutes.")
            )
            status = 429
        elif form.is_valid():
            services.subscribe(
                mailing_list, email=form.cleaned_data["email"], page=request.POST.get("page") or request.path
            )
            return render(request, "campaigns/check_inbox.html", {})
        else:
            status = 400
    else:
        form = SubscribeForm(mailing_list=mailing_list)
    return render(
        request, "campaigns/subscribe.html", {"form": form, "mailing_list": mailing_list}, status=status
    )


@csrf_exempt  # RFC 8058 one-click: the mail provider POSTs without a form token; the link's token is the secret
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = Subscription.objects.filter(token=token).select_related("mailing_list").first()
    if subscription is None:
        return _link_invalid(request)
    if request.method == "POST":
        services.unsubscribe(subscription)
        return render(request, "campaigns/unsubscribed.html", {"mailing_list": subscription.mailing_list})
    return render(
        request,
        "campaigns/unsubscribe.html",
        {"subscription": subscription, "done": subscription.status == Subscription.Status.UNSUBSCRIBED},
    )


# --- A supporter's data -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def my_data(request):
    status = 200
    if request.method == "POST":
        form = DataRequestForm(request.POST)
        if form.is_bot:
            return render(request, "campaigns/my_data_sent.html", {"kind": "export"})
        if _too_many(request, "my-data"):
            form.add_error(
                None, _("Too many requests from your network just now. Please wait a few minutes.")
            )
            status = 429
        elif form.is_valid():
            email, kind = form.cleaned_data["email"], form.cleaned_data["request"]
            if kind == "export":
                privacy.request_export(email)
            else:
                privacy.request_erasure(email)
            return render(request, "campaigns/my_data_sent.html", {"kind": kind})
        else:
            status = 400
    else:
        form = DataRequestForm()
    return render(request, "campaigns/my_data.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_erasure(request, token):
    data_request = DataRequest.objects.filter(token=token, kind=DataRequest.Kind.ERASURE).first()
    if data_request is None:
        return _link_invalid(request)
    if request.method == "POST":
        privacy.erase(data_request.email)
        return render(request, "campaigns/erased.html")
    return render(
        request,
        "mailer/confirm.html",
        {
            "title": _("Erase your data"),
            "what": _(
                "the erasure of everything we hold about your e-mail address: signatures, letters, "
                "subscriptions and consent records. Letters not yet delivered will not be sent. We keep "
                "only a one-way fingerprint of the address so that we never write to it again"
            ),
            "done": False,
            "button": _("Erase my data"),
            "back_url": reverse("campaigns:list"),
            "danger": True,
        },
    )


# --- Sharing ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def share_mastodon(request, public_id):
    """Mastodon has no single site: ask for the person's server, then send them to its share
    page. Only public cases; the text is built here, never taken from the request."""
    case = get_object_or_404(
        Case.objects.visible_to(ANONYMOUS).select_related("country"), public_id=public_id
    )
    links = share_links(case)
    status = 200
    if request.method == "POST":
        form = MastodonShareForm(request.POST)
        if form.is_valid():
            from urllib.parse import quote

            return HttpResponseRedirect(
                f"https://{form.cleaned_data['instance']}/share?text={quote(links['text'])}"
            )
        status = 400
    else:
        form = MastodonShareForm()
    return render(
        request, "campaigns/share_mastodon.html", {"case": case, "form": form, "links": links}, status=status
    )
