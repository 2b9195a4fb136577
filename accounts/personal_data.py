"""Personal data of the accounts app (see mailer/personal_data.py)."""

from mailer.personal_data import exempt

exempt(
    "auth.User",
    "staff accounts are created by administrators, not collected from the public; an "
    "administrator deactivates or deletes them (docs/security.md). A public data request "
    "never touches an account.",
)
