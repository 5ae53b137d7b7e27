"""Reads for private links: the record behind a token from an e-mail."""

from samhold.crypto import token_hash

# token_urlsafe(32) gives 43 characters; older links had 32. Anything far off is not ours.
_MAX_TOKEN_LENGTH = 64


def link_owner(link_model, *, token: str, purpose: str, select_related=(), prefetch_related=()):
    """The record a private link of `purpose` points to, or None for an unknown, spent or
    malformed token. Compared by hash only."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    link = link_model.objects.filter(token_hash=token_hash(token), purpose=purpose).only("owner_id").first()
    if link is None:
        return None
    owner_model = link_model._meta.get_field("owner").related_model
    queryset = owner_model.objects.filter(pk=link.owner_id)
    if select_related:
        queryset = queryset.select_related(*select_related)
    if prefetch_related:
        queryset = queryset.prefetch_related(*prefetch_related)
    return queryset.first()
