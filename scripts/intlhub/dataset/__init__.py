"""data/ as the hub knows it: load it into typed records, check it (Frictionless, JSON Schema and
the cross-record checks) and validate it whole. Every writer goes through `validate`."""
