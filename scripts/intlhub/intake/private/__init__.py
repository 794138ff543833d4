"""The private folder beside data/: its layout, lock and audit log, the journal that makes
multi-file writes atomic, and the personal-data duties (forget, retention)."""
