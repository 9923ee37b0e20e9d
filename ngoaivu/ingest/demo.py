"""Only while config/settings.py names `ngoaivu.ingest.demo.*` in NGOAIVU_DEMO_LOADERS: the demo data lives in
`ngoaivu.ingest.dev.demo`. Delete this file once the settings name that module."""

from ngoaivu.ingest.dev.demo import load_demo_documents

__all__ = ["load_demo_documents"]
