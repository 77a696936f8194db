"""The zone details column and the note pages."""
