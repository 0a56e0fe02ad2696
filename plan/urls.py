"""URLs of the plan pages (included by thurrock_kpi/urls.py)."""

from django.urls import path

from plan import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("<int:year>/q<int:quarter>/", views.plan_quarter, name="plan_quarter"),
    path("<int:year>/q<int:quarter>/objectives/<slug:objective>/", views.objective, name="objective"),
    path("<int:year>/q<int:quarter>/progress.xlsx", views.plan_download, name="plan_download"),
    path("deliverables/<int:deliverable>/", views.deliverable, name="deliverable"),
    path("deliverables/<int:deliverable>/progress/", views.deliverable_progress, name="deliverable_progress"),
    path("risks/", views.risk_register, name="risk_register"),
]
