"""URLs of the plan pages (included by thurrock_kpi/urls.py)."""

urlpatterns = []
