"""A young person's own story: what their worker writes for them, in plain words, with the
parts of the record chosen to go in it; each version kept as it was given."""
