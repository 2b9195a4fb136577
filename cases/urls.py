from django.urls import path, re_path

from .views import browse, exports

app_name = "cases"
urlpatterns = [
    path("", browse.home, name="home"),
    path("cases/", browse.case_list, name="list"),
    path("cases/<str:public_id>/", browse.case_detail, name="detail"),
    path("countries/", browse.country_list, name="countries"),
    path("countries/<str:iso2>/", browse.country_detail, name="country"),
    path("reports/", browse.report_list, name="reports"),
    path("reports/<path:symbol>/", browse.report_detail, name="report"),
    path("about/data/", browse.about_data, name="about-data"),
    re_path(r"^cases\.(?P<fmt>csv|json)$", exports.export_cases, name="export-cases"),
    re_path(r"^countries\.(?P<fmt>csv|json)$", exports.export_countries, name="export-countries"),
    re_path(r"^reports\.(?P<fmt>csv|json)$", exports.export_reports, name="export-reports"),
]
