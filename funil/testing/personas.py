"""The cast's shared password: tests log in with it through the real login form."""

PASSWORD = "correct-horse-battery-staple"
