from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from endreprisals.edit_versions import VersionedAdminMixin

from .models import LoginThrottle


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


# The accounts and authenticator pages of Django and django-otp, with the version check every
# change form has (endreprisals/edit_versions.py): two administrators editing one account's
# groups or permissions cannot silently undo each other.
for _model, _admin_class in [
    (User, UserAdmin),
    (Group, GroupAdmin),
    (TOTPDevice, TOTPDeviceAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_admin_class.__name__, (VersionedAdminMixin, _admin_class), {}))
