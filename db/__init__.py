"""The store (`db.store`) and what fills it (`db.importers`); neither knows discord."""
