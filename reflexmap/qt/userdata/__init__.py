"""The user's own data: notes, favourites, the session journal, content packs."""
