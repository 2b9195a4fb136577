from django.contrib import admin

from endreprisals.edit_versions import VersionedAdminMixin

from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "category", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False
