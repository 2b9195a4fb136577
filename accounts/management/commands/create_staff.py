"""manage.py create_staff EMAIL --role curator [--role campaigner] [--username NAME] [--no-email]

Creates a staff account with its roles (or gives an existing account those roles) and queues a
message with a link to choose a password; --no-email prints the link instead.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.staff import ROLE_GROUPS, create_staff, password_link, queue_welcome


class Command(BaseCommand):
    help = "Create a staff account with a role; the person receives a link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--role",
            action="append",
            required=True,
            choices=sorted(ROLE_GROUPS),
            dest="roles",
            help="a role to give (repeat for several)",
        )
        parser.add_argument("--username", default="", help="defaults to the e-mail address")
        parser.add_argument(
            "--no-email", action="store_true", help="print the password link instead of e-mailing it"
        )

    def handle(self, email, roles, username, no_email, **options):
        try:
            user, created = create_staff(email, roles, username=username)
        except ValidationError as exc:
            raise CommandError("; ".join(str(message) for message in exc.messages)) from exc
        what = "Created" if created else "Updated"
        self.stdout.write(f"{what} staff account {user.get_username()!r} with role(s): {', '.join(roles)}.")
        if not created and user.has_usable_password():
            return  # an existing account keeps its password
        if no_email:
            self.stdout.write(f"Link to choose a password (valid once): {password_link(user)}")
        else:
            queue_welcome(user)
            self.stdout.write(f"A link to choose a password is on its way to {user.email}.")
