"""manage.py intake keygen | decrypt --key-file FILE [REFERENCE] | fingerprint

keygen   prints a new key pair. Put the public half in INTAKE_PUBLIC_KEY on the server; keep the
         private half offline (an encrypted USB key, a password manager), never on the server.
decrypt  opens submissions with the private key read from FILE ("-" reads standard input, so
         the key never touches the server's disk) and prints them as JSON, which the staff page
         accepts to create a case. Without REFERENCE, every submission is decrypted.
         --attachments-dir DIR also writes the decrypted attachments there.
fingerprint  prints the fingerprint of the configured public key.
"""

import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake import crypto, services
from intake.models import Submission

PRIVATE_KEY_WARNING = (
    "Keep the PRIVATE key offline and never put it on the server: whoever holds it can read every "
    "submission sealed to this public key. Store it on an encrypted device or in a password "
    "manager, and make a second copy in a safe place: if it is lost, submissions cannot be read."
)


class Command(BaseCommand):
    help = "Key pairs and decryption for the secure intake (see docs/intake.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("keygen", help="Print a new intake key pair.")
        decrypt = sub.add_parser("decrypt", help="Decrypt submissions with the private key.")
        decrypt.add_argument(
            "--key-file", required=True, help='File holding the private key; "-" reads standard input.'
        )
        decrypt.add_argument("reference", nargs="?", help="The submission's reference (or numeric id).")
        decrypt.add_argument(
            "--attachments-dir", help="Also write the decrypted attachments into this directory."
        )
        sub.add_parser("fingerprint", help="Print the fingerprint of the configured public key.")

    def handle(self, *args, subcommand, **options):
        return getattr(self, f"handle_{subcommand}")(**options)

    def handle_keygen(self, **options):
        public, private = crypto.generate_keypair()
        fp = crypto.fingerprint(crypto.parse_public_key(public))
        self.stderr.write(self.style.WARNING(f"WARNING: {PRIVATE_KEY_WARNING}"))
        self.stdout.write(
            f"# EndReprisals intake key pair, fingerprint {fp}\n"
            f"# Public half: set it in the server's environment.\n"
            f"{crypto.PUBLIC_KEY_VAR}={public}\n"
            f"# Private half: keep it OFFLINE. Never put it on the server.\n"
            f"{crypto.PRIVATE_KEY_VAR}={private}\n"
        )

    def handle_fingerprint(self, **options):
        self.stdout.write(crypto.fingerprint(crypto.configured_public_key()))

    def _read_key(self, key_file):
        try:
            text = sys.stdin.read() if key_file == "-" else Path(key_file).read_text()
        except OSError as exc:
            raise CommandError(f"Cannot read the key file: {exc.strerror}") from None
        try:
            return crypto.parse_private_key(text)
        except crypto.InvalidKey as exc:
            raise CommandError(str(exc)) from None

    def _submissions(self, reference):
        if not reference:
            return list(Submission.objects.order_by("received_on", "id"))
        lookup = {"pk": int(reference)} if reference.isdigit() else {"reference": reference}
        submission = Submission.objects.filter(**lookup).first()
        if submission is None:
            raise CommandError(f"No submission {reference}.")
        return [submission]

    def handle_decrypt(self, key_file, reference=None, attachments_dir=None, **options):
        key = self._read_key(key_file)
        exports = []
        for submission in self._submissions(reference):
            try:
                opened = services.decrypt(submission, key)
            except crypto.IntakeKeyError as exc:
                raise CommandError(f"{submission.reference}: {exc}") from None
            if attachments_dir:
                self._write_attachments(Path(attachments_dir), opened)
            exports.append(opened.as_export())
        result = exports[0] if reference else exports
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _write_attachments(self, directory: Path, opened):
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        for position, attachment in enumerate(opened.attachments, start=1):
            target = directory / f"{opened.submission.reference}-{position}-{Path(attachment.name).name}"
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(attachment.data)
            self.stderr.write(f"wrote {target}")
