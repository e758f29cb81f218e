"""agent: floor 2 of persona. The event protocol, perception, dialogue, expression and the turn runtime."""
