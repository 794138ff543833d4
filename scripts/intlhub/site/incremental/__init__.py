"""Incremental builds: the manifest of the last finished build and what each item page is made from."""
