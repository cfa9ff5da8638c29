import pytest

from .helpers import make_registration


@pytest.fixture
def registration_factory(demo_event):
    def make(**kwargs):
        return make_registration(demo_event, **kwargs)

    return make


@pytest.fixture
def organiser(make_user):
    return make_user("organiser@ipu.example", role="organiser")


@pytest.fixture
def signed_in_organiser(organiser, login_as):
    return login_as(organiser)
