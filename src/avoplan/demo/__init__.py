"""A synthetic, realistic portfolio of any size for trying avoplan and for `make bench`."""
