from .geography import CountyFactory, MunicipalityFactory  # noqa: F401
from .groups import SelfHelpGroupFactory  # noqa: F401
from .pages import DirectoryPageFactory, HomePageFactory, build_site, translate_site  # noqa: F401
from .roles import (  # noqa: F401
    StartUpFactory,
    administrator,
    coordinator_for,
    facilitator_in,
    group_contact,
    person_with_role,
)
from .themes import ThemeFactory  # noqa: F401
from .users import UserFactory  # noqa: F401
