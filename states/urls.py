from django.urls import path, register_converter

from . import staff_views, views


class Iso2Converter:
    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(Iso2Converter, "iso2")

app_name = "states"
urlpatterns = [
    path("states/", views.state_list, name="list"),
    path("states/missions/import/", staff_views.import_missions, name="import-missions"),
    path("states/who-to-ask/", views.who_to_ask, name="who-to-ask"),
    path("states/who-to-ask.csv", views.who_to_ask_csv, name="who-to-ask-csv"),
    path("states/<iso2:iso2>/", views.state_detail, name="detail"),
    path("states/<iso2:iso2>/briefing/", views.briefing, name="briefing"),
    path("states/<iso2:iso2>/briefing.pdf", views.briefing_as_pdf, name="briefing-pdf"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
]
