"""connectors: floor 3 of persona. The websocket gateway, sources, chat bot, reporter API, stage and CLI."""
