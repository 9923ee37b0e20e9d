"""The scope codes in core.actors are the accounts app's own choices; users and system actors are Actors."""

from ngoaivu.accounts.models import Organisation, Role, User
from ngoaivu.audit.services import SYSTEM, SystemActor
from ngoaivu.core import actors
from ngoaivu.core.actors import NO_SCOPE, Actor


def test_organisation_kind_codes_agree():
    assert {actors.KIND_MOFA, actors.KIND_MOFA_UNIT, actors.KIND_PROVINCE, actors.KIND_MISSION} == set(
        Organisation.Kind.values
    )
    assert actors.KIND_MOFA == Organisation.Kind.MOFA


def test_role_codes_agree():
    assert actors.ROLE_VIEWER == Role.VIEWER
    assert actors.ROLE_OFFICER == Role.OFFICER
    assert actors.ROLE_HEAD == Role.HEAD
    assert actors.ROLE_ORG_ADMIN == Role.ORG_ADMIN


def test_system_actor_is_an_actor_without_scope():
    assert isinstance(SYSTEM, Actor)
    assert isinstance(SystemActor("cli:test"), Actor)
    assert SYSTEM.scope is NO_SCOPE
    assert not SYSTEM.scope.can_write


def test_user_is_an_actor():
    assert isinstance(User(username="x"), Actor)
