from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import mailbox


@never_cache
@staff_member_required
def mail(request):
    """The messages the site sent, as kept by the file backend (development: `make run`).
    Superusers only: they hold supporters' addresses and confirmation links."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if not mailbox.enabled():
        raise Http404
    return render(
        request, "ops/mail.html", {"messages": mailbox.messages(), "folder": settings.EMAIL_FILE_PATH}
    )
