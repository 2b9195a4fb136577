from django.contrib import admin

from endreprisals.edit_versions import VersionedAdminMixin

from .models import ConsentRecord, OutboundEmail, Suppression


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboundEmail)
class OutboundEmailAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "category", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "category"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["purpose", "reference", "version", "page", "given_at", "confirmed_at"]
    list_filter = ["purpose", "version"]


@admin.register(Suppression)
class SuppressionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "reason", "created_at"]
