"""What a server keeps for its users: the datasets it hands out (bundled, its FILE and layers, session
uploads), the uploads themselves, and results remembered between requests. It imports the core only;
the UI (``components``) and the commands (``alliance_atlas.commands``) build on it."""
