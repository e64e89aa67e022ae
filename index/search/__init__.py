"""Query text to ranked results, snippets, match offsets and notices."""
