"""The bundled corpus: seed articles shipped as package data."""
