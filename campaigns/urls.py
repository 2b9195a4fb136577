from django.urls import path

from mailer.confirmation import confirm

from . import feeds, staff_views, views
from .confirmations import LETTER, SIGNATURE, SUBSCRIPTION

app_name = "campaigns"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/updates.atom", feeds.AllUpdatesFeed(), name="feed"),
    path("campaigns/subscribe/", views.subscribe, name="subscribe"),
    path("campaigns/my-data/", views.my_data, name="my-data"),
    path("campaigns/my-data/erase/<str:token>/", views.confirm_erasure, name="confirm-erasure"),
    # The one confirmation view (mailer.confirmation), at each kind's address.
    path("campaigns/confirm/signature/<str:token>/", confirm, {"kind": SIGNATURE}, name="confirm-signature"),
    path("campaigns/confirm/letter/<str:token>/", confirm, {"kind": LETTER}, name="confirm-action"),
    path(
        "campaigns/confirm/subscription/<str:token>/",
        confirm,
        {"kind": SUBSCRIPTION},
        name="confirm-subscription",
    ),
    path("campaigns/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("campaigns/letters/<str:token>/", views.action_status, name="action-status"),
    path("campaigns/letters/<str:token>/reply/", views.report_reply, name="report-reply"),
    path("campaigns/share/mastodon/<str:public_id>/", views.share_mastodon, name="share-mastodon"),
    path("campaigns/staff/", staff_views.index, name="staff"),
    path("campaigns/staff/actions/<int:pk>/", staff_views.action_deliveries, name="staff-action"),
    path(
        "campaigns/staff/petitions/<int:pk>/signatures.csv",
        staff_views.signatures_csv,
        name="staff-signatures-csv",
    ),
    path(
        "campaigns/staff/petitions/<int:pk>/signatures/",
        staff_views.signatures_print,
        name="staff-signatures-print",
    ),
    path("campaigns/staff/mailings/<int:pk>/", staff_views.mailing, name="staff-mailing"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/updates.atom", feeds.CampaignUpdatesFeed(), name="campaign-feed"),
    path("campaigns/<slug:slug>/updates/<slug:update_slug>/", views.update_detail, name="update"),
    path("campaigns/<slug:slug>/check-your-inbox/", views.check_inbox, name="inbox"),
    path("campaigns/<slug:slug>/write/<slug:action_slug>/", views.action, name="action"),
    path("campaigns/<slug:slug>/write/<slug:action_slug>/mailto/", views.action_mailto, name="action-mailto"),
    path("campaigns/<slug:slug>/petitions/<slug:petition_slug>/", views.petition, name="petition"),
    path(
        "campaigns/<slug:slug>/petitions/<slug:petition_slug>/count.json",
        views.petition_count,
        name="petition-count",
    ),
]
