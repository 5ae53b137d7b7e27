from django.utils.functional import SimpleLazyObject

from .site import coordinator_contact


def coordinator(request):
    # Lazy: only pages that show the coordinator's details read them.
    return {"coordinator": SimpleLazyObject(coordinator_contact)}
