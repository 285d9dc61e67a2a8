"""Lead intake: every channel (manual, API, web forms, email, calls, messengers, import) enters through
`capture.lead_capture`, which normalises, matches, creates or attaches, and records the timeline row."""
