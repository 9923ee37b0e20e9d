"""The accounts API, by noun: `auth` (tokens for sign-in, /me, /ping), `users` (an organisation's people),
`mfa` (two-factor enrolment), `security` (the user's tokens and sessions). One router for config/api.py."""

from ninja import Router

from ngoaivu.accounts.api import auth, mfa, security, users

router = Router()
router.add_router("/", auth.router)
router.add_router("/", users.router)
router.add_router("/", mfa.router)
router.add_router("/", security.router)
