"""The demo's forum: the categories the knowledge-exchange lead set up, and the last ten weeks
of threads and replies between the services' staff, made through the real actions by people in
post throughout (``network.demo.at`` moves the clock to each moment):

- "All hub and spoke staff", "Family work", "Tools and resources", the managers' room, questions
  for the evaluation team (who answer there), learning-exchange notices (the programme posts,
  staff read) and a category for the latest phase's services;
- mentions, watching, a pinned notice and a locked thread, a post reported to the lead (on
  their to-do list), and a manager asking for the daily email.

The words are fixed and general: no young person, place or date of birth is named, so the
guard has nothing to warn about (were a word ever to match a demo name, the post is confirmed
and shows on the lead's list, as a real one would). Deterministic for a seed; adds nothing the
second time."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from hubspoke.exchange import actions, guard
from hubspoke.exchange.models import Category, Post, Thread
from hubspoke.lib.dates import today
from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Phase, Programme, Role

WEEKS = 10
STAFF = [Role.SPOKE_WORKER, Role.HUB_WORKER, Role.SERVICE_MANAGER]

# key -> (name, description, read roles, post roles, one phase only)
CATEGORIES = {
    "staff": ("All hub and spoke staff", "Questions, ideas and news between the services' workers and managers.",
              STAFF, STAFF, False),
    "family": ("Family work", "Working with parents, carers and families: strength-based approaches, family "
               "sessions, keeping parents involved.", STAFF, STAFF, False),
    "tools": ("Tools and resources", "Activities, worksheets and tools you use in direct work, and what you "
              "are looking for.", STAFF, STAFF, False),
    "managers": ("Managers' room", "For service managers: staffing, funding, host agencies, the returns.",
                 [Role.SERVICE_MANAGER], [Role.SERVICE_MANAGER], False),
    "evaluation": ("Ask the evaluation team", "Questions about the evaluation, the returns and the visits, "
                   "answered by the evaluators.", STAFF + [Role.EVALUATOR], STAFF + [Role.EVALUATOR], False),
    "notices": ("Learning exchange and programme notices", "Dates, events and news from the programme.",
                STAFF + [Role.EVALUATOR, Role.PROGRAMME_LEAD], [Role.PROGRAMME_LEAD], False),
    "phase": ("Services new to the programme", "For services in the latest phase: setting up a hub and its "
              "spokes.", STAFF + [Role.PROGRAMME_LEAD], STAFF + [Role.PROGRAMME_LEAD], True),
}

# (category, who starts it, title, first post, [(who replies, reply)]): "worker", "manager",
# "evaluator", "programme" and "lead" are picked from the people who hold that place.
THREADS = (
    ("staff", "worker", "Keeping in touch when a young person stops answering",
     "How long do people keep trying when a young person stops answering calls and texts? We have "
     "been told not to close too early, but the caseload keeps growing.",
     [("worker", "We keep going for at least six weeks, and we vary it: a text at a different time of day, "
                 "a card, dropping by with the social worker. Persistence is what they remember later."),
      ("manager", "Same here. We also ask whether anyone else they trust is still seeing them, so the door stays "
                  "open through someone else."),
      ("worker", "That helps, thank you. I will raise it in supervision this week.")]),
    ("staff", "worker", "Working from a police station: tips for new spoke workers",
     "I started in a police-hosted spoke last month. What helped you settle in and be seen as part of the "
     "team without losing the voluntary-sector feel that young people trust?",
     [("worker", "Go to the morning briefings. Officers bring you cases once they know your face."),
      ("worker", "Keep your own space for young people away from the station if you can: a youth centre room "
                 "or a café they choose."),
      ("manager", "And agree early with the sergeant what you will and will not share. It saves a hard "
                  "conversation later.")]),
    ("staff", "manager", "Challenging a referral that was screened out",
     "We had a referral screened out by the front door last week that we thought met the threshold. "
     "How do others raise it without damaging the relationship?",
     [("manager", "We go practitioner to practitioner first, in writing, with what we know, then the team "
                  "manager. Most are resolved at the first stage."),
      ("worker", "It helps to use their own threshold document's words when you write."),
      ("lead", "There is a good session on this at the learning exchange in the spring: look out for the "
               "notice.")]),
    ("family", "worker", "Parents who feel blamed",
     "Some parents tell us the first professional they met made them feel it was their fault. How do you "
     "start with a parent in that place?",
     [("worker", "I start by asking what they have already tried. It shows I see them as the expert on "
                 "their child."),
      ("manager", "We run a parents' group once a month. Hearing other parents say the same thing does more "
                  "than anything we say."),
      ("worker", "We share the same leaflet the young person has, so nobody is working from a different "
                 "story.")]),
    ("family", "manager", "Family sessions at home or at the office?",
     "Where do you hold sessions with parents and carers? We have mostly gone to the family home but some "
     "families prefer neutral ground.",
     [("worker", "We ask the family. Home is easier for them but harder to keep private from siblings."),
      ("worker", "A community centre room has worked well for us, with lone-working check-ins as usual.")]),
    ("family", "worker", "Keeping siblings in mind",
     "How do you include younger brothers and sisters when an older sibling is at risk? We worry about the "
     "younger ones hearing too much.",
     [("manager", "We do a short separate session for the younger ones, with age-appropriate materials, and "
                  "the parent's agreement first."),
      ("worker", "The safety plan we make with the family names what the younger ones are told and by whom.")]),
    ("tools", "worker", "Resources for one-to-one work with boys",
     "We are struggling to find materials that work for one-to-one sessions with boys and young men. "
     "Most of what we have was written for groups of girls.",
     [("worker", "We adapted the healthy relationships cards: changed the scenarios and the pictures. Happy "
                 "to share."),
      ("manager", "This came up at the roundtable last year as a real gap: boys, one-to-one, and high "
                  "trauma."),
      ("worker", "Football and gaming as a way in has worked for us, then the cards once there is trust.")]),
    ("tools", "worker", "Easy-read materials for young people with a learning disability",
     "Does anyone have easy-read versions of the consent and safety-planning sheets?",
     [("worker", "We had ours made with a local self-advocacy group. The pictures matter as much as the words."),
      ("manager", "We would pay towards a shared version if others would too.")]),
    ("tools", "manager", "Online safety session plan",
     "Our session plan for online safety with groups of 12 to 14 year olds is attached to our blog post. "
     "Comments welcome before we run it in schools next term.",
     [("worker", "We used it last month: the part about apps and location sharing went down best."),
      ("worker", "Could it have a version for one-to-one work too?")]),
    ("managers", "manager", "Funding for the spoke posts after next year",
     "How are others making the case to the local authority to keep spoke posts after the programme's "
     "funding ends?",
     [("manager", "The host agency's own figures are what convinced ours: fewer missing episodes reported for "
                  "the young people the spoke worker saw."),
      ("manager", "We asked the partnership to put it in their business plan. Slow, but it is there now.")]),
    ("managers", "manager", "Supervision frequency",
     "How often do your spoke workers have supervision? We are at monthly and it does not feel enough.",
     [("manager", "Fortnightly for new staff, monthly after six months, plus group reflective practice."),
      ("manager", "We added a short check-in after any visit that went into alarm.")]),
    ("evaluation", "worker", "What counts as a consultation in the return?",
     "If a teacher rings for advice about a pupil we do not know, does that count as a consultation even if "
     "nothing follows?",
     [("evaluator", "Yes: advice to a professional about a child who is not on your caseload is a "
                    "consultation, whatever happened next. Record what followed as 'no further action'."),
      ("worker", "Thank you, that is clear.")]),
    ("evaluation", "manager", "Visits in the spring",
     "When will the evaluation team be visiting, and who would you like to speak to?",
     [("evaluator", "We will write to each manager with dates. We would like to meet the hub team, two spoke "
                    "workers, a host-agency manager, and young people who would like to take part."),
      ("manager", "We will ask our young people's group.")]),
    ("notices", "programme", "The learning exchange: vote for the topics",
     "This year's learning exchange is in the summer. Topics will be chosen by your votes: working with "
     "boys and young men, disabled young people, family work, and challenging statutory services are on the "
     "list so far.",
     []),
    ("notices", "programme", "Quarterly returns: the dates for the year",
     "The returns are due a month after each quarter ends. Your return page shows each quarter's figures as "
     "you go.",
     []),
    ("phase", "manager", "Setting up a hub: what do you wish you had known?",
     "We are a new service this year. What do you wish you had known when you set up your hub?",
     [("manager", "Spend the first months with the host agencies. The referrals follow the relationships."),
      ("programme", "And ask for a buddy service: several of the longer-running services have offered.")]),
)


def seed_forum(*, seed: int) -> dict[str, int]:
    if Category.objects.exists():
        return {}
    programme = Programme.objects.order_by("pk").first()
    lead = _person(programme, Role.EXCHANGE_LEAD)
    if programme is None or lead is None:
        return {}
    rng = random.Random(seed + 3001)  # noqa: S311 - synthetic demo data, not secrets
    start = timezone.now() - dt.timedelta(weeks=WEEKS)
    people = _people(programme, since=start.date())
    categories = {}
    with at(start):
        phase = Phase.objects.filter(programme=programme).order_by("-number").first()
        for position, (key, (name, description, read, post, one_phase)) in enumerate(CATEGORIES.items()):
            if one_phase and phase is None:
                continue
            categories[key] = actions.create_category(
                actor=lead, programme=programme, name=name if not one_phase else f"{name} (phase {phase.number})",
                description=description, read_roles=read, post_roles=post, phase=phase if one_phase else None,
                position=position)
    people["lead"] = [lead]
    moment = start + dt.timedelta(hours=2)
    step = (timezone.now() - moment) / (len(THREADS) * 4 + 4)
    threads = []
    for key, starter, title, body, replies in THREADS:
        category = categories.get(key)
        if category is None:
            continue
        writers = _writers(people, category)
        first = _pick(rng, writers, starter)
        if first is None:
            continue
        moment += step
        with at(_working(moment)):
            thread = _post(actions.start_thread, actor=first, category=category, title=title, body=body)
        threads.append(thread)
        last_author = first
        for n, (who, words) in enumerate(replies):
            author = _pick(rng, writers, who, not_=last_author)
            if author is None:
                continue
            if n == 0 and who != "lead" and rng.random() < 0.3:
                words = f"@{_handle(last_author)} {words}"
            moment += step / 2
            with at(_working(moment)):
                _post(actions.reply, actor=author, thread=thread, body=words)
            last_author = author
    _moderate(rng, lead, threads, people, moment)
    return {"forum categories": Category.objects.count(), "forum threads": Thread.objects.count(),
            "forum posts": Post.objects.count()}


def _working(moment: dt.datetime) -> dt.datetime:
    """The same day's working hours (9 till 5, on a weekday): people post from the office."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local -= dt.timedelta(days=1)
    return local.replace(hour=9 + local.hour % 8)


