"""Web forms: a channel of lead intake; every lead it brings goes through funil.intake.capture.lead_capture."""
