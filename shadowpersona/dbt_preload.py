"""A dbt-duckdb plugin (profiles.yml, `plugins:`) that imports the Python models' libraries
once, when dbt opens its first DuckDB connection, in dbt's main thread.

dbt runs two models at once (threads: 2), and dbt-duckdb loads each Python model as a module
in its worker thread. When two models import scikit-learn for the first time at the same
moment, Python's per-module import locks can deadlock on scikit-learn's circular imports, and
the import system breaks the deadlock by handing one thread a half-initialised module: the
build failed with "ImportError: cannot import name 'clone' from partially initialized module
'sklearn.base'". Imported here first, the models find the modules complete.
"""

from __future__ import annotations

import numpy  # noqa: F401
import pandas  # noqa: F401
import sklearn.ensemble
import sklearn.linear_model
import sklearn.model_selection  # noqa: F401
import threadpoolctl  # noqa: F401
from dbt.adapters.duckdb.plugins import BasePlugin


class Plugin(BasePlugin):
    """Nothing to configure: importing this module is the whole job."""
