"""The whole demo, in order: the network first, then each app's synthetic records on top of
it. Each step is deterministic for a seed and adds only what is missing, so running the demo
again changes nothing. A new app adds its step here."""

from hubspoke.assessments import demo as assessments
from hubspoke.cases import demo as cases
from hubspoke.cases import demo_assessments, demo_casework, demo_sharing
from hubspoke.engagement import demo as engagement
from hubspoke.exchange import demo as exchange
from hubspoke.monitoring import demo as monitoring
from hubspoke.network import demo as network
from hubspoke.participation import demo as participation
from hubspoke.referrals import demo as referrals
from hubspoke.retention import demo as retention
from hubspoke.rights import demo as rights
from hubspoke.safety import demo as safety
from hubspoke.safety import demo_supervision
from hubspoke.stories import demo as stories

# Each ``step(*, seed) -> dict[str, int]`` (what it created), after the network exists.
STEPS = (
    referrals.seed_referrals,
    assessments.seed_tools,
    cases.seed_cases,
    demo_casework.seed_contacts,
    demo_assessments.seed_assessments,
    # After the cases are closed (a case's sharing ends with it), before the returns that
    # summarise the record.
    demo_sharing.seed_sharing,
    # Supervision of the workers, discussing their open cases.
    demo_supervision.seed_supervision,
    # Young people's own stories, given through the sharing door: after the sharing history.
    stories.seed_stories,
    # Lone working: safety details, alarm chains, weeks of visits, one alarm resolved.
    safety.seed_visits,
    rights.seed_subject_access,
    # Declined referrals past their period, a legal hold, a disposal with its certificate.
    retention.seed_retention,
    # A year of work with professionals and the local system, some of it about the referrals
    # and open cases made above.
    engagement.seed_engagement,
    # Young people's feedback on their support, every round of every open case.
    participation.seed_feedback,
    # Surveys of young people: the programme's, open at every service, and one service's own.
    participation.seed_surveys,
    # A year of participation activities at each service, with outputs, consent and quotes.
    participation.seed_activities,
    # The forum: its categories and ten weeks of threads between the services' staff.
    exchange.seed_forum,
    monitoring.seed_returns,
)


def seed_everything(*, seed: int = network.DEFAULT_SEED,
                    password: str = network.DEFAULT_PASSWORD) -> tuple[network.DemoResult, dict[str, int]]:
    result = network.seed_demo(seed=seed, password=password)
    created: dict[str, int] = {}
    for step in STEPS:
        created.update(step(seed=seed))
    return result, created
