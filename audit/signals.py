"""Every create, update and delete of the audited models becomes an audit event.

Audited: every model of the `cases` app (cases, victims, mentions, reports, paragraphs,
countries, vocabularies, access grants), timeline events (`tracking`, when installed), user
accounts and groups (including group and permission changes) and TOTP devices; plus sign-ins.
Historical copies (simple_history) are not themselves audited.

An event names the fields that changed, never their values: the log is read by staff who may
not see every record. Bulk operations that skip model signals (`bulk_create`, `QuerySet.update`,
`loaddata`, `load_reference`, `load_demo`) are not itemised; docs/security.md says so.
"""

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .services import Action, record

# Columns that change as a side effect and say nothing about an edit.
_IGNORED = {
    "search_names",
    "search_text",
    "search_vector",
    "updated_at",
    "created_at",
    "last_login",
}
# TOTP devices change on every use (counters, drift, throttling): only these matter.
_ONLY = {"otp_totp.totpdevice": {"user", "name", "confirmed", "key"}}

_EXTRA_MODELS = ["tracking.timelineevent", "auth.user", "auth.group", "otp_totp.totpdevice"]


def audited_models() -> list:
    models = [
        model
        for model in apps.get_app_config("cases").get_models()
        if not model._meta.model_name.startswith("historical") and not model._meta.proxy
    ]
    for label in _EXTRA_MODELS:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return models


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _tracked_fields(model) -> list[str]:
    only = _ONLY.get(_label(model))
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in _IGNORED and (only is None or field.name in only)
    ]


def _names(model, attnames) -> list[str]:
    by_attname = {f.attname: f.name for f in model._meta.concrete_fields}
    return [by_attname.get(a, a) for a in attnames]


def _describe(instance) -> dict:
    """Which object, without anything a reader of the log might not be allowed to see."""
    from cases.models import Case

    model = type(instance)
    fields = {"object_type": _label(model), "object_id": str(instance.pk or "")[:64]}
    if isinstance(instance, Case):
        fields.update(case_pk=instance.pk, public_id=instance.public_id, visibility=instance.visibility)
        return fields
    case_field = next(
        (
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is Case and f.name == "case"
        ),
        None,
    )
    if case_field is not None:
        fields["case_pk"] = getattr(instance, case_field.attname)
        return fields
    if _label(model) == "cases.accessgrant":
        return fields
    fields["summary_prefix"] = f"“{str(instance)[:150]}” "
    return fields


def _write(instance, action: str, summary: str) -> None:
    fields = _describe(instance)
    prefix = fields.pop("summary_prefix", "")
    user = getattr(instance, "_history_user", None)
    record(action, user=user, summary=(prefix + summary)[:500], **fields)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    fields = _tracked_fields(sender)
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        _write(instance, Action.CREATE, "created")
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    fields = _tracked_fields(sender)
    if update_fields is not None:
        wanted = {sender._meta.get_field(name).attname for name in update_fields}
        fields = [f for f in fields if f in wanted]
    changed = fields if before is None else [f for f in fields if before.get(f) != getattr(instance, f)]
    if changed:
        _write(instance, Action.UPDATE, "changed: " + ", ".join(_names(sender, changed)))


def _after_delete(sender, instance, **kwargs):
    _write(instance, Action.DELETE, "deleted")


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_clear" and not pk_set:
        return
    field = next(
        (f.name for f in type(instance)._meta.get_fields() if f.many_to_many and _through(f) is sender),
        sender._meta.model_name,
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    count = "" if action == "post_clear" else f" {len(pk_set)}"
    _write(instance, Action.UPDATE, f"{field}: {verb}{count}")


def _through(field):
    """The intermediate model of a many-to-many field or of its reverse relation."""
    return getattr(field, "through", None) or getattr(getattr(field, "remote_field", None), "through", None)


def _logged_in(sender, request, user, **kwargs):
    record(
        Action.LOGIN, user=user, object_type=_label(type(user)), object_id=str(user.pk), summary="signed in"
    )


def _login_failed(sender, credentials, request=None, **kwargs):
    from django.contrib.auth import get_user_model

    if getattr(request, "login_throttled", False):
        return  # refused by the lockout before any check: one event per real attempt only

    name = str(credentials.get("username", ""))[:150]
    # Only an existing account is named: a mistyped password pasted into the name field must
    # not end up in the log.
    user = get_user_model()._default_manager.filter(username=name).first() if name else None
    record(
        Action.LOGIN_FAILED,
        user=None,
        object_type="auth.user",
        object_id=str(user.pk) if user else "",
        summary=f"failed sign-in for {user.get_username()}" if user else "failed sign-in for an unknown name",
    )


def connect() -> None:
    for model in audited_models():
        uid = _label(model)
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"audit.pre_save.{uid}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"audit.post_save.{uid}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"audit.post_delete.{uid}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"audit.m2m.{uid}.{field.name}")
    user_logged_in.connect(_logged_in, dispatch_uid="audit.login")
    user_login_failed.connect(_login_failed, dispatch_uid="audit.login_failed")
