"""``manage.py seed_demo [--seed N] [--password P]``: build the synthetic demo programme.

Thin on purpose: the network's data lives in ``hubspoke.network.demo`` and each app's in its own
``demo`` module; ``hubspoke.home.demo`` runs them in order, and tests can call it directly."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hubspoke.home.demo import seed_everything
from hubspoke.network.demo import DEFAULT_PASSWORD, DEFAULT_SEED, DemoResult, DemoSeedingRefused


@contextmanager
def mail_goes_nowhere():
    """Seeding makes a thousand referrals, decisions and assessments through the real actions,
    and each would email someone (a link only); to demo addresses that helps nobody, and the
    worker would spend its first hour sending the demo's history. While the dummy backend is
    set, the outbox keeps nothing (``outbox.actions.enqueue_email``)."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


class Command(BaseCommand):
    help = "Create the synthetic demo programme (deterministic for a seed; running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Same seed, same data (default %(default)s). The seed picks names, hours and capacities; "
            "on a database already seeded, existing people keep theirs.",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="The one password of every demo account (default %(default)s).",
        )

    def handle(self, *args, seed: int, password: str, **options):
        if not password:
            raise CommandError("The demo password must not be empty.")
        # Every membership the demo creates is audited in the database as usual; echoing each one
        # to the security log as well would bury the sign-ins printed below.
        security_log = logging.getLogger("hubspoke.security")
        level = security_log.level
        security_log.setLevel(logging.WARNING)
        try:
            with mail_goes_nowhere():
                result, extra = seed_everything(seed=seed, password=password)
        except DemoSeedingRefused as exc:
            raise CommandError(str(exc)) from exc
        finally:
            security_log.setLevel(level)
        self._report(result, extra)

    def _report(self, result: DemoResult, extra: dict[str, int]) -> None:
        totals, created = result.totals, result.created
        self.stdout.write(self.style.SUCCESS(f"Demo programme ready: {result.programme} (seed {result.seed})."))
        self.stdout.write(
            f"  {totals['services']} services, {totals['spokes']} spokes, {totals['staff']} hub and spoke staff, "
            f"{totals['partners']} partners, {totals['programme_people']} programme people, "
            f"{totals['posts']} posts ({totals['vacant_posts']} vacant)."
        )
        new = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in created.items() if n)
        self.stdout.write(f"  Created this run: {new}." if new else "  Already seeded: nothing new was created.")
        if any(extra.values()):
            made = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in extra.items() if n)
            self.stdout.write(f"  Also created: {made}.")
        if result.passwords_reset:
            self.stdout.write(f"  Password set to the demo password on {result.passwords_reset} existing accounts.")

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo sign-ins"))
        rows = [("Role", "Email", "Where")] + [(s.role, s.email, s.place) for s in result.sign_ins]
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        for n, (role, email, place) in enumerate(rows):
            line = f"  {role:<{widths[0]}}  {email:<{widths[1]}}  {place}"
            self.stdout.write(self.style.MIGRATE_LABEL(line) if n == 0 else line)
        self.stdout.write(f"  Password for every demo account: {result.password}")
        self.stdout.write(
            "  With HUBSPOKE_DEMO=1 these demo accounts skip the second factor (refused in production mode)."
        )
