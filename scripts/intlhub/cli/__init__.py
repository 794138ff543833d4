"""The `intlhub` command line: parse arguments, call one function, print its result, and turn
HubError into `Error: ...` with an exit code."""
