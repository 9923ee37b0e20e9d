"""Demo and synthetic-data generators of the delegations app: development tools, never imported by its models,
services, selectors, views, API or tasks (core/tests/test_architecture.py)."""
