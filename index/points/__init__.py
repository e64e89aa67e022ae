"""Sentences that make the same point, across two or many documents."""
