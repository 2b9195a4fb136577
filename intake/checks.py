from django.conf import settings
from django.core.checks import Error, Warning, register

from . import crypto

MIDDLEWARE_PATH = "intake.middleware.StripClientAddressMiddleware"


@register()
def check_public_key(app_configs, **kwargs):
    if not settings.INTAKE_PUBLIC_KEY:
        return []
    try:
        crypto.parse_public_key(settings.INTAKE_PUBLIC_KEY)
    except crypto.InvalidKey:
        return [
            Error(
                "INTAKE_PUBLIC_KEY is not a base64-encoded 32-byte public key.",
                hint="Generate a key pair with `manage.py intake keygen` and set the public half.",
                id="intake.E001",
            )
        ]
    return []


@register()
def check_middleware(app_configs, **kwargs):
    if not settings.MIDDLEWARE or settings.MIDDLEWARE[0] != MIDDLEWARE_PATH:
        return [
            Warning(
                f"{MIDDLEWARE_PATH} should be the first middleware, so that no other middleware "
                "sees the client address of intake requests.",
                id="intake.W001",
            )
        ]
    return []
