"""Words the user reads, built once and shared by the screen, the printout and scripts.

Presenters here turn content into frozen dataclasses of plain strings, so the Qt widgets,
the printed handout and the CLI cannot drift into different wordings of the same thing.
Only `rich` turns those strings into HTML, and it escapes everything it is given: a
content pack can put any characters in a name, never markup into the app.

No Qt here (the core's import contract); translation is plugged in through `i18n`.
"""
