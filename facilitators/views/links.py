"""What every page opened by a private link answers when the link points to nothing."""

from django.shortcuts import render

from samhold.http import private_link_headers


def link_gone(request):
    """A used, deleted or mistyped link: a calm 404 that offers to send the person fresh links."""
    return private_link_headers(render(request, "facilitators/link_gone.html", status=404))
