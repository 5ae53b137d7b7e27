from .accounts import application_list_for_admin, login_locked_until, municipality_choices  # noqa: F401
