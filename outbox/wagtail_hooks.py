from wagtail import hooks

from .viewsets import OutgoingEmailViewSet


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet()
