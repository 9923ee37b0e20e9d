"""Only while config/settings.py names `ngoaivu.directory.demo.*` in NGOAIVU_DEMO_LOADERS: the demo data lives in
`ngoaivu.directory.dev.demo`. Delete this file once the settings name that module."""

from ngoaivu.directory.dev.demo import demo_accounts_text, load_demo

__all__ = ["demo_accounts_text", "load_demo"]
