"""The admin's Help menu without Wagtail's English editor guide and release notes.

Both open guide.wagtail.org, an English site about features Samhold's staff do not have, and the
release notes' "new" badge lights the menu after every Wagtail upgrade. The keyboard shortcuts
stay (construct_help_menu)."""

WAGTAIL_GUIDES = ("editor-guide", "whats-new-in-wagtail-")


def hide_wagtail_guides(request, menu_items) -> None:
    menu_items[:] = [item for item in menu_items if not item.name.startswith(WAGTAIL_GUIDES)]
