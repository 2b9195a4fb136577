from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from endreprisals.edit_versions import VersionedAdminMixin

from .models import LoginThrottle
from .staff import ROLE_CHOICES, queue_welcome, set_roles


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Administrators see lockouts and may lift one (delete the row); nobody edits them."""

    list_display = ["scope", "user", "failures", "window_started_at", "locked_until"]
    list_filter = ["scope"]
    search_fields = ["user__username"]
    readonly_fields = ["scope", "user", "failures", "window_started_at", "locked_until"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# -- Creating staff with a role ------------------------------------------------------------------


class StaffCreationForm(AdminUserCreationForm):
    """The admin's "Add user" form with the staff roles; without a password, the new account is
    sent a link to choose one (accounts/staff.py)."""

    email = forms.EmailField(label=_("e-mail address"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("staff roles"),
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person with a role is staff: they sign in and land on their workspace."),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("set_usable_password", True) and not cleaned.get("email"):
            self.add_error("email", _("Give an e-mail address, to send the link to choose a password."))
        return cleaned


User = get_user_model()


class StaffUserAdmin(VersionedAdminMixin, UserAdmin):
    add_form = StaffCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "roles", "usable_password", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        roles = form.cleaned_data.get("roles") if not change else None
        if roles:
            obj.is_staff = True
        super().save_model(request, obj, form, change)
        if roles:
            set_roles(obj, roles)
        if not change and obj.email and not obj.has_usable_password():
            queue_welcome(obj)


# The accounts and authenticator pages of Django and django-otp, with the version check every
# change form has (endreprisals/edit_versions.py): two administrators editing one account's
# groups or permissions cannot silently undo each other.
for _model, _admin_class in [
    (User, StaffUserAdmin),
    (Group, type("GroupAdmin", (VersionedAdminMixin, GroupAdmin), {})),
    (TOTPDevice, type("TOTPDeviceAdmin", (VersionedAdminMixin, TOTPDeviceAdmin), {})),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin_class)
