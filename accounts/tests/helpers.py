import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def token_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app would show (optionally for a later 30-second step, which
    the device's tolerance of one step accepts; a code is accepted only once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def wrong_token(device: TOTPDevice) -> str:
    valid = {token_for(device, steps) for steps in (-1, 0, 1)}
    return next(t for t in ("000000", "111111", "222222", "333333") if t not in valid)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
