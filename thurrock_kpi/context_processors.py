from django.conf import settings


def contact(request):
    """The performance team's address, for the phase banner and the footer (templates/base.html)."""
    return {"contact_email": settings.KPI_CONTACT_EMAIL}
