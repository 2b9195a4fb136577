"""Consent in the back office: shown where curators edit, refused where an edit would break it.

- The case form shows each victim's consent, and refuses a save that makes the case public or
  restricted, or changes a published case's text, against a victim's consent (cases/consent.py).
- The victim form refuses a name on a victim who consented to anonymised publication only.
- The consent inline records consent given outside the intake; consent from the intake form is
  the submitter's word, which only an administrator may change.
- The publish confirmation page lists the consent of every victim and what publishing would
  break; an administrator may override with a reason (audited).

Administrators override through a "reason" field that only they see: `consent.enforce`
checks the permission again, so a forged field changes nothing for anyone else.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import consent, publishing
from .models import Case, Consent
from .visibility import Visibility

OVERRIDE_FIELD = "consent_override_reason"


def consent_overview(case: Case | None) -> str:
    """Each victim's consent, as HTML for a read-only field of the case's change page."""
    if case is None or case.pk is None:
        return gettext("Consent is recorded per victim once the case is saved.")
    rows = consent.for_case(case)
    if not rows:
        return gettext("No victims yet: nothing to consent to.")
    return format_html(
        "<ul class='consent-overview'>{}</ul>",
        format_html_join(
            "",
            "<li><a href='{}'>{} {}</a>: {}</li>",
            (
                (
                    reverse("admin:cases_victim_change", args=[row.victim_pk]),
                    gettext("Victim %(n)d") % {"n": row.number},
                    f"({row.label})",
                    row.summary,
                )
                for row in rows
            ),
        ),
    )


def cases_consent(cases) -> str:
    """The consent given for `cases` (a queryset), for a read-only admin field: only the cases
    the signed-in user may see (the request's user, as the audit log knows it), by public id
    and victim number, without names."""
    from audit.services import actor

    if cases is None:
        return "—"
    visible = cases.filter(pk__in=Case.objects.visible_to(actor()).values("pk"))
    lines = [
        (case.public_id, gettext("victim %(n)d") % {"n": row.number}, row.summary)
        for case in visible.order_by("pk")
        for row in consent.for_case(case)
    ]
    if not lines:
        return gettext("No consent recorded for these cases.")
    return format_html(
        "<ul class='consent-overview'>{}</ul>", format_html_join("", "<li>{}, {}: {}</li>", lines)
    )


class ConsentOverrideAdminMixin:
    """For a ModelAdmin whose form (a `ConsentCheckedForm`) checks consent: the form knows the
    user, and only administrators see the field where they give a reason to override."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != OVERRIDE_FIELD]
        return [*fields, OVERRIDE_FIELD] if consent.can_override(request.user) else fields


class ConsentCheckedForm(forms.ModelForm):
    """A form that checks a step against consent in `check_consent()` (from its clean)."""

    user = None  # set per request (ConsentOverrideAdminMixin, or the inline's get_formset)
    override_reason = ""  # for inline forms: the parent form's reason, from the request
    consent_override_reason = consent.override_reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not consent.can_override(self.user):
            self.fields.pop(OVERRIDE_FIELD, None)

    def check_consent(self, cases, step, extra_texts=()):
        reason = self.cleaned_data.get(OVERRIDE_FIELD) or self.override_reason
        try:
            consent.enforce(
                cases, step, user=self.user, override_reason=reason, via="admin", extra_texts=extra_texts
            )
        except consent.ConsentRefused as refused:
            raise forms.ValidationError(str(refused)) from None


class CaseConsentForm(ConsentCheckedForm):
    """Refuses a save that breaks consent: visibility widened to public or restricted, or the
    text of a published case changed to show what must not be disclosed."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned  # a new case has no victims with consent yet
        stored = Case.objects.filter(pk=self.instance.pk).values("visibility", "published_at").first() or {}
        probe = copy.copy(self.instance)
        probe.published_at = stored.get("published_at")  # only cases/publishing.py changes it
        for name in ("title", "summary", "visibility"):
            if name in cleaned:
                setattr(probe, name, cleaned[name])
        for step in consent.steps_of_change(stored.get("visibility"), probe):
            self.check_consent(probe, step)
        return cleaned


class VictimConsentForm(forms.ModelForm):
    """A victim who consented to anonymised publication only has no name in the record: the
    name is kept in the consent record, which nothing public reads."""

    def clean(self):
        cleaned = super().clean()
        recorded = getattr(self.instance, "consent", None) if self.instance.pk else None
        if (
            recorded is not None
            and recorded.publication == Consent.Publication.ANONYMISED
            and cleaned.get("name", "").strip()
        ):
            self.add_error(
                "name",
                _(
                    "This victim consented to anonymised publication only: leave the name empty "
                    "(it is kept in the consent record, as the name not to publish)."
                ),
            )
        return cleaned


class ConsentInline(admin.StackedInline):
    model = Consent
    extra = 0
    max_num = 1
    can_delete = False
    fields = [
        ("source", "source_reference"),
        ("publication", "share_with_un"),
        "withheld_name",
        "withheld_details",
        "recorded_at",
    ]
    verbose_name_plural = _("consent given")

    def _from_intake(self, obj) -> bool:
        recorded = getattr(obj, "consent", None) if obj is not None and obj.pk else None
        return recorded is not None and recorded.source == Consent.Source.INTAKE

    def get_readonly_fields(self, request, obj=None):
        # The submitter's own choices: only an administrator may change them (audited).
        if self._from_intake(obj) and not consent.can_override(request.user):
            return [
                "source",
                "source_reference",
                "publication",
                "share_with_un",
                "withheld_name",
                "withheld_details",
                "recorded_at",
            ]
        return ["recorded_at"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "source":
            # Only the intake path records the submitter's own consent.
            kwargs["choices"] = [c for c in Consent.Source.choices if c[0] != Consent.Source.INTAKE]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


# --- The publish confirmation page -------------------------------------------------------------


class PublishForm(forms.Form):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if consent.can_override(user):
            self.fields[OVERRIDE_FIELD] = consent.override_reason_field()


def publish_confirmation(model_admin, request, case: Case):
    """GET: the consent of every victim and what publishing would break. POST: publish, or
    refuse with the reasons (an administrator may override with a reason)."""
    form = PublishForm(request.POST if request.method == "POST" else None, user=request.user)
    change_url = reverse(f"{model_admin.admin_site.name}:cases_case_change", args=[case.pk])
    if request.method == "POST" and form.is_valid():
        try:
            changed = publishing.publish(
                case, request.user, override_reason=form.cleaned_data.get(OVERRIDE_FIELD, "")
            )
        except consent.ConsentRefused as refused:
            messages.error(request, str(refused))
        else:
            message = (
                gettext("“%(case)s” is now published.")
                if changed
                else gettext("“%(case)s” was already published.")
            )
            if case.visibility != Visibility.PUBLIC:
                message += " " + gettext(
                    "Its visibility is %(level)s, so the public does not see it; only people "
                    "allowed to see %(level)s cases do."
                ) % {"level": case.get_visibility_display(), "case": case}
            model_admin.message_user(
                request, message % {"case": case}, messages.SUCCESS if changed else messages.INFO
            )
            return HttpResponseRedirect(change_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Case._meta,
        "original": case,
        "title": gettext("Publish “%(case)s”?") % {"case": case},
        "victims": consent.for_case(case),
        "violations": consent.violations(case, consent.Step.PUBLISH),
        "can_override": consent.can_override(request.user),
        "form": form,
        "change_url": change_url,
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "admin/cases/case/publish_confirmation.html", context, status=status)
