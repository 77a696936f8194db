"""The foot map: the scene (the one paint routine for screen and paper) and its view."""
