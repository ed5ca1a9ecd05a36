"""Supervision records and how often each kind is due."""
