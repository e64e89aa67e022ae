"""The facet taxonomy: facets as named queries, compiled to sentence matchers."""
