"""What fills the store: the history files, NASCAR's feed, the alias tables and the bundled sample."""
