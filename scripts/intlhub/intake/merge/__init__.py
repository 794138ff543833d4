"""Merging approved submissions into copies of data/ files: the record itself (records) and the rows it brings beside it (related)."""
