"""ShadowPersona: synthetic engagement data and the tooling around the dbt project."""

__version__ = "0.1.0"
