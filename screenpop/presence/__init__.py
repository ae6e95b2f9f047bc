"""Colleagues and presence: who the extensions are and what state each is in. Pure."""
