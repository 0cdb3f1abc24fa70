"""Facts the project ships as hand-checked tables (each row citing where it was checked)."""
