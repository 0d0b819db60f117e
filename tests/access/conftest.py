"""The fixtures of the apps whose rules these tests check."""

import pytest

from tests.commitments.conftest import reporting  # noqa: F401
from tests.survey.conftest import scene  # noqa: F401


@pytest.fixture
def reporting_scene(reporting):  # noqa: F811
    return reporting
