"""Review: what `verify` judges in the git history and what `diff` shows between
two portfolios (pure; git is read by the git package)."""
