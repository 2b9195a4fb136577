"""The campaign surge: petition signatures and e-mail actions posted concurrently to the real
public endpoints of the campaigns app (the petition form and the letter form, with their CSRF
token, honeypot field and per-address rate limit), served by gunicorn with one sync worker per
core on PostgreSQL; then a count, in the database, of what was acknowledged against what was
stored.

Child-process modes (DATABASE_URL set by the caller):
    surge.py prepare            fresh campaign data; prints the endpoints as JSON
    surge.py verify FILE        counts rows for the acknowledged submissions listed in FILE
"""

import hashlib
import json
import os
import re
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def prepare() -> dict:
    """Demo campaign data (load_reference, load_demo, load_states, load_campaigns) in the empty,
    migrated database, and the addresses and choices the load client needs."""
    import django

    django.setup()
    from django.core.management import call_command

    from campaigns import services
    from campaigns.models import EmailAction, Petition

    for command in ("load_reference", "load_demo", "load_states", "load_campaigns"):
        call_command(command, stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # noqa: SIM115
    from cases.models import Country
    from states.models import PermanentMission

    petition = Petition.objects.select_related("campaign").order_by("pk").first()
    action = EmailAction.objects.select_related("campaign").order_by("pk").first()
    # The demo data records no mission e-mail address (none is ever guessed); the letters need
    # some, so 30 States get a synthetic mission at a reserved example domain.
    for country in Country.objects.filter(status="member").order_by("iso2")[:30]:
        PermanentMission.objects.update_or_create(
            country=country,
            city=action.city,
            defaults={
                "name": f"[Synthetic] Permanent Mission of {country.name}",
                "email": f"mission-{country.iso2.lower()}@missions.example.org",
            },
        )
    targets = services.targets_for(action, services.TargetFilters(cosponsors_only=False))
    sendable = [t.state.iso2 for t in targets if t.sendable]
    return {
        "petition": petition.get_absolute_url(),
        "action_path": f"/campaigns/{action.campaign.slug}/write/{action.slug}/",
        "targets": sendable,
        "template_letter": action.letter_body,
    }


def verify(path: Path) -> dict:
    """Compare acknowledged submissions with the rows stored."""
    import django

    django.setup()
    from django.db.models import Count

    from campaigns.models import ActionSubmission, Signature
    from mailer.models import ConsentRecord, OutboundEmail

    acked = json.loads(path.read_text())
    out = {}
    for kind, model in (("signatures", Signature), ("actions", ActionSubmission)):
        emails = set(acked.get(kind, []))
        rows = model.objects.filter(email__in=emails) if emails else model.objects.none()
        stored = dict(rows.values_list("email").annotate(n=Count("pk")))
        out[kind] = {
            "acknowledged": len(emails),
            "stored": sum(stored.values()),
            "lost": len(emails - set(stored)),
            "duplicated": sum(n - 1 for n in stored.values() if n > 1),
        }
        category = "campaigns.signature" if kind == "signatures" else "campaigns.action"
        confirmations = (
            OutboundEmail.objects.filter(to__in=emails, category=category)
            .values("to")
            .annotate(n=Count("pk"))
        )
        counts = {r["to"]: r["n"] for r in confirmations}
        out[kind]["confirmation_emails_missing"] = len(emails - set(counts))
        out[kind]["confirmation_emails_duplicated"] = sum(n - 1 for n in counts.values() if n > 1)
    out["consent_records"] = ConsentRecord.objects.count()
    out["outbound_emails_queued"] = OutboundEmail.objects.filter(status="queued").count()
    return out


# --- Load client side (no Django) ---------------------------------------------------------------


def csrf(base: str, path: str) -> tuple[str, str]:
    """The CSRF cookie and a form token, from one GET of the form page."""
    with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310 - loopback only
        cookie = ""
        for header in response.headers.get_all("Set-Cookie") or []:
            match = re.match(r"csrftoken=([^;]+)", header)
            if match:
                cookie = match.group(1)
        body = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not cookie or not token:
        raise SystemExit(f"no CSRF token on {path}")
    return cookie, token.group(1)


class SurgeTraffic:
    """Builds the n-th request of a run: mostly new supporters, each from their own address
    (documentation range 2001:db8::/32, carried in a header, never dialled), with every 25th a
    resubmission of an earlier address (a double click or a second visit), which must be
    answered the same and stored once."""

    def __init__(self, bases: list[str], plan: dict, run_id: str, action_share: float = 0.0):
        from load import Request

        self.Request = Request
        self.bases = bases
        self.plan = plan
        self.run_id = run_id
        # Each run its own block of addresses, so runs within one rate-limit window never share one.
        self.block = int(hashlib.sha256(run_id.encode()).hexdigest()[:4], 16)
        self.action_share = action_share
        self.tokens = {}
        for base in bases:
            self.tokens[(base, "petition")] = csrf(base, plan["petition"])
            if action_share:
                self.tokens[(base, "action")] = csrf(base, plan["action_path"])

    def email(self, n: int) -> str:
        return f"surge-{self.run_id}-{n}@example.org"

    def __call__(self, n: int):
        base = self.bases[abs(n) % len(self.bases)]  # round robin over the app servers
        number = n
        if n > 0 and n % 25 == 0:
            number = n - 12  # resubmission of an earlier supporter
        is_action = self.action_share and (abs(number) * 2654435761 % 1000) < self.action_share * 1000
        kind = "action" if is_action else "petition"
        cookie, token = self.tokens[(base, kind)]
        headers = {
            "Cookie": f"csrftoken={cookie}",
            # One /64 per supporter (rate limits key IPv6 by /64): the run's block and the
            # supporter's number in the network part of the address.
            "X-Forwarded-For": f"2001:db8:{(self.block * 16 + abs(number) // 65536 * 2 + (number < 0)) & 0xFFFF:x}:"
            f"{abs(number) % 65536:x}::1",
            "Referer": base + "/",
        }
        data = {
            "csrfmiddlewaretoken": token,
            "name": f"Synthetic Supporter {abs(number)}",
            "email": self.email(number),
            "country": "FR",
            "consent": "on",
            "website": "",
        }
        if is_action:
            targets = self.plan["targets"]
            picks = [targets[(abs(number) + i * 7) % len(targets)] for i in range(3)] if targets else []
            data.update(
                letter_body=f"Excellency, as supporter number {abs(number)} I ask {{state}} to raise these "
                "cases of reprisal by name at the United Nations and to call for their end.",
                region="",
            )
            data = [*data.items(), *[("targets", t) for t in dict.fromkeys(picks)]]
            return self.Request(
                "POST",
                base + self.plan["action_path"],
                data=data,
                headers=headers,
                tag=f"action:{self.email(number)}",
            )
        return self.Request(
            "POST",
            base + self.plan["petition"],
            data=data,
            headers=headers,
            tag=f"signature:{self.email(number)}",
        )


def acknowledged(run) -> dict:
    """Submissions answered with the redirect to "check your inbox" (counted runs only)."""
    out = {"signatures": set(), "actions": set()}
    for outcome in run.outcomes:
        if outcome.status == 302 and "check-your-inbox" in outcome.location:
            kind, email = outcome.tag.split(":", 1)
            out["signatures" if kind == "signature" else "actions"].add(email)
    return {k: sorted(v) for k, v in out.items()}


def main() -> int:
    mode = sys.argv[1]
    if mode == "prepare":
        print(json.dumps(prepare()))
    elif mode == "verify":
        print(json.dumps(verify(Path(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
