from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from kpis.entry import upload_views
from kpis.entry import views as entry_views
from kpis.entry.sign_in import SignInForm
from reports import consistency_views
from reports import views as report_views
from thurrock_kpi import health

urlpatterns = [
    path("", report_views.home, name="home"),
    path("indicators/", report_views.indicator_list, name="indicator_list"),
    path("indicators/<str:code>/", report_views.indicator, name="indicator"),
    path("indicators/<str:code>/changes-of-process/", report_views.record_change_of_process,
         name="record_change_of_process"),
    path("scorecards/<int:year>/q<int:quarter>/", report_views.quarter_summary, name="quarter_summary"),
    path("scorecards/<int:year>/q<int:quarter>/indicators/", report_views.scorecard_table, name="scorecard_table"),
    path("scorecards/<int:year>/q<int:quarter>/indicators.csv", report_views.scorecard_csv, name="scorecard_csv"),
    path("scorecards/<int:year>/q<int:quarter>/focus/", report_views.in_focus, name="in_focus"),
    path("scorecards/<int:year>/q<int:quarter>/consistency/", consistency_views.consistency_report,
         name="consistency_report"),
    path("scorecards/<int:year>/q<int:quarter>/appendix.xlsx", report_views.appendix_download,
         name="appendix_download"),
    path("portfolios/", report_views.portfolio_list, name="portfolio_list"),
    path("portfolios/<slug:slug>/", report_views.portfolio, name="portfolio"),
    path("portfolios/<slug:slug>/table.xlsx", report_views.portfolio_download, name="portfolio_download"),
    path("help/how-to-read/", report_views.how_to_read, name="how_to_read"),
    path("open-data/", include("reports.open_data_urls")),  # published quarters as CSV and JSON, for anyone
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/start/", entry_views.after_login, name="after_login"),
    path("entry/", entry_views.my_data, name="my_data"),
    path("entry/<str:month>/", entry_views.month_entry, name="month_entry"),
    path("review/", entry_views.review_queue, name="review_queue"),
    path("review/decision/", entry_views.review_decision, name="review_decision"),
    path("quarters/", entry_views.quarters, name="quarters"),
    path("quarters/lock/", entry_views.lock, name="lock_quarter"),
    path("quarters/reopen/", entry_views.reopen, name="reopen_quarter"),
    path("quarters/publish/", entry_views.publish, name="publish_quarter"),
    path("quarters/withdraw/", entry_views.withdraw, name="withdraw_publication"),
    path("targets/copy-to-next-year/", entry_views.copy_targets, name="copy_targets"),
    path("imports/", upload_views.upload_workbook, name="upload_workbook"),
    path("imports/confirm/", upload_views.confirm_import, name="confirm_import"),
    path("imports/<str:token>/", upload_views.upload_status, name="upload_status"),
    path("plan/", include("plan.urls")),  # the corporate plan, and the risks and opportunities register
    path("scrutiny/", include("scrutiny.urls")),  # the scrutiny committee's recommendations tracker
    path("admin/", admin.site.urls),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
    path("healthz", health.healthz, name="healthz"),  # for the load balancer: database and Redis reachable
]
