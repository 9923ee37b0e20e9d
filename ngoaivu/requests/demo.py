"""Only while config/settings.py names `ngoaivu.requests.demo.*` in NGOAIVU_DEMO_LOADERS: the demo data lives in
`ngoaivu.requests.dev.demo`. Delete this file once the settings name that module."""

from ngoaivu.requests.dev.demo import load_demo_requests

__all__ = ["load_demo_requests"]
