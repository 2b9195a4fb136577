"""The Campaigners group: staff who run campaigns and may see supporters' data.

Created (and its permissions reset) after every migrate, like the groups of the other apps.
Supporter data (names, e-mail addresses) is visible only to members of this group and to
superusers; the Curators group does not get it.

Campaigners also get `cases.view_case`, so that they can search for the cases a campaign features
and a letter names (the admin's autocomplete). What they find goes through the visibility rule:
without a grant, published public cases only.
"""

from django.contrib.auth.models import Group, Permission

CAMPAIGNERS = "Campaigners"


def ensure_campaigners(**kwargs) -> None:
    group, _ = Group.objects.get_or_create(name=CAMPAIGNERS)
    shared = Permission.objects.filter(
        content_type__app_label="mailer",
        codename__in=["view_consentrecord", "view_suppression"],
    )  # the consent records and suppression list every app that collects addresses shares
    # Cases as a researcher sees them (visible_to), to find the ones to feature or name in a letter.
    cases = Permission.objects.filter(content_type__app_label="cases", codename="view_case")
    group.permissions.set(Permission.objects.filter(content_type__app_label="campaigns") | shared | cases)


def can_see_supporters(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm("campaigns.view_supporter_data"))


def can_send_mailings(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm("campaigns.send_mailing"))
