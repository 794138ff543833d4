"""The intake: read submitted exports, normalise and check every row, queue them for review,
and merge approved ones into data/ through the same validation."""
