from wagtail import hooks

from .viewsets import DirectoryViewSetGroup


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()
