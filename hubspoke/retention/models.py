"""How long each kind of record is kept, legal holds, and disposal: decided by two people,
carried out everywhere the personal data is held, and certified."""
