from wagtail import hooks

from .viewsets import FacilitatorApplicationViewSet


@hooks.register("register_admin_viewset")
def register_facilitator_application_viewset():
    return FacilitatorApplicationViewSet()
