"""The staff screen of the intake service (/staff/): accounts, sessions, the review pages, rebuilds."""
