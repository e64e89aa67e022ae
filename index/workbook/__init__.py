"""The reader's own work on a corpus: corrections of marks, notes on sentences, and
appraisal scores and notes per article. Kept in the user data directory, never in the
index: rebuilding the index does not touch it."""
