from wagtail.snippets.models import register_snippet

from .viewsets import SelfHelpGroupViewSet

register_snippet(SelfHelpGroupViewSet)
