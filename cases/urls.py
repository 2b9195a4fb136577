from django.urls import path

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
    path("cases.csv", exports.export_cases, {"fmt": "csv"}, name="export-cases"),
    path("cases.json", exports.export_cases, {"fmt": "json"}, name="export-cases"),
    path("countries.csv", exports.export_countries, {"fmt": "csv"}, name="export-countries"),
    path("countries.json", exports.export_countries, {"fmt": "json"}, name="export-countries"),
    path("reports.csv", exports.export_reports, {"fmt": "csv"}, name="export-reports"),
    path("reports.json", exports.export_reports, {"fmt": "json"}, name="export-reports"),
]
