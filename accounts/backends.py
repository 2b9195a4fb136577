from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttle


class ThrottledModelBackend(ModelBackend):
    """Django's username/password backend, refusing every attempt for a locked account name or
    client network before the password is checked (accounts/throttle.py)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self.get_user_model_field())
        if throttle.locked_for(request, username):
            if request is not None:
                request.login_throttled = True  # not counted again, nor logged as a failure
            raise PermissionDenied  # stops authenticate()
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def get_user_model_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
