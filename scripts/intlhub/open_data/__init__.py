"""The open data exports: tables as CSV and JSON, the Data Package zip, the list of operations,
360Giving and the Atom feeds, made in memory from the dataset at each build."""
