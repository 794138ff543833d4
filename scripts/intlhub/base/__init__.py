"""What every part of the hub uses: the clock, problems and errors, UI strings and formatting,
page URLs, escaping, YAML loaders and writing files. Imports nothing else of intlhub."""
