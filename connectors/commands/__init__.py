"""Sub-commands of `persona`, registered through the `persona.commands` entry-point group."""
