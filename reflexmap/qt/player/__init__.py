"""Guided routines: the player dock, the Routines menu and the safety check."""
