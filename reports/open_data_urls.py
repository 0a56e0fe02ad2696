"""The open-data page and its files (issue 17): published quarters only, the same for everyone.
These addresses are what people link to and download from programs: keep them as they are."""

from django.urls import path

from reports import open_data_views

urlpatterns = [
    path("", open_data_views.open_data_page, name="open_data"),
    path("<int:year>/q<int:quarter>/indicators.csv", open_data_views.quarter_file, {"form": "csv"},
         name="open_data_quarter_csv"),
    path("<int:year>/q<int:quarter>/indicators.json", open_data_views.quarter_file, {"form": "json"},
         name="open_data_quarter_json"),
    path("indicators/<str:code>.csv", open_data_views.indicator_file, {"form": "csv"},
         name="open_data_indicator_csv"),
    path("indicators/<str:code>.json", open_data_views.indicator_file, {"form": "json"},
         name="open_data_indicator_json"),
]
