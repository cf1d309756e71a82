"""What lies on disk: reading and minimally editing YAML, files and atomic writes,
loading and validating a portfolio, the schemas, spreadsheets, and avoplan's caches."""
