"""The sharing app's forms, a module per part of the work, as its views."""
