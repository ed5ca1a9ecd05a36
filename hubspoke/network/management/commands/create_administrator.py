"""``manage.py create_administrator EMAIL "Full Name" [--programme NAME] [--print-link]``

The first administrator of a new installation (and any later one, from the server): a staff
account with a current administrator membership, invited by email to choose a password and,
at first sign-in, to set up their second factor. Unlike ``createsuperuser`` it goes through
the audited actions and gives the role that the administration site checks."""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hubspoke.accounts.invitations import invitation_link, send_invitation
from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib.links import absolute_url
from hubspoke.network import actions
from hubspoke.network.models import Programme, Role


class Command(BaseCommand):
    help = "Create or invite an administrator of the programme."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("full_name")
        parser.add_argument("--programme", help="The programme's name; created if there is none yet.")
        parser.add_argument(
            "--print-link", action="store_true",
            help="Also print the set-password link (for a server without email). Pass it on privately.",
        )

    def handle(self, *args, email, full_name, programme=None, print_link=False, **options):
        email = email.strip().lower()
        try:
            User._meta.get_field("full_name").run_validators(full_name)
            if programme:
                Programme._meta.get_field("name").run_validators(programme)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            absolute_url("/")  # the invitation's link must be known before anyone is made
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            place = self._programme(programme)
            user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
            if created:
                user.set_unusable_password()
            user.is_staff = True
            user.save()
            audit.record(action="accounts.user.created" if created else "accounts.user.changed", actor=None,
                         subject=user, detail={"fields": ["is_staff"], "by": "create_administrator"})
            already = user.memberships.filter(role=Role.ADMINISTRATOR, programme=place, ends_on__isnull=True,
                                              access_ended_at__isnull=True).exists()
            if not already:
                actions.add_membership(actor=None, person=user, role=Role.ADMINISTRATOR, place=place)
            send_invitation(user=user)  # sent once this transaction commits
        self.stdout.write(self.style.SUCCESS(f"{full_name} <{email}> is an administrator of {place.name}."))
        self.stdout.write("An invitation to choose a password has been emailed.")
        if print_link:
            self.stdout.write(f"Set-password link: {invitation_link(user=user)}")

    def _programme(self, name: str | None) -> Programme:
        if name:
            return Programme.objects.get_or_create(name=name)[0]
        programmes = list(Programme.objects.all()[:2])
        if len(programmes) != 1:
            raise CommandError("Name the programme with --programme (there is not exactly one yet).")
        return programmes[0]
