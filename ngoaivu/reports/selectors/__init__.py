"""Reads of the reports app: the dashboards' figures and the map's, each through the apps' selectors."""
