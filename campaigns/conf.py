"""Settings of the campaigns app, each with a default (documented in docs/campaigns.md).

Each is read from Django settings if defined there, else from the environment variable of the
same name (parsed like the project's other settings), else the default below. Read them
through `get()` rather than `settings.X` so a missing setting never breaks a page.
"""

from django.conf import settings

from endreprisals.env import env_int, env_str

DEFAULTS = {
    # Messages one permanent mission receives from the platform per hour, across all actions.
    "CAMPAIGNS_MISSION_MAX_PER_HOUR": 6,
    # Office hours used when a mission's own are blank or cannot be read.
    "CAMPAIGNS_DEFAULT_OFFICE_HOURS": "Mon-Fri 09:00-17:00",
    # A mission address is paused after this many bounces.
    "CAMPAIGNS_BOUNCE_PAUSE_THRESHOLD": 2,
    # Days a confirmation link stays valid.
    "CAMPAIGNS_CONFIRM_DAYS": 14,
    # Hours after signing before the single reminder goes to an unconfirmed signer.
    "CAMPAIGNS_REMINDER_AFTER_HOURS": 48,
    # Rate limit on public forms: at most COUNT submissions per WINDOW seconds per client network
    # (an IPv4 address or an IPv6 /64, see endreprisals/client_address.py; stored only as a keyed
    # hash that changes every day) and per form.
    "CAMPAIGNS_RATE_LIMIT_COUNT": 10,
    "CAMPAIGNS_RATE_LIMIT_WINDOW": 600,
    # Days campaign e-mails (confirmations, letters, mailings) are kept once sent or failed.
    "CAMPAIGNS_MAIL_RETENTION_DAYS": 90,
}


def get(name: str):
    if hasattr(settings, name):
        return getattr(settings, name)
    default = DEFAULTS[name]
    if isinstance(default, int):
        return env_int(name, default)
    return env_str(name, default)
