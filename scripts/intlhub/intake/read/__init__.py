"""Reading an export: bytes from a file, stdin or URL into a grid of cells, columns mapped to
a form's fields, and each cell normalised into its canonical value."""