def _post(act, **fields):
    try:
        return act(**fields)
    except guard.NeedsConfirming:
        # A demo word that met a demo name: published past the warning, on the lead's list.
        return act(**fields, confirmed=True)


def _handle(person) -> str:
    from hubspoke.exchange.queries import handle_of

    return handle_of(person)


def _person(programme, role):
    if programme is None:
        return None
    membership = Membership.objects.filter(programme=programme, role=role, ends_on__isnull=True) \
        .select_related("person").order_by("starts_on", "pk").first()
    return membership.person if membership else None


def _people(programme, *, since: dt.date) -> dict[str, list]:
    """People in post from before the first post to today, by the part they play in the threads
    (their scope stays the same whichever day the clock is moved to)."""
    in_post = Membership.objects.filter(starts_on__lte=since).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today()))
    found = {"worker": [], "manager": [], "evaluator": [], "programme": []}
    parts = {Role.SPOKE_WORKER: "worker", Role.HUB_WORKER: "worker", Role.SERVICE_MANAGER: "manager",
             Role.EVALUATOR: "evaluator", Role.PROGRAMME_LEAD: "programme"}
    for m in in_post.filter(role__in=list(parts)).select_related("person", "service", "spoke__service") \
            .order_by("starts_on", "pk"):
        if m.person.is_active and m.person not in found[parts[m.role]]:
            found[parts[m.role]].append(m.person)
    return found


