"""Subject access requests (UK GDPR Article 15): who asked and with what authority, the
deadline and its pauses, what was gathered, what was redacted and why, and the bundle."""
