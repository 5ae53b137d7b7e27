from .accounts import application_list_for_admin, login_lock, municipality_choices  # noqa: F401
