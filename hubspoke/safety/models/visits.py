"""Lone-working visits and their escalation chain."""
