"""Masking of personal data and the record of who looked at what."""
