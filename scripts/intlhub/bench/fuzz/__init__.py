"""`make fuzz`: generated hostile files and HTTP answers against every entry point (issue 13)."""
