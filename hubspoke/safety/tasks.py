"""The safety app's background task: the lone-working timer, every minute from the schedule."""

from django_tasks import task

from hubspoke.safety import engine


@task()
def advance() -> int:
    return engine.advance()
