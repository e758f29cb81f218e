"""Expression: voice, lip sync, face and gestures on one utterance timeline."""
