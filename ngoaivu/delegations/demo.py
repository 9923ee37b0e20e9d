"""Only while config/settings.py names `ngoaivu.delegations.demo.*` in NGOAIVU_DEMO_LOADERS: the demo data lives in
`ngoaivu.delegations.dev.demo`. Delete this file once the settings name that module."""

from ngoaivu.delegations.dev.demo import load_demo_delegations

__all__ = ["load_demo_delegations"]
