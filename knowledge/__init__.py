"""knowledge: floor 1 of persona (imports nothing else of ours)."""
