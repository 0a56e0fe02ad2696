from django.shortcuts import render

from kpis.models import Indicator


def home(request):
    indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
    return render(request, "kpis/home.html", {"indicators": indicators})
