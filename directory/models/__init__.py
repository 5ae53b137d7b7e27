from .geography import County, Municipality  # noqa: F401
from .themes import Theme  # noqa: F401
