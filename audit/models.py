"""The append-only audit log.

Append-only three times over: `AuditEvent.save()` refuses to update and `delete()` refuses; the
queryset refuses `update()` and `delete()`; and database triggers (migration 0002) reject any
UPDATE or DELETE of the table on SQLite and PostgreSQL (and TRUNCATE on PostgreSQL). The admin
shows it read-only to everyone, superusers included.

No network address, no user agent, no values of the record: who (user id and name as they were),
the roles they held, when, the action, and which object (type, key, public id).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove audit events."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the audit log is append-only")

    def delete(self):
        raise AppendOnlyError("the audit log is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("the audit log is append-only")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("create")
        UPDATE = "update", _("update")
        DELETE = "delete", _("delete")
        VIEW = "view", _("view")
        EXPORT = "export", _("export")
        LOGIN = "login", _("sign-in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        OVERRIDE = "override", _("consent override")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    user_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True, editable=False)
    username = models.CharField(_("user"), max_length=150, blank=True, editable=False)
    role = models.CharField(
        _("role"), max_length=100, editable=False, help_text=_("The roles the user held at the time.")
    )
    action = models.CharField(
        _("action"), max_length=12, choices=Action.choices, db_index=True, editable=False
    )
    object_type = models.CharField(_("object type"), max_length=100, db_index=True, editable=False)
    object_id = models.CharField(_("object key"), max_length=64, blank=True, editable=False)
    public_id = models.CharField(_("public id"), max_length=12, blank=True, db_index=True, editable=False)
    case_pk = models.BigIntegerField(
        _("case key"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The case this event concerns, if any: readers see only events of cases they may see."),
    )
    visibility = models.CharField(_("visibility at the time"), max_length=12, blank=True, editable=False)
    summary = models.CharField(_("summary"), max_length=500, blank=True, editable=False)
    via = models.CharField(_("through"), max_length=200, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        default_permissions = ("view",)

    def __str__(self):
        who = self.username or _("anonymous")
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {who} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("audit events cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
