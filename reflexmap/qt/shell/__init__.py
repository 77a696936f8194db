"""The shell: starting the app, making windows and their contexts, the window frame."""
