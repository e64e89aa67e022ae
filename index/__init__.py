"""kread's index layer: documents, facets and search over a Whoosh index."""
