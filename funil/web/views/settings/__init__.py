"""The Settings area: one small module per section; every write goes through a domain service."""
