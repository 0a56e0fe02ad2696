"""URLs of the scrutiny pages (included by thurrock_kpi/urls.py at /scrutiny/)."""

from django.urls import path

from scrutiny import views

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("overdue/", views.tracker_overdue, name="tracker_overdue"),
    path("tracker.xlsx", views.tracker_download, name="tracker_download"),
    path("recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:number>/", views.recommendation, name="recommendation"),
    path("recommendations/<int:number>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<int:number>/progress/", views.recommendation_progress, name="recommendation_progress"),
]
