# The reporting tests' small organisation (a manager, units, people with progress) serves
# the manager pages checked here too.
from tests.reporting.conftest import org  # noqa: F401
