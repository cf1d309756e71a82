"""`make bench`: speed measured against a reference in the same run."""
