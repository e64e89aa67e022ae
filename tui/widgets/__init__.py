"""One file per widget of the reader."""
