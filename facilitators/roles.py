"""The roles people have on Samhold. Each is a Django group, created by a data migration
(facilitators/migrations/0003_roles.py); code refers to them only through these names."""

FACILITATOR = "Igangsetter"
GROUP_CONTACT = "Kontaktperson"
REGIONAL_COORDINATOR = "Regional koordinator"
NATIONAL_ADMINISTRATOR = "Nasjonal administrator"
# Researchers recruit through approved studies on Min side (the research app); never the admin.
# The group is made by research/migrations/0002_researcher_role.py.
RESEARCHER = "Forsker"

# Work in the Wagtail admin.
STAFF_ROLES = (REGIONAL_COORDINATOR, NATIONAL_ADMINISTRATOR)
# Use "Min side" only; never the admin.
FRONT_END_ROLES = (FACILITATOR, GROUP_CONTACT, RESEARCHER)
ALL_ROLES = FRONT_END_ROLES + STAFF_ROLES
