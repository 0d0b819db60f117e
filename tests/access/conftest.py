"""The fixtures of the apps whose rules these tests check."""

from tests.commitments.conftest import reporting  # noqa: F401
from tests.survey.conftest import scene  # noqa: F401
