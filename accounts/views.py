"""Sign-in for researchers and staff, the second factor (TOTP), and password reset.

The admin keeps its own login page (throttled by the same form); these pages add what Django does
not have: enrolment and verification of a TOTP authenticator (django-otp), with the enrolment QR
code drawn as inline SVG by the app itself, and a password reset whose answer is the same whether
or not the address belongs to an account. Sign-in, sign-out and password reset are pages of the
site itself (templates/registration/), usable by researchers as well as staff; sign-in leads to
settings.LOGIN_REDIRECT_URL (the staff workspace, or the case list).
"""

import base64

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import throttle
from .forms import QueuedPasswordResetForm, ThrottledAuthenticationForm, TokenForm

DEVICE_NAME = "authenticator"


def _admin_context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("workspace") if request.user.is_staff else reverse("cases:list")


class LoginView(auth_views.LoginView):
    """Sign-in for everyone with an account (the admin's login page accepts staff only)."""

    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "app_path": self.request.get_full_path()}


class LogoutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"


def _otp_qr_svg(device: TOTPDevice) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=6)
    svg = image.to_string(encoding="unicode")
    label = escape(_("QR code to scan with your authenticator app"))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="otp-qr" ', 1)


def _grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _verified(request, device) -> HttpResponseRedirect:
    request.session.cycle_key()  # a new session id for the elevated session
    otp_login(request, device)
    return HttpResponseRedirect(_next_url(request))


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
@login_required(login_url=reverse_lazy("accounts_login"))
def two_factor_setup(request):
    """Enrol a TOTP authenticator: scan the code (or type the key), then prove it works."""
    user = request.user
    if user_has_device(user):
        return HttpResponseRedirect(f"{reverse('two_factor_verify')}?{request.GET.urlencode()}")
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error(None, _("Too many wrong codes. Wait a little, then try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Any other unconfirmed device is a leftover: remove it.
            TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
            return _verified(request, device)
        else:
            form.add_error("token", _("That code is not right. Check the time on your phone and try again."))
    context = _admin_context(
        request,
        title=_("Set up two-factor authentication"),
        form=form,
        qr_svg=mark_safe(_otp_qr_svg(device)),  # noqa: S308 - generated by qrcode from our own data
        secret=_grouped_secret(device),
        next=request.POST.get("next") or request.GET.get("next", ""),
    )
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
@login_required(login_url=reverse_lazy("accounts_login"))
def two_factor_verify(request):
    """Ask for the current code of the user's authenticator (django-otp throttles guesses)."""
    user = request.user
    if not user_has_device(user):
        return HttpResponseRedirect(f"{reverse('two_factor_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        for device in devices_for_user(user):
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                form.add_error(None, _("Too many wrong codes. Wait a little, then try again."))
                break
            if otp_verify_token(user, device.persistent_id, token) is not None:
                return _verified(request, device)
        else:
            form.add_error("token", _("That code is not right."))
    context = _admin_context(
        request,
        title=_("Two-factor authentication"),
        form=form,
        next=request.POST.get("next") or request.GET.get("next", ""),
    )
    return render(request, "accounts/two_factor_verify.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        form.save(request=self.request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.clear_account(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass
