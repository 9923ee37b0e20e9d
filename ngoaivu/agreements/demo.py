"""Only while config/settings.py names `ngoaivu.agreements.demo.*` in NGOAIVU_DEMO_LOADERS: the demo data lives in
`ngoaivu.agreements.dev.demo`. Delete this file once the settings name that module."""

from ngoaivu.agreements.dev.demo import load_demo_agreements

__all__ = ["load_demo_agreements"]
