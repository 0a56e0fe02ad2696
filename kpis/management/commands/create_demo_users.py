from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from kpis.models import Directorate, Profile, Role

# For the demo only (README lists them); a council creates its real users in the admin.
DEMO_PASSWORD = "thurrock-demo"
DEMO_USERS = [
    # username, full name, role, services
    ("officer", "Olivia Officer", Role.OFFICER, ["AHH - Housing"]),
    ("env.officer", "Ed Environment", Role.OFFICER, ["E&P - ENV"]),
    ("performance", "Pat Performance", Role.PERFORMANCE, []),
    ("councillor", "Cllr Chris Scrutiny", Role.COUNCILLOR, []),
    # The committee's officer manages the recommendations tracker; Dawn Calvert is one of its
    # assignees (load_tracker links her by full name), so the demo shows an officer updating her items.
    ("scrutiny", "Sam Scrutiny", Role.SCRUTINY, []),
    ("dawn.calvert", "Dawn Calvert", Role.OFFICER, []),
]


class Command(BaseCommand):
    help = f"Create (or reset) one demo user per role, password {DEMO_PASSWORD!r}."

    @transaction.atomic
    def handle(self, **options):
        User = get_user_model()
        for username, name, role, services in DEMO_USERS:
            first, last = name.rsplit(" ", 1)
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            # example.org is reserved (RFC 2606): the demo's mail (printed to the console) reaches nobody.
            user.email = f"{username}@example.org"
            # The performance team manages indicators and targets in the admin.
            user.is_staff = user.is_superuser = role is Role.PERFORMANCE
            user.set_password(DEMO_PASSWORD)
            user.save()
            profile, _ = Profile.objects.update_or_create(user=user, defaults={"role": role})
            profile.services.set(Directorate.objects.filter(name__in=services))
            self.stdout.write(f"{username} ({role.label}) password {DEMO_PASSWORD}")
