"""The cast's password and how a person of a role is made (tests/conftest.py names one per role)."""

PASSWORD = "a-long-test-password"


def make_user(username, role, services=()):
    from django.contrib.auth.models import User

    from kpis.models import Directorate, Profile

    user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
    if role == "performance":
        user.is_staff = user.is_superuser = True
        user.save()
    if role:
        profile = Profile.objects.create(user=user, role=role)
        profile.services.set([Directorate.objects.get_or_create(name=name)[0] for name in services])
    return user
