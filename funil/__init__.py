"""Funil: an open-source lead-management CRM."""
