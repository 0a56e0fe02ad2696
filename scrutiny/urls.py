"""URLs of the scrutiny pages (included by thurrock_kpi/urls.py)."""

urlpatterns = []