def _writers(people, category):
    """Who may write in the category, by part: the actions check again."""
    from hubspoke.exchange import rules
    from hubspoke.network import scoping

    allowed = {}
    for part, persons in people.items():
        allowed[part] = [p for p in persons if rules.may_post(scoping.scope_for(p).memberships, category)]
    return allowed


def _pick(rng, writers, part, not_=None):
    choices = [p for p in writers.get(part, []) if p != not_] or writers.get(part, [])
    return rng.choice(choices[:40]) if choices else None


def _moderate(rng, lead, threads, people, moment):
    """Watching, a pinned notice, a locked thread, a reported post the lead hid, and the demo
    manager's daily email."""
    if not threads:
        return
    with at(moment + dt.timedelta(minutes=30)):
        notices = [t for t in threads if t.category.read_roles == CATEGORIES["notices"][2]]
        for thread in notices[:1]:
            actions.moderate_thread(actor=lead, thread=thread, do="pin")
        if len(threads) > 1:
            actions.moderate_thread(actor=lead, thread=threads[-1], do="lock")
        rooms = [t.category for t in threads if t.category.read_roles == [Role.SERVICE_MANAGER]][:1]
        for person in people.get("manager", [])[:6]:
            for category in rooms:
                actions.set_watch(actor=person, on=True, category=category)
        reporter = next((p for p in people.get("worker", []) if p.pk != threads[0].started_by_id), None)
        post = Post.objects.filter(thread=threads[0]).exclude(author=reporter).order_by("created_at").last()
        if reporter is not None and post is not None:
            actions.report_post(actor=reporter, post=post, reason="wrong_place",
                                note="This would be better in the managers' room.")
        managers = people.get("manager", [])
        if managers:
            actions.set_daily_digest(actor=managers[0], on=True)
