"""kread's terminal reader and command line."""
