"""Writes of the exports domain, one module each: ``exporting`` (the zip), ``importing`` (an
export back into a team) and ``retention`` (the purge). Import from the module: ``fans`` reuses
``exporting.csv_cell`` and the ``accounts`` services call ``retention``, so this package
imports nothing itself and stays free of import cycles."""
