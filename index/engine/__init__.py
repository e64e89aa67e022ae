"""The Whoosh index of a corpus: schema, storage, building, updating and scoring."""
