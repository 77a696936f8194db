"""Finding a zone: the zone list, the body-area browser and search."""
