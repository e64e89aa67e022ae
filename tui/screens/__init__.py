"""One file per screen of the reader."""
