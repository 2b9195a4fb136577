from django.contrib import admin

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
