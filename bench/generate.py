"""Synthetic programmes for benchmarking, built fast and deterministically.

The database is made by Hubspoke's own migrations; the network (services, spokes, staff) is
written with COPY from Python, and the record (young people, referrals, cases, contacts, plans,
meetings, missing episodes, outcomes, assessments, the audit trail) by set-based
``INSERT … SELECT`` over ``generate_series`` on the server, with pseudo-random choices from
``hashint8extended`` so that the same tier always gives the same rows. The big tables' indexes
and foreign keys are dropped while they load and rebuilt afterwards (the foreign keys are then
validated in one pass each). Dates are relative to the day the data is generated.

Monitoring returns are made by the product's own code: draft returns for every ended quarter
since a year ago, and for each past quarter ``indicators.compute`` over every service at once,
frozen as submitted versions (as ``submit_return`` does, without a request per service)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
import uuid

from bench import tiers

FIRST_NAMES = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya", "Willow", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Aisha", "Zara", "Maryam", "Fatima", "Chloe", "Jessica", "Kayleigh", "Kaylee", "Leah", "Nia", "Ruby", "Millie", "Holly", "Jade", "Amber", "Courtney", "Shannon", "Tia", "Jasmine", "Precious", "Oliver", "George", "Noah", "Muhammad", "Mohammed", "Leo", "Harry", "Oscar", "Archie", "Jack", "Charlie", "Jacob", "Thomas", "Alfie", "Riley", "Tyler", "Kai", "Jayden", "Callum", "Reece", "Connor", "Liam", "Ethan", "Dylan", "Kieran", "Bradley", "Jordan", "Ryan", "Aaron", "Kane", "Adam", "Yusuf", "Ibrahim", "Omar", "Bilal", "Daniel", "Joshua", "Lewis"]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "Garden", "Campbell", "Johnston", "Moore", "Smyth", "Oneill", "Doherty", "Stewart", "Quinn", "Murphy", "Graham", "Mclaughlin", "Hamilton", "Murray", "Hughes", "Robertson", "Thomson", "Scott", "Macdonald", "Reid", "Clark", "Ross", "Young", "Watson", "Paterson", "Morrison", "Ahmed", "Hussain", "Ali", "Begum", "Akhtar", "Rahman", "Islam", "Shah", "Iqbal", "Mahmood", "Hassan", "Okafor", "Adeyemi", "Mensah", "Owusu", "Nowak", "Kowalski", "Popescu", "Kaur", "Singh", "Gill", "Sandhu", "Chen", "Wang", "Nguyen", "Tran"]
NOTES = (
    "Met after school at the youth centre; talked about her week and who she has been spending time with.",
    "Walked to the shop together; he said things at home are calmer. Agreed to meet again next Tuesday.",
    "Text exchange to arrange a meeting; she asked to move it to the afternoon.",
    "Outreach in the town centre with the detached team; not found at the usual places.",
    "Phone call: no answer, left a voicemail with the usual words agreed with her.",
    "Session on healthy relationships using the workbook; she chose the topic.",
    "Joint visit with the social worker to the placement; talked about the new phone and contacts.",
    "Group session at the hub; quiet at first, joined in by the end.",
)
GOALS = (
    "Feel able to tell my worker when something is wrong",
    "Have a safe place to go after school on weekdays",
    "Go back to college two days a week",
    "Know who to call if I feel unsafe when I'm out",
    "Spend less time with the older men from the flat",
    "Get my own GP and go to the sexual health clinic",
)
ACTIONS = (
    "Meet weekly at the youth centre", "Ask the school about a part-time timetable",
    "Go with her to register with the GP", "Make a safety plan together and share it with mum",
    "Raise the address at the next exploitation panel", "Find a football club near the placement",
)
ETHNICITIES = ("white_british", "white_british", "white_british", "white_british", "white_other", "mixed_white_black_caribbean",
               "mixed_other", "asian_pakistani", "asian_bangladeshi", "asian_indian", "black_african",
               "black_caribbean", "other_any", "not_known")
REGIONS = ("north_east", "north_west", "yorkshire", "east_midlands", "west_midlands", "east", "london", "south_east",
           "south_west")


def _arr(values) -> str:
    """A PostgreSQL text[] literal for constants built into the SQL."""
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]::text[]"


def _pick(values, i: str, salt: int) -> str:
    return f"({_arr(values)})[1 + floor(bench_r({i}, {salt}) * {len(values)})::int]"


# Tables loaded in bulk: their indexes and foreign keys are dropped while they fill.
BULK_TABLES = (
    "referrals_youngperson", "referrals_youngpersonname", "referrals_referral", "referrals_referraldecision",
    "cases_case", "cases_casereferral", "cases_allocation", "cases_caseclosure", "cases_contact", "cases_plangoal",
    "cases_planaction", "cases_meeting", "cases_missingepisode", "cases_outcomerating", "assessments_assessment",
    "audit_auditevent", "sharing_agreement", "sharing_agreementversion", "sharing_agreementversion_parties",
    "sharing_signatory", "sharing_consentrecord", "sharing_consentrecord_agencies", "sharing_informationrequest",
    "sharing_disclosure", "sharing_decisionnottoshare",
    "stories_story", "stories_storyversion",
    "retention_legalhold", "retention_disposal", "retention_disposalcertificate",
)

SAFETY_TABLES = ("safety_safetyprofile", "safety_chainstep", "safety_visit", "safety_visitcaselink",
                 "safety_visitevent", "safety_supervisionschedule", "safety_supervision", "safety_supervisioncase")
ENGAGEMENT_TABLES = ("engagement_consultation", "engagement_trainingsession", "engagement_trainingfeedback",
                     "engagement_preventionsession", "engagement_strategicmeeting", "engagement_challenge",
                     "engagement_challengestep")
# A year's work with professionals at each hub and spoke (the demo's rates).
CONSULTATIONS_PER_PLACE = 14
REFERRED_PER_PLACE = 3  # consultations that led to a referral the place then accepted
TRAINING_PER_PLACE = 3
PREVENTION_PER_PLACE = 5
TIMED_FEEDBACK = 40  # answers on the timed training session
PARTICIPATION_TABLES = ("participation_feedbacklink", "participation_supportfeedback", "participation_survey",
                        "participation_surveyquestion", "participation_surveylink", "participation_surveyresponse",
                        "participation_surveyanswer", "participation_activity", "participation_participant",
                        "participation_activityoutput", "participation_useconsent", "participation_quote")
ACTIVITIES_PER_SERVICE = 24  # two a month for a year, across the spectrum
TAKING_PART = 8  # young people in each activity; the timed activity has TIMED_TAKING_PART
TIMED_TAKING_PART = 30
SURVEY_ANSWERS_PER_SERVICE = 60  # the programme survey's answers at each service
TIMED_SURVEY_TOKEN = "bench-timed-survey-0001"  # service 1's open link to the programme survey (synthetic)
FEEDBACK_EVERY_DAYS = 91  # the services' default: every thirteen weeks
TIMED_LINK_TOKEN = "bench-timed-feedback-link-0001"  # the timed case's open link (synthetic)


class Generator:
    def __init__(self, tier: tiers.Tier, log=print):
        self.tier = tier
        self.log = log
        self.timings: dict[str, float] = {}
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)

    # --- plumbing ------------------------------------------------------------------------

    def step(self, name, fn, *args):
        started = time.perf_counter()
        result = fn(*args)
        self.timings[name] = round(time.perf_counter() - started, 2)
        self.log(f"  {name}: {self.timings[name]:.1f} s")
        return result

    def sql(self, statement: str, params=None):
        """Run one statement; ``%(name)s`` takes a timestamp from params, written in as a literal
        (so that ``%`` stays the modulo operator)."""
        for name, value in (params or {}).items():
            statement = statement.replace(f"%({name})s", f"'{value.isoformat()}'::timestamptz")
        with self.conn.cursor() as cur:
            cur.execute(statement.encode())
            return cur.rowcount

    def copy(self, table: str, columns: list[str], rows):
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    # --- the run -------------------------------------------------------------------------

    def run(self) -> dict:
        from django.db import connection

        connection.ensure_connection()
        self.conn = connection.connection
        self.conn.autocommit = True
        self.sql("SET synchronous_commit = off")
        self.sql("SET maintenance_work_mem = '1GB'")
        self.sql("SET work_mem = '256MB'")
        self.sql(
            "CREATE OR REPLACE FUNCTION bench_r(i bigint, s int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE "
            "AS $$ SELECT (hashint8extended(i, s) & 2147483647)::float8 / 2147483648.0 $$"
        )
        started = time.perf_counter()
        self.step("network (COPY)", self.network)
        self.step("assessment tools and templates", self.assessment_templates)
        saved = self.step("drop indexes and foreign keys", self.drop_indexes)
        self.step("young people and names", self.young_people)
        self.step("referrals and decisions", self.referrals)
        self.step("cases, allocations, closures", self.cases)
        self.step("contacts", self.contacts)
        self.step("plans, meetings, missing, outcomes", self.casework)
        self.step("assessments", self.assessments)
        self.step("audit trail", self.audit)
        self.step("sharing: agreements, consent, disclosures", self.sharing)
        self.step("stories: young people's own stories and versions", self.stories)
        self.step("retention: legal holds, disposals, certificates", self.retention)
        self.step("safety: profiles, alarm chains, visits, supervision", self.safety)
        self.step("engagement: consultations, training, prevention, meetings, challenges", self.engagement)
        self.step("participation: young people's feedback on their support", self.participation)
        self.step("rebuild indexes and foreign keys", self.restore_indexes, saved)
        self.step("sequences and ANALYZE", self.finish)
        self.step("monitoring returns (indicators.compute)", self.monitoring)
        self.step("subject access requests", self.rights)
        self.sql("DROP TABLE IF EXISTS bench_place, bench_yp, bench_first, bench_last, bench_tpl, bench_partner")
        self.sql("DROP FUNCTION IF EXISTS bench_r(bigint, int)")
        self.timings["total"] = round(time.perf_counter() - started, 2)
        return {"timings": self.timings, "counts": self.counts(), "personas": self.personas}

    # --- the network ---------------------------------------------------------------------

    def network(self):
        t = self.tier
        now = self.now
        self.copy("network_programme", ["id", "uuid", "name", "description", "year_start_month"],
                  [(1, self.uid("programme", 1), "Hub and Spoke national programme (benchmark)", "", 4)])
        self.copy("network_phase", ["id", "programme_id", "number", "name", "starts_on", "ends_on"],
                  [(1, 1, 1, "Phase 1", dt.date(2016, 4, 1), None)])
        self.copy("network_hubspokemodel", ["id", "programme_id", "number", "name", "description"],
                  [(n, 1, n, name, name) for n, name in enumerate(
                      ("Police team", "Children's social care", "Health setting", "Youth venue"), 1)])
        self.copy("network_funder", ["id", "uuid", "programme_id", "name"],
                  [(n, self.uid("funder", n), 1, name) for n, name in enumerate(("National Lottery", "Home Office"), 1)])
        las = [(n, self.uid("la", n), f"Borough {n:03d}", f"E{6000000 + n:08d}", REGIONS[n % len(REGIONS)])
               for n in range(1, t.local_authorities + 1)]
        self.copy("network_localauthority", ["id", "uuid", "name", "ons_code", "region"], las)
        agency_types = ("police", "childrens_social_care", "education")
        agencies = []
        for la in range(1, t.local_authorities + 1):
            for kind in agency_types:
                agencies.append((len(agencies) + 1, self.uid("agency", len(agencies) + 1),
                                 f"Borough {la:03d} {kind.replace('_', ' ')}", kind, la))
        self.copy("network_agency", ["id", "uuid", "name", "agency_type", "local_authority_id"], agencies)

        users, memberships, posts, places = [], [], [], []
        rng = random.Random(7)

        def person(label, role, **place):
            uid = len(users) + 1
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            users.append((uid, self.uid("user", uid), "!bench", False, f"{label}@bench.example", name, True, False,
                          False, now))
            capacity = 25 if role in ("hub_worker", "spoke_worker") else None
            memberships.append((len(memberships) + 1, self.uid("membership", len(memberships) + 1), uid, role,
                                place.get("programme"), place.get("service"), place.get("spoke"),
                                place.get("agency"), capacity, dt.date(2016, 4, 1)))
            return uid

        lead = person("programme-lead", "programme_lead", programme=1)
        evaluator = person("evaluator", "evaluator", programme=1)
        services, spokes = [], []
        yp_offset = 0
        base_per_service = t.young_people // t.services
        for s in range(1, t.services + 1):
            timed = s == 1
            n_spokes = tiers.TIMED_SPOKES if timed else t.spokes_per_service
            n_hub = tiers.TIMED_HUB_WORKERS if timed else t.hub_workers
            la = (s - 1) % t.local_authorities + 1
            services.append((s, self.uid("service", s), 1, 1, f"Service {s:03d}", f"Charity {s:03d}",
                             REGIONS[la % len(REGIONS)], "waiting_list", True, 8, 25, 3, 10, False, True))
            manager = person(f"manager{s}", "service_manager", service=s)
            posts.append((s, None, "Service manager", "hub", manager))
            hub_workers = [person(f"hub{s}-{w}", "hub_worker", service=s) for w in range(1, n_hub + 1)]
            posts += [(s, None, "Hub worker", "hub", w) for w in hub_workers]
            place_list = [(None, la, hub_workers)]
            for j in range(1, n_spokes + 1):
                sp = len(spokes) + 1
                sp_la = (s - 1 + j) % t.local_authorities + 1
                spokes.append((sp, self.uid("spoke", sp), s, f"Spoke {s:03d}-{j}", (sp_la - 1) * 3 + 1, sp_la,
                               (j - 1) % 4 + 1, dt.date(2016, 4, 1)))
                worker = person(f"spoke{s}-{j}", "spoke_worker", spoke=sp)
                posts.append((s, sp, "Spoke worker", "spoke", worker))
                place_list.append((sp, sp_la, [worker]))
            per_place = base_per_service // len(place_list)
            for spoke_id, place_la, workers in place_list:
                pid = len(places) + 1
                if timed:
                    caseload, wait_n = tiers.CASELOAD, tiers.TIMED_WAITING_PER_PLACE
                    inbox_n, awaiting_n = tiers.TIMED_INBOX_PER_PLACE, tiers.TIMED_AWAITING_PER_PLACE
                else:
                    caseload, wait_n, inbox_n, awaiting_n = 15 + (pid * 7) % 11, 2, 3, 1
                open_n = caseload * len(workers)
                yp_n = max(per_place, open_n + wait_n + 5)
                places.append((pid, s, spoke_id, place_la, workers, manager, open_n, wait_n, inbox_n, awaiting_n,
                               yp_n, yp_offset))
                yp_offset += yp_n
        partners = []
        for a in agencies:
            for k in range(t.partners_per_agency):
                uid = person(f"partner{a[0]}-{k}", "partner", agency=a[0])
                if k == 0:
                    partners.append((a[0], uid))

        self.copy("accounts_user", ["id", "uuid", "password", "is_superuser", "email", "full_name", "is_active",
                                    "is_staff", "is_demo", "date_joined"], users)
        self.copy("network_service", ["id", "uuid", "programme_id", "phase_id", "name", "organisation", "region",
                                      "waiting_list_policy", "is_active", "min_age", "max_age",
                                      "decision_target_working_days", "first_contact_target_working_days",
                                      "workers_may_triage", "supports_to_25"], services)
        self.copy("network_spoke", ["id", "uuid", "service_id", "name", "host_agency_id", "local_authority_id",
                                    "model_id", "starts_on"], spokes)
        self.copy("network_membership", ["id", "uuid", "person_id", "role", "programme_id", "service_id", "spoke_id",
                                         "agency_id", "caseload_capacity", "starts_on"], memberships)
        self.copy("network_post", ["id", "uuid", "service_id", "spoke_id", "title", "fte", "location", "funder_id",
                                   "holder_id", "starts_on"],
                  [(n, self.uid("post", n), s, sp, title, "1.00", loc, 1, holder, dt.date(2016, 4, 1))
                   for n, (s, sp, title, loc, holder) in enumerate(posts, 1)])
        # Every fourth post was vacant for six weeks in the last year, before its holder came.
        self.copy("network_postvacancy", ["id", "post_id", "starts_on", "ends_on"],
                  [(n // 4, n, now.date() - dt.timedelta(days=200 + n % 90),
                    now.date() - dt.timedelta(days=200 + n % 90 - 41))
                   for n in range(4, len(posts) + 1, 4)])
        # Every account has a TOTP authenticator, as production requires; the bench signs in by
        # session, so the secret is never used.
        self.copy("mfa_authenticator", ["user_id", "type", "data", "created_at"],
                  [(u[0], "totp", json.dumps({"secret": "bench-unused"}), now) for u in users])
        self.sql("CREATE UNLOGGED TABLE bench_place (pid int, service_id bigint, spoke_id bigint, la_id bigint, "
                 "workers bigint[], manager_id bigint, open_n int, wait_n int, inbox_n int, awaiting_n int, "
                 "yp_n int, yp_offset int)")
        self.copy("bench_place", ["pid", "service_id", "spoke_id", "la_id", "workers", "manager_id", "open_n",
                                  "wait_n", "inbox_n", "awaiting_n", "yp_n", "yp_offset"], places)
        from hubspoke.lib import names

        for table, pool in (("bench_first", FIRST_NAMES), ("bench_last", LAST_NAMES)):
            self.sql(f"CREATE UNLOGGED TABLE {table} (k int primary key, name text, norm text, sound text)")
            self.copy(table, ["k", "name", "norm", "sound"],
                      [(k, n, names.normalise(n), names.sound(n)) for k, n in enumerate(pool)])
        # The first partner of each agency: the one who asks the services for information.
        self.sql("CREATE UNLOGGED TABLE bench_partner (agency_id bigint primary key, user_id bigint)")
        self.copy("bench_partner", ["agency_id", "user_id"], partners)
        timed_place = places[1]  # service 1, spoke 1
        # The police partner of the timed spoke's area: everything shared about the timed case
        # goes to that agency, so its partner's list always holds it.
        timed_police = (timed_place[3] - 1) * 3 + 1
        self.personas = {
            "worker": timed_place[4][0], "manager": places[0][5], "programme_lead": lead, "evaluator": evaluator,
            "service": 1, "timed_case": timed_place[11] + 1, "spoke": timed_place[2],
            "partner": dict(partners)[timed_police], "partner_agency": timed_police,
        }
        self.young_people_total = yp_offset

    def uid(self, kind: str, n: int) -> str:
        return str(uuid.UUID(hashlib.md5(f"{kind}:{n}".encode()).hexdigest()))  # noqa: S324 (not security)

    # --- assessments: a few dozen real results, reused -------------------------------------

    def assessment_templates(self):
        from hubspoke.assessments import actions, scoring
        from hubspoke.assessments.definition import indicators
        from hubspoke.cases.demo_assessments import CHANCE

        actions.import_builtin_tools()
        tool = actions.latest_tool("hubspoke-cse")
        self.tool_id = tool.pk
        definition = tool.definition
        levels = {lv["id"]: (n, lv) for n, lv in enumerate(definition["levels"])}
        rng = random.Random(11)
        rows = []
        for k in range(48):
            severity = (0.3, 0.6, 1, 1.5, 2.5, 4)[k % 6]
            answers = {}
            for ind in indicators(definition):
                chance = CHANCE[ind["category"]] * (severity if ind["category"] in ("risk", "harm") else 1)
                value = "yes" if rng.random() < chance else ("not_known" if rng.random() > 0.93 else "no")
                window = definition["time_windows"][0]["id"] if ind["timed"] and value == "yes" else ""
                answers[ind["id"]] = {"answer": value, "window": window, "note": ""}
            result = scoring.compute(definition, answers, 15)
            rank, level = levels[result.level]
            rows.append((k, json.dumps(answers), json.dumps(result.to_dict()), result.level, level["label"], rank,
                         json.dumps(list(result.vulnerabilities)), json.dumps(sorted(result.tags)),
                         level["review_weeks"], bool(level["countersign"])))
        self.sql("CREATE UNLOGGED TABLE bench_tpl (k int primary key, answers jsonb, result jsonb, level text, "
                 "label text, rank int, vulnerabilities jsonb, tags jsonb, review_weeks int, countersign bool)")
        self.copy("bench_tpl", ["k", "answers", "result", "level", "label", "rank", "vulnerabilities", "tags",
                                "review_weeks", "countersign"], rows)

    # --- indexes -------------------------------------------------------------------------

    def drop_indexes(self):
        tables = list(BULK_TABLES)
        with self.conn.cursor() as cur:
            cur.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) OR confrelid::regclass::text = ANY(%s))",
                [tables, tables])
            fks = cur.fetchall()
            cur.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN "
                "('p', 'u', 'x'))", [tables])
            indexes = cur.fetchall()
            for table, name, _ in fks:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for _, name, _ in indexes:
                cur.execute(f'DROP INDEX "{name}"')
        return fks, indexes

    def restore_indexes(self, saved):
        fks, indexes = saved
        with self.conn.cursor() as cur:
            cur.execute("SET max_parallel_maintenance_workers = 2")
            for _, _, definition in indexes:
                cur.execute(definition)
            for table, name, definition in fks:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')

    # --- the record ----------------------------------------------------------------------

    def young_people(self):
        now = self.now
        # One row per young person with what everything else derives from: where they are held,
        # whether they have an open case, are waiting, or had a case that closed, and when.
        self.sql("""
            CREATE UNLOGGED TABLE bench_yp AS
            SELECT p.yp_offset + q AS id, p.pid, p.service_id, p.spoke_id, p.la_id, p.manager_id, q,
                   CASE WHEN q <= p.open_n THEN 'open' WHEN q <= p.open_n + p.wait_n THEN 'waiting'
                        ELSE 'closed' END AS state,
                   p.workers[1 + (q % array_length(p.workers, 1))] AS worker_id
            FROM bench_place p CROSS JOIN LATERAL generate_series(1, p.yp_n) q""")
        self.sql("""
            ALTER TABLE bench_yp ADD COLUMN opened_at timestamptz, ADD COLUMN closed_at timestamptz;
            UPDATE bench_yp SET opened_at = %(now)s - make_interval(days => CASE state
                WHEN 'open' THEN 20 + floor(bench_r(id, 1) * 700)::int
                WHEN 'waiting' THEN 3 + floor(bench_r(id, 1) * 60)::int
                ELSE 120 + floor(bench_r(id, 1) * 3400)::int END, hours => floor(bench_r(id, 9) * 9)::int);
            UPDATE bench_yp SET closed_at = least(%(now)s - interval '1 day',
                opened_at + make_interval(days => 60 + floor(bench_r(id, 2) * 300)::int)) WHERE state = 'closed';
            ALTER TABLE bench_yp ADD PRIMARY KEY (id); ANALYZE bench_yp;""", {"now": now})
        self.sql(f"""
            INSERT INTO referrals_youngperson (id, uuid, service_id, spoke_id, first_name, last_name, known_as,
                date_of_birth, gender, gender_self_described, trans, ethnicity, first_language, interpreter_needed,
                disability, learning_disability, autism, lgbt, care_status, unaccompanied_asylum_seeking,
                local_authority_id, education_status, created_at, created_by_id)
            SELECT y.id, md5('yp:' || y.id)::uuid, y.service_id, y.spoke_id, f.name, l.name, '',
                (y.opened_at - make_interval(days => 365 * 11 + floor(bench_r(y.id, 3) * 365 * 6)::int))::date,
                {_pick(("girl", "girl", "girl", "boy", "boy", "non_binary", "not_known"), "y.id", 4)}, '',
                'not_asked', {_pick(ETHNICITIES, "y.id", 5)}, 'English', false,
                {_pick(("yes", "no", "no", "not_known"), "y.id", 6)},
                {_pick(("yes", "no", "no", "no", "not_known"), "y.id", 7)},
                {_pick(("yes", "no", "no", "no", "not_known"), "y.id", 8)}, 'not_asked',
                {_pick(("looked_after", "child_protection", "child_in_need", "none", "none", "not_known"), "y.id", 10)},
                false, y.la_id,
                {_pick(("in_school", "in_school", "in_college", "alternative", "excluded", "not_in_education"), "y.id", 11)},
                y.opened_at - interval '2 days', y.manager_id
            FROM bench_yp y
            JOIN bench_first f ON f.k = (y.id * 7) % {len(FIRST_NAMES)}
            JOIN bench_last l ON l.k = (y.id * 13) % {len(LAST_NAMES)}""")
        self.sql(f"""
            INSERT INTO referrals_youngpersonname (young_person_id, name, is_alias, normalised, sound)
            SELECT y.id, n.name, false, n.norm, n.sound FROM bench_yp y
            JOIN bench_first n ON n.k = (y.id * 7) % {len(FIRST_NAMES)}
            UNION ALL
            SELECT y.id, n.name, false, n.norm, n.sound FROM bench_yp y
            JOIN bench_last n ON n.k = (y.id * 13) % {len(LAST_NAMES)}""")

    def referrals(self):
        pathway = _pick(("childrens_social_care", "childrens_social_care", "police", "police", "education",
                         "health_sarc", "health_camhs", "youth_justice", "parent_carer", "self"), "{i}", 21)
        urgency = _pick(("routine", "routine", "routine", "urgent", "urgent", "immediate"), "{i}", 22)
        tags = _pick(('["boyfriend"]', '["online"]', '["party", "going_missing"]', '["peer_gang"]',
                      '["online_element", "boyfriend"]', '["organised"]'), "{i}", 23)

        def common(i):
            return (f"{pathway.format(i=i)}, ((y_la - 1) * 3 + 1 + floor(bench_r({i}, 24) * 3)::int), "
                    f"'Referrer ' || ({i} % 997), 'Social worker', '01632 960000', 'referrer@agency.example', "
                    f"'Concerns about who she is spending time with; going missing overnight.', "
                    f"{tags.format(i=i)}::jsonb, '', {urgency.format(i=i)}, 'given', '', '', "
                    f"md5('token:' || {i})::uuid, '', "
                    # A unique reference from the row's id, shaped like the real ones.
                    f"upper(substr(lpad(to_hex({i}), 8, '0'), 1, 4) || '-' || substr(lpad(to_hex({i}), 8, '0'), 5))")

        columns = ("id, uuid, service_id, spoke_id, young_person_id, status, received_at, subject_first_name, "
                   "subject_last_name, subject_known_as, subject_date_of_birth, subject_gender, "
                   "subject_local_authority_id, created_by_id, pathway, referring_agency_id, referrer_name, "
                   "referrer_role, referrer_phone, referrer_email, concerns, concern_tags, other_agencies_involved, "
                   "urgency, consent, lawful_basis, consent_reason, submission_token, subject_gender_self_described, "
                   "reference")
        # The referral that each young person's record was made from: accepted.
        self.sql(f"""
            INSERT INTO referrals_referral ({columns})
            SELECT y.id, md5('referral:' || y.id)::uuid, y.service_id, y.spoke_id, y.id, 'accepted',
                y.opened_at - interval '3 days', p.first_name, p.last_name, '', p.date_of_birth, p.gender,
                y.la_id, y.manager_id, {common('y.id')}
            FROM (SELECT *, la_id AS y_la FROM bench_yp) y JOIN referrals_youngperson p ON p.id = y.id""")
        self.sql("""
            INSERT INTO referrals_referraldecision (uuid, referral_id, kind, decided_by_id, decided_at,
                decline_reason, notes, reason_for_referrer, signposting, information_requested, requested_from,
                due_on, outcome, asked_in_hubspoke)
            SELECT md5('decision:' || y.id)::uuid, y.id, 'accepted', y.manager_id, y.opened_at - interval '1 day',
                '', 'Meets the threshold; consent given.', '', '', '', '', NULL, '', false
            FROM bench_yp y""")
        # Referrals that never became a record: declined ones in the past, and the inbox now
        # (new, and awaiting information).
        base = self.young_people_total
        self.sql(f"""
            CREATE UNLOGGED TABLE bench_ref AS
            SELECT {base} + row_number() OVER (ORDER BY p.pid, kind, n) AS id, p.*, kind, n
            FROM bench_place p CROSS JOIN LATERAL (
                SELECT 'declined' AS kind, n FROM generate_series(1, greatest(1, p.yp_n / 4)) n
                UNION ALL SELECT 'received', n FROM generate_series(1, p.inbox_n) n
                UNION ALL SELECT 'awaiting_information', n FROM generate_series(1, p.awaiting_n) n) k""")
        self.sql(f"""
            INSERT INTO referrals_referral ({columns})
            SELECT r.id, md5('referral:' || r.id)::uuid, r.service_id, r.spoke_id, NULL, r.kind,
                %(now)s - make_interval(days => CASE r.kind WHEN 'declined' THEN 10 + floor(bench_r(r.id, 25) * 3600)::int
                    ELSE floor(bench_r(r.id, 25) * 20)::int END, hours => floor(bench_r(r.id, 26) * 9)::int),
                f.name, l.name, '', (%(now)s - make_interval(days => 365 * 12 + floor(bench_r(r.id, 27) * 2000)::int))::date,
                'girl', r.la_id, r.manager_id, {common('r.id')}
            FROM (SELECT *, la_id AS y_la FROM bench_ref) r
            JOIN bench_first f ON f.k = (r.id * 7) % {len(FIRST_NAMES)}
            JOIN bench_last l ON l.k = (r.id * 13) % {len(LAST_NAMES)}""", {"now": self.now})
        self.sql("""
            INSERT INTO referrals_referraldecision (uuid, referral_id, kind, decided_by_id, decided_at,
                decline_reason, notes, reason_for_referrer, signposting, information_requested, requested_from,
                due_on, outcome, asked_in_hubspoke)
            SELECT md5('decision:' || r.id)::uuid, r.id,
                CASE r.kind WHEN 'declined' THEN 'declined' ELSE 'information_requested' END, r.manager_id,
                x.received_at + interval '1 day',
                CASE r.kind WHEN 'declined' THEN 'below_threshold' ELSE '' END, '',
                CASE r.kind WHEN 'declined' THEN 'Below our threshold; early help can support.' ELSE '' END, '',
                CASE r.kind WHEN 'declined' THEN '' ELSE 'The outcome of the strategy meeting.' END,
                CASE r.kind WHEN 'declined' THEN '' ELSE 'The social worker' END,
                CASE r.kind WHEN 'declined' THEN NULL ELSE (x.received_at + interval '8 days')::date END, '',
                r.kind = 'awaiting_information'
            FROM bench_ref r JOIN referrals_referral x ON x.id = r.id
            WHERE r.kind IN ('declined', 'awaiting_information')""")
        self.sql("DROP TABLE bench_ref")

    def cases(self):
        self.sql("""
            INSERT INTO cases_case (id, uuid, service_id, spoke_id, young_person_id, status, opened_at, opened_by_id,
                first_contact_on, plan_review_on, transition_plan)
            SELECT y.id, md5('case:' || y.id)::uuid, y.service_id, y.spoke_id, y.id,
                CASE y.state WHEN 'open' THEN 'open' ELSE 'closed' END, y.opened_at, y.manager_id,
                (y.opened_at + interval '4 days')::date,
                CASE y.state WHEN 'open' THEN (y.opened_at + interval '90 days')::date END, ''
            FROM bench_yp y WHERE y.state <> 'waiting'""")
        self.sql("""
            INSERT INTO cases_casereferral (id, case_id, referral_id, linked_at, linked_by_id)
            SELECT y.id, y.id, y.id, y.opened_at, y.manager_id FROM bench_yp y WHERE y.state <> 'waiting'""")
        self.sql("""
            INSERT INTO cases_allocation (id, case_id, worker_id, role, allocated_by_id, starts_at, ends_at, reason)
            SELECT y.id, y.id, y.worker_id, 'lead', y.manager_id, y.opened_at, y.closed_at, ''
            FROM bench_yp y WHERE y.state <> 'waiting'""")
        self.sql(f"""
            INSERT INTO cases_caseclosure (uuid, case_id, closed_at, closed_by_id, reason, summary, risk_now,
                engagement, outcomes_achieved, what_helped, guarded, approval_rationale, statutory_agency_told,
                reopen_reason)
            SELECT md5('closure:' || y.id)::uuid, y.id, y.closed_at, y.worker_id,
                {_pick(("outcomes_achieved", "outcomes_achieved", "moved", "turned_18", "disengaged", "declined"), "y.id", 31)},
                'Work ended; safety plan shared with the social worker.', 'Low',
                {_pick(("not", "sometimes", "mostly", "fully"), "y.id", 32)},
                {_pick(("none", "some", "most", "all"), "y.id", 33)}, 'A worker she trusted.', false, '', '', ''
            FROM bench_yp y WHERE y.state = 'closed'""")

    def contacts(self):
        avg = self.tier.contacts_per_case
        timed = self.personas["timed_case"]
        self.sql(f"""
            INSERT INTO cases_contact (uuid, case_id, occurred_at, duration_minutes, method, location, outcome,
                present, professionals_present, elements, notes, restricted, reached, recorded_at, recorded_by_id)
            SELECT md5('contact:' || c.id || ':' || n)::uuid, c.id, c.at, 45,
                {_pick(("face_to_face", "face_to_face", "face_to_face", "phone", "text", "outreach"), "c.k", 41)},
                {_pick(("school", "home", "youth_venue", "hub_office", "public"), "c.k", 42)},
                CASE WHEN c.reached THEN 'attended' ELSE 'did_not_attend' END,
                CASE WHEN c.reached THEN '["young_person"]'::jsonb ELSE '[]'::jsonb END, '',
                {_pick(('["engagement"]', '["reducing_risk"]', '["support", "engagement"]', '["growth"]'), "c.k", 43)}::jsonb,
                {_pick(NOTES, "c.k", 44)}, bench_r(c.k, 45) < 0.05, c.reached, c.at + interval '2 hours', c.worker_id
            FROM (
                SELECT y.id, n, y.id * 1000 + n AS k, y.worker_id, bench_r(y.id * 1000 + n, 46) < 0.7 AS reached,
                    y.opened_at + (coalesce(y.closed_at, %(now)s) - y.opened_at) * ((n - 0.5) / cnt) AS at
                FROM bench_yp y CROSS JOIN LATERAL (
                    SELECT CASE WHEN y.id = {timed} THEN {tiers.TIMED_CASE_CONTACTS}
                        ELSE 5 + floor(bench_r(y.id, 40) * {2 * avg - 9})::int END AS cnt) k
                CROSS JOIN LATERAL generate_series(1, k.cnt) n
                WHERE y.state <> 'waiting') c""", {"now": self.now})

    def casework(self):
        now = {"now": self.now}
        self.sql(f"""
            INSERT INTO cases_plangoal (id, uuid, case_id, element, goal, status, agreement, young_persons_comments,
                created_at, created_by_id, status_changed_at)
            SELECT y.id * 3 + g, md5('goal:' || y.id || ':' || g)::uuid, y.id,
                ({_arr(("engagement", "reducing_risk", "support", "advocacy", "growth"))})[1 + (y.id + g) % 5],
                {_pick(GOALS, "y.id * 3 + g", 51)},
                CASE WHEN y.state = 'closed' THEN 'achieved' ELSE 'working' END, 'agreed', 'I want this.',
                y.opened_at + interval '7 days', y.worker_id,
                CASE WHEN y.state = 'closed' THEN y.closed_at END
            FROM bench_yp y CROSS JOIN generate_series(0, 2) g WHERE y.state <> 'waiting'""")
        self.sql(f"""
            INSERT INTO cases_planaction (id, uuid, goal_id, action, who, due_on, status, finished_at, created_at,
                created_by_id)
            SELECT (y.id * 3 + g) * 2 + a, md5('action:' || y.id || ':' || g || ':' || a)::uuid, y.id * 3 + g,
                {_pick(ACTIONS, "(y.id * 3 + g) * 2 + a", 52)}, 'Worker',
                (y.opened_at + make_interval(days => 21 + 30 * a + 7 * g))::date,
                CASE WHEN y.state = 'closed' OR a = 0 THEN 'done' ELSE 'to_do' END,
                CASE WHEN y.state = 'closed' OR a = 0 THEN y.opened_at + make_interval(days => 20 + 30 * a) END,
                y.opened_at + interval '7 days', y.worker_id
            FROM bench_yp y CROSS JOIN generate_series(0, 2) g CROSS JOIN generate_series(0, 1) a
            WHERE y.state <> 'waiting'""")
        self.sql(f"""
            INSERT INTO cases_meeting (uuid, case_id, kind, held_on, agencies_present, decisions, actions,
                recorded_at, recorded_by_id)
            SELECT md5('meeting:' || y.id || ':' || m)::uuid, y.id,
                {_pick(("strategy", "cp_conference", "exploitation_panel", "professionals"), "y.id * 4 + m", 61)},
                (y.opened_at + make_interval(days => 10 + 40 * m))::date, 'Police, social care, school',
                'Keep the case open to the panel; share the safety plan.', '',
                y.opened_at + make_interval(days => 11 + 40 * m), y.worker_id
            FROM bench_yp y CROSS JOIN LATERAL generate_series(1, 1 + floor(bench_r(y.id, 60) * 3)::int) m
            WHERE y.state <> 'waiting' AND y.opened_at + make_interval(days => 11 + 40 * m) < %(now)s""", now)
        self.sql("""
            INSERT INTO cases_missingepisode (uuid, case_id, started_at, ended_at, reported_to_police,
                police_reference, return_interview, return_interview_by, where_found, associates, places,
                recorded_at, recorded_by_id)
            SELECT md5('missing:' || y.id)::uuid, y.id, y.opened_at + interval '15 days',
                y.opened_at + interval '16 days', true, 'MP/' || y.id, 'done', 'Return home interview service',
                'At a friend''s flat', 'Older males', 'Town centre', y.opened_at + interval '16 days', y.worker_id
            FROM bench_yp y WHERE y.state <> 'waiting' AND bench_r(y.id, 70) < 0.3
                AND y.opened_at + interval '16 days' < coalesce(y.closed_at, now())""")
        scores = ("'{\"trust\": ' || (1 + s) || ', \"safe\": ' || (1 + s) || ', \"stability\": 3, "
                  "\"relationships\": ' || (1 + s) || ', \"health\": 3, \"education\": 2, \"confidence\": ' || (1 + s) || '}'")
        self.sql(f"""
            INSERT INTO cases_outcomerating (uuid, case_id, rated_on, occasion, rater, scores, personal_goals,
                recorded_at, recorded_by_id)
            SELECT md5('rating:' || y.id || ':' || o.occasion || ':' || r.rater)::uuid, y.id,
                (CASE o.occasion WHEN 'start' THEN y.opened_at + interval '14 days' ELSE y.closed_at END)::date,
                o.occasion, r.rater, ({scores})::jsonb, '[]'::jsonb,
                CASE o.occasion WHEN 'start' THEN y.opened_at + interval '14 days' ELSE y.closed_at END, y.worker_id
            FROM bench_yp y
            CROSS JOIN (VALUES ('start', 1), ('closure', 3)) o(occasion, s)
            CROSS JOIN (VALUES ('young_person'), ('worker')) r(rater)
            WHERE y.state <> 'waiting' AND (o.occasion = 'start' OR y.state = 'closed')
                AND y.opened_at + interval '14 days' < %(now)s""", now)

    def assessments(self):
        self.sql(f"""
            INSERT INTO assessments_assessment (uuid, tool_id, service_id, spoke_id, young_person_id, status,
                answers, started_at, started_by_id, updated_at, assessed_on, age_at_assessment, completed_at,
                completed_by_id, result, computed_level, judgement_level, judgement_rationale, level, level_label,
                level_rank, computed_rank, other_contributors, young_persons_view, view_not_obtained_reason,
                models_of_cse, vulnerabilities, next_review_on, needs_countersignature)
            SELECT md5('assessment:' || y.id || ':' || a)::uuid, {self.tool_id}, y.service_id, y.spoke_id, y.id,
                'completed', t.answers, x.at, y.worker_id, x.at, x.at::date, 15, x.at, y.worker_id, t.result,
                t.level, '', '', t.level, t.label, t.rank, t.rank, '', 'I just want to be left alone.', '', t.tags,
                t.vulnerabilities, (x.at + make_interval(weeks => t.review_weeks))::date, t.countersign
            FROM bench_yp y
            CROSS JOIN LATERAL generate_series(0, least(3, extract(day FROM coalesce(y.closed_at, %(now)s)
                - y.opened_at)::int / 180)) a
            CROSS JOIN LATERAL (SELECT y.opened_at + make_interval(days => 10 + 180 * a) AS at) x
            JOIN bench_tpl t ON t.k = (y.id * 5 + a * 17) % 48
            WHERE y.state <> 'waiting' AND x.at < %(now)s""", {"now": self.now})

    def audit(self):
        """Every look at a case or a young person's record writes a row; rows are in time order
        (the id grows with occurred_at), as the application writes them."""
        total = self.tier.audit_rows
        timed = self.personas["timed_case"]
        every = max(1, total // tiers.TIMED_CASE_VIEWS)
        span = 10 * 365 * 86400
        start = self.now - dt.timedelta(seconds=span)
        maxid = self.young_people_total
        chunk = 2_000_000
        for lo in range(1, total + 1, chunk):
            hi = min(total, lo + chunk - 1)
            self.sql(f"""
                INSERT INTO audit_auditevent (occurred_at, actor_id, actor_role, actor_organisation, action,
                    subject_kind, subject_ref, request_id, ip_address, detail)
                SELECT %(start)s + make_interval(secs => g::float8 * {span / total}),
                    y.worker_id, 'spoke_worker', 'Service',
                    CASE WHEN c.id IS NOT NULL AND kind < 0.8 THEN 'cases.case.viewed'
                         WHEN kind < 0.95 THEN 'referrals.youngperson.viewed' ELSE 'cases.contact.recorded' END,
                    CASE WHEN c.id IS NOT NULL AND (kind < 0.8 OR kind >= 0.95) THEN 'cases.case'
                         ELSE 'referrals.youngperson' END,
                    CASE WHEN c.id IS NOT NULL AND (kind < 0.8 OR kind >= 0.95) THEN c.uuid::text
                         ELSE md5('yp:' || y.id)::uuid::text END,
                    md5('request:' || g), '127.0.0.1', '{{}}'::jsonb
                FROM (SELECT g, CASE WHEN g % {every} = 0 THEN {timed}
                             ELSE 1 + floor(bench_r(g, 80) * {maxid})::int END AS target,
                             CASE WHEN g % {every} = 0 THEN 0 ELSE bench_r(g, 81) END AS kind
                      FROM generate_series({lo}, {hi}) g) s
                JOIN bench_yp y ON y.id = s.target
                LEFT JOIN cases_case c ON c.id = s.target
                ORDER BY g""", {"start": start})
            self.log(f"    audit rows {hi:,} / {total:,}")

    def sharing(self):
        """Each service's agreement with the police and children's social care of its areas (a
        second version for every third service and for service 1, the rest past their review
        date), the referral's consent for every young person and a worker's for most (a few
        refused or withdrawn), disclosures over each case's life (mostly under the agreement, some
        under consent; the timed case 30, all to its area's police), requests from the police
        partner about one young person in 25 (a third open, a third answered with a disclosure,
        a third with a decision not to share) and a decision not to share for one in 60."""
        now = {"now": self.now}
        timed = self.personas["timed_case"]
        self.sql("""
            CREATE UNLOGGED TABLE bench_svc AS
            SELECT DISTINCT ON (service_id) service_id AS id, manager_id,
                (service_id = 1 OR service_id % 3 = 0) AS revised
            FROM bench_place ORDER BY service_id, pid;
            INSERT INTO sharing_agreement (id, uuid, service_id, current_id, created_at, created_by_id)
            SELECT s.id, md5('agreement:' || s.id)::uuid, s.id, NULL, %(now)s - interval '4 years', s.manager_id
            FROM bench_svc s""", now)
        self.sql("""
            INSERT INTO sharing_agreementversion (id, uuid, agreement_id, number, title, purpose, article6, article9,
                categories, starts_on, review_on, ends_on, document, document_name, document_size, document_sha256,
                change_note, created_at, created_by_id)
            SELECT s.id * 2 - 2 + v, md5('agreementversion:' || s.id || ':' || v)::uuid, s.id, v,
                'Service ' || lpad(s.id::text, 3, '0') || ': multi-agency information-sharing agreement',
                'Sharing what each agency knows about children at risk of sexual exploitation.',
                'legitimate_interests', 'safeguarding',
                CASE v WHEN 1 THEN '["identity", "referral", "risk", "plan"]'
                    ELSE '["identity", "referral", "risk", "plan", "missing"]' END::jsonb,
                (%(now)s - CASE v WHEN 1 THEN interval '4 years' ELSE interval '1 year' END)::date,
                (%(now)s - CASE v WHEN 1 THEN interval '2 years' ELSE interval '-1 year' END)::date, NULL,
                CASE WHEN v = 2 OR s.id % 2 = 1 THEN 'agreements/' || md5('pdf:' || s.id || ':' || v) || '.pdf'
                    ELSE '' END,
                CASE WHEN v = 2 OR s.id % 2 = 1 THEN 'signed-agreement.pdf' ELSE '' END,
                CASE WHEN v = 2 OR s.id % 2 = 1 THEN 48213 END,
                CASE WHEN v = 2 OR s.id % 2 = 1 THEN md5('pdf:' || s.id) || md5('pdf:' || s.id) ELSE '' END,
                CASE v WHEN 2 THEN 'Annual review: missing episodes added.' ELSE '' END,
                %(now)s - CASE v WHEN 1 THEN interval '4 years' ELSE interval '1 year' END, s.manager_id
            FROM bench_svc s CROSS JOIN generate_series(1, 2) v WHERE v = 1 OR s.revised""", now)
        self.sql("""
            UPDATE sharing_agreement a SET current_id = a.id * 2 - 2 + CASE WHEN s.revised THEN 2 ELSE 1 END
            FROM bench_svc s WHERE s.id = a.id;
            INSERT INTO sharing_agreementversion_parties (agreementversion_id, agency_id)
            SELECT DISTINCT v.id, (p.la_id - 1) * 3 + k
            FROM sharing_agreementversion v JOIN bench_place p ON p.service_id = v.agreement_id
            CROSS JOIN (VALUES (1), (2)) x(k);
            INSERT INTO sharing_signatory (version_id, agency_id, name, role, signed_on)
            SELECT v.id, NULL, 'Service manager', 'Service manager', v.starts_on FROM sharing_agreementversion v
            UNION ALL
            SELECT v.id, p.agency_id, 'Signatory ' || p.agency_id, 'Head of safeguarding', v.starts_on
            FROM sharing_agreementversion v JOIN sharing_agreementversion_parties p ON p.agreementversion_id = v.id
            """)
        # Consent: the referral's (id = the young person's), and a worker's (id = offset + the young
        # person's) for most of those with a case.
        offset = self.young_people_total
        self.sql(f"""
            INSERT INTO sharing_consentrecord (id, uuid, young_person_id, decision, given_by, given_by_name,
                why_this_person, competence_note, categories, method, given_on, revisit_on, notes, referral_id,
                withdrawn_on, withdrawn_by, withdrawal_words, withdrawal_recorded_at, withdrawal_recorded_by_id,
                created_at, created_by_id)
            SELECT y.id, md5('consent:' || y.id)::uuid, y.id, 'given', 'referrer', '', '', '', '["referral"]'::jsonb,
                'referral', (y.opened_at - interval '3 days')::date, NULL, '', y.id, NULL, '', '', NULL, NULL,
                y.opened_at - interval '1 day', y.manager_id
            FROM bench_yp y
            UNION ALL
            SELECT {offset} + y.id, md5('consent:worker:' || y.id)::uuid, y.id,
                CASE WHEN bench_r(y.id, 91) < 0.1 THEN 'refused' ELSE 'given' END, 'young_person', '', '',
                'Could say back in her own words who we would tell and why.',
                CASE WHEN bench_r(y.id, 92) < 0.3 THEN '["identity", "referral", "risk", "plan", "health"]'
                    ELSE '["identity", "referral", "risk", "plan"]' END::jsonb, 'in_person', x.given_on,
                x.given_on + 180, '', NULL, w.withdrawn_on, CASE WHEN w.withdrawn_on IS NOT NULL THEN 'young_person'
                    ELSE '' END,
                CASE WHEN w.withdrawn_on IS NOT NULL THEN 'I don''t want anything passed on any more.' ELSE '' END,
                w.withdrawn_on + time '15:00', CASE WHEN w.withdrawn_on IS NOT NULL THEN y.worker_id END,
                x.given_on + time '16:00', y.worker_id
            FROM bench_yp y
            CROSS JOIN LATERAL (SELECT (y.opened_at + interval '5 days')::date AS given_on) x
            CROSS JOIN LATERAL (SELECT CASE WHEN bench_r(y.id, 91) >= 0.1 AND bench_r(y.id, 93) < 0.05
                AND x.given_on + 60 < coalesce(y.closed_at, %(now)s)::date THEN x.given_on + 60 END AS withdrawn_on) w
            WHERE y.state <> 'waiting' AND bench_r(y.id, 90) < 0.7 AND x.given_on < %(now)s::date""", now)
        self.sql(f"""
            INSERT INTO sharing_consentrecord_agencies (consentrecord_id, agency_id)
            SELECT c.id, r.referring_agency_id FROM sharing_consentrecord c
            JOIN referrals_referral r ON r.id = c.referral_id WHERE r.referring_agency_id IS NOT NULL
            UNION ALL
            SELECT c.id, (y.la_id - 1) * 3 + k FROM sharing_consentrecord c JOIN bench_yp y ON y.id = c.young_person_id
            CROSS JOIN (VALUES (1), (2), (3)) x(k) WHERE c.id > {offset}""")
        # Requests from the police partner of the young person's area.
        self.sql(f"""
            INSERT INTO sharing_informationrequest (id, uuid, service_id, agency_id, requested_by_id, requested_at,
                young_person_id, about, categories, what_is_needed, reason, urgency, status, answered_at,
                answered_by_id)
            SELECT y.id, md5('request:' || y.id)::uuid, y.service_id, p.agency_id, p.user_id, x.at, y.id, '',
                '["risk"]'::jsonb, 'The current risk level.', 'She was reported missing again on Friday.',
                CASE WHEN y.id % 2 = 0 THEN 'urgent' ELSE 'routine' END,
                ({_arr(("open", "shared", "not_shared"))})[1 + (y.id / 25) % 3],
                CASE WHEN (y.id / 25) % 3 <> 0 THEN x.at + interval '2 days' END,
                CASE WHEN (y.id / 25) % 3 <> 0 THEN y.manager_id END
            FROM bench_yp y JOIN bench_partner p ON p.agency_id = (y.la_id - 1) * 3 + 1
            CROSS JOIN LATERAL (SELECT CASE WHEN (y.id / 25) % 3 = 0 THEN %(now)s - interval '3 days'
                ELSE y.opened_at + (coalesce(y.closed_at, %(now)s) - y.opened_at) / 2 END AS at) x
            WHERE y.state <> 'waiting' AND y.id % 25 = 0 AND y.id <> {timed}""", now)
        self.sql(f"""
            INSERT INTO sharing_disclosure (uuid, service_id, young_person_id, to_agency_id, to_service_id,
                recipient_name, recipient_role, categories, summary, extract, route, consent_id,
                agreement_version_id, article6, article9, reason, decided_by_id, shared_on, information_request_id,
                recorded_at, recorded_by_id, disclosed_name)
            SELECT md5('disclosure:' || d.id || ':' || d.n)::uuid, d.service_id, d.id, d.agency,
                NULL, 'Officer ' || (d.id % 997), d.role, d.categories::jsonb, d.summary, '', d.route,
                CASE d.route WHEN 'consent' THEN {offset} + d.id END,
                CASE d.route WHEN 'agreement' THEN d.service_id * 2 - 2 +
                    CASE WHEN s.revised AND d.at >= %(now)s - interval '1 year' THEN 2 ELSE 1 END END,
                CASE d.route WHEN 'consent' THEN 'consent' ELSE 'legitimate_interests' END, 'safeguarding',
                d.reason, d.decided_by, d.at::date, d.request, d.at, d.decided_by,
                (SELECT p.first_name || ' ' || p.last_name FROM referrals_youngperson p WHERE p.id = d.id)
            FROM (
                SELECT y.id, y.service_id, n, y.worker_id AS decided_by, NULL::bigint AS request,
                    y.opened_at + (coalesce(y.closed_at, %(now)s) - y.opened_at) * (n::float8 / (k.cnt + 1)) AS at,
                    CASE WHEN y.id <> {timed} AND bench_r(y.id * 10 + n, 95) < 0.2 AND c.id IS NOT NULL
                        THEN 'consent' ELSE 'agreement' END AS route,
                    CASE WHEN y.id <> {timed} AND bench_r(y.id * 10 + n, 95) < 0.2 AND c.id IS NOT NULL
                        THEN (y.la_id - 1) * 3 + 3
                        ELSE (y.la_id - 1) * 3 + 1 + CASE WHEN y.id <> {timed} AND bench_r(y.id * 10 + n, 96) < 0.4
                            THEN 1 ELSE 0 END END AS agency,
                    CASE WHEN y.id <> {timed} AND bench_r(y.id * 10 + n, 95) < 0.2 AND c.id IS NOT NULL
                        THEN '["plan"]' ELSE {_pick(('["risk"]', '["risk", "plan"]', '["referral", "risk"]'),
                                                     "y.id * 10 + n", 97)} END AS categories,
                    'Designated safeguarding lead' AS role,
                    'Latest risk level and the assessment summary; the safety plan and what each agency is doing.'
                        AS summary, 'Strategy discussion about the risk of sexual exploitation.' AS reason
                FROM bench_yp y
                LEFT JOIN sharing_consentrecord c ON c.id = {offset} + y.id AND c.decision = 'given'
                    AND c.withdrawn_on IS NULL
                CROSS JOIN LATERAL (SELECT CASE WHEN y.id = {timed} THEN 30
                    ELSE floor(bench_r(y.id, 94) * 4)::int END AS cnt) k
                CROSS JOIN LATERAL generate_series(1, k.cnt) n
                WHERE y.state <> 'waiting'
                UNION ALL
                SELECT y.id, y.service_id, 0, r.answered_by_id, r.id, r.answered_at, 'agreement',
                    r.agency_id, '["risk"]', 'Detective constable', 'The current risk level, as asked.',
                    'Asked by the police: she was reported missing again.'
                FROM sharing_informationrequest r JOIN bench_yp y ON y.id = r.young_person_id
                WHERE r.status = 'shared'
            ) d JOIN bench_svc s ON s.id = d.service_id
            WHERE d.at < %(now)s""", now)
        self.sql("""
            INSERT INTO sharing_decisionnottoshare (uuid, service_id, young_person_id, asked_by_agency_id,
                asked_by_name, what_was_asked, categories, reason, decided_by_id, decided_on, information_request_id,
                recorded_at, recorded_by_id, told_to_agency)
            SELECT md5('notshared:' || y.id)::uuid, y.service_id, y.id, (y.la_id - 1) * 3 + 3, 'Head of year',
                'Her full case notes, for an attendance meeting.', '["restricted"]'::jsonb,
                'Not necessary for the purpose; the school holds the attendance dates.', y.worker_id,
                (y.opened_at + interval '30 days')::date, NULL, y.opened_at + interval '30 days', y.worker_id,
                'We cannot share her case notes for an attendance meeting.'
            FROM bench_yp y WHERE y.state <> 'waiting' AND y.id % 60 = 7 AND y.opened_at + interval '30 days' < %(now)s
            UNION ALL
            SELECT md5('notshared:request:' || r.id)::uuid, r.service_id, r.young_person_id, r.agency_id, '',
                r.what_is_needed, r.categories, 'She has not agreed and nothing suggests a risk of significant harm.',
                r.answered_by_id, r.answered_at::date, r.id, r.answered_at, r.answered_by_id,
                'We have decided not to share this: she has not agreed, and it is not needed to keep her safe.'
            FROM sharing_informationrequest r WHERE r.status = 'not_shared'""", now)
        self.sql("DROP TABLE bench_svc")

    # --- young people's own stories ------------------------------------------------------

    def stories(self):
        """One open case in four has its young person's story, with one to three finished versions
        (not given: a given version points at a disclosure); the timed case has twelve."""
        import json

        timed = self.personas["timed_case"]
        answers = {"why_we_met": "Someone who cares about you was worried and asked us to help.",
                   "what_we_did": "We met every week and made a plan for getting home safely.",
                   "what_next": "We will keep meeting every week and look at your plan again next month."}
        draft = json.dumps({"answers": answers, "events": [], "goals": [], "assessment": False,
                            "looked_at": False}).replace("'", "''")
        snapshot = json.dumps({
            "name": "Sam", "service": "The service", "worker": "Their worker", "made_on": self.now.date().isoformat(),
            "answers": [{"key": k, "heading": k.replace("_", " ").capitalize(), "text": v} for k, v in answers.items()],
            "events": [{"key": f"e{n}", "on": self.now.date().isoformat(), "line": "We met at school and talked.",
                        "warning": "", "sensitive": "", "category": "plan"} for n in range(8)],
            "goals": [{"key": "g1", "element": "Reducing risk", "goal": "Feel safe getting home from college.",
                       "your_words": "I want to get the bus with a friend.", "agreed": "Agreed"}],
            "assessment": None}).replace("'", "''")
        self.sql(f"""
            INSERT INTO stories_story (id, uuid, case_id, young_person_id, service_id, draft, draft_saved_at,
                draft_saved_by_id, created_at, created_by_id)
            SELECT y.id, md5('story:' || y.id)::uuid, y.id, y.id, y.service_id, '{draft}'::jsonb, %(now)s,
                y.worker_id, y.opened_at, y.worker_id
            FROM bench_yp y WHERE (y.state = 'open' AND y.id % 4 = 0) OR y.id = {timed}""", {"now": self.now})
        self.sql(f"""
            INSERT INTO stories_storyversion (uuid, story_id, number, snapshot, categories, finished_at,
                finished_by_id, given_how)
            SELECT md5('storyversion:' || s.id || ':' || n)::uuid, s.id, n, '{snapshot}'::jsonb,
                '["referral", "plan"]'::jsonb, %(now)s - (13 - n) * interval '1 day', s.created_by_id, ''
            FROM stories_story s, generate_series(1, CASE WHEN s.id = {timed} THEN 12 ELSE 1 + s.id % 3 END) n""",
                 {"now": self.now})
    # --- worker safety: lone working and supervision ------------------------------------

    def safety(self):
        """Lone working and supervision for every member of staff (hub and spoke workers and the
        managers): safety details (the service's manager as buddy), each service's alarm chain
        (each spoke's host agency's duty desk, the hub manager in office hours, an on-call phone
        out of hours), visits on about three working days in five over the last 90 days for each
        worker (most finished, about one in a hundred an alarm resolved with its incident note,
        one in five checking in every 30 minutes, half of those with a young person linked to one
        of the worker's open cases), with their events; open visits now at service 1 (the timed
        worker's in progress, one amber and one red, linked to a case) and one in progress at
        every other service; supervision schedules, a management supervision a month and a
        clinical one every second month for each worker (two of their open cases discussed) and a
        group debrief a quarter for each service's spoke workers."""
        now = {"now": self.now}
        self.sql("""
            CREATE UNLOGGED TABLE bench_staff AS
            SELECT m.person_id, m.role, coalesce(m.service_id, sp.service_id) AS service_id, m.spoke_id,
                u.full_name, mgr.person_id AS manager_id, mu.full_name AS manager_name,
                row_number() OVER (PARTITION BY coalesce(m.service_id, sp.service_id) ORDER BY m.id) AS n
            FROM network_membership m
            JOIN accounts_user u ON u.id = m.person_id
            LEFT JOIN network_spoke sp ON sp.id = m.spoke_id
            CROSS JOIN LATERAL (SELECT person_id FROM network_membership x
                                WHERE x.service_id = coalesce(m.service_id, sp.service_id)
                                    AND x.role = 'service_manager' ORDER BY x.id LIMIT 1) mgr
            JOIN accounts_user mu ON mu.id = mgr.person_id
            WHERE m.role IN ('service_manager', 'hub_worker', 'spoke_worker');
            ALTER TABLE bench_staff ADD PRIMARY KEY (person_id); ANALYZE bench_staff""")
        self.sql(f"""
            INSERT INTO safety_safetyprofile (person_id, phone, vehicle, buddy_id, duress_pin, updated_at)
            SELECT s.person_id, '07700 900' || lpad((s.person_id % 1000)::text, 3, '0'),
                {_pick(("Blue Fiesta, DM19 XYZ", "Grey Corsa, DK68 ABC", "White Polo, DN70 QRS",
                        "Red Yaris, DL21 TUV"), "s.person_id", 110)},
                CASE WHEN s.person_id <> s.manager_id THEN s.manager_id END, '', %(now)s - interval '100 days'
            FROM bench_staff s""", now)
        self.sql("""
            INSERT INTO safety_chainstep (uuid, service_id, spoke_id, position, label, person_id, phone, email,
                wait_minutes, hours)
            SELECT md5('chain:spoke:' || sp.id)::uuid, sp.service_id, sp.id, 0, a.name || ' duty desk', NULL,
                '07700 900' || lpad(((sp.id * 7) % 1000)::text, 3, '0'), '', 10, 'always'
            FROM network_spoke sp JOIN network_agency a ON a.id = sp.host_agency_id
            UNION ALL
            SELECT md5('chain:hub:' || s.id)::uuid, s.id, NULL, 0, 'Hub manager', m.person_id, '', '', 10, 'office'
            FROM network_service s CROSS JOIN LATERAL (SELECT person_id FROM network_membership
                WHERE service_id = s.id AND role = 'service_manager' ORDER BY id LIMIT 1) m
            UNION ALL
            SELECT md5('chain:oncall:' || s.id)::uuid, s.id, NULL, 1, 'On-call manager', NULL,
                '07700 900' || lpad(((s.id * 11 + 500) % 1000)::text, 3, '0'), '', 15, 'out_of_hours'
            FROM network_service s""")
        # Each worker's open cases, numbered, for the visits that are part of a case.
        self.sql("""
            CREATE UNLOGGED TABLE bench_wcase AS
            SELECT y.worker_id, y.id AS case_id, row_number() OVER (PARTITION BY y.worker_id ORDER BY y.id) AS rn,
                count(*) OVER (PARTITION BY y.worker_id) AS cnt
            FROM bench_yp y WHERE y.state = 'open';
            ALTER TABLE bench_wcase ADD PRIMARY KEY (worker_id, rn); ANALYZE bench_wcase""")
        # Open visits: at service 1 the timed worker's (in progress), one amber and one red (with
        # a case), the rest in progress; elsewhere the first worker's, in progress.
        timed_worker = self.personas["worker"]
        self.sql(f"""
            CREATE UNLOGGED TABLE bench_visit AS
            SELECT row_number() OVER (ORDER BY v.started_at, v.person_id) AS id, v.*,
                v.started_at + make_interval(mins => v.minutes) AS expected_end,
                bench_r(v.k, 126) < 0.5 AND c.cnt IS NOT NULL AS with_case,
                CASE WHEN c.cnt IS NOT NULL THEN (SELECT w.case_id FROM bench_wcase w WHERE w.worker_id = v.person_id
                    AND w.rn = 1 + v.k % c.cnt) END AS case_id
            FROM (
                SELECT s.person_id, s.service_id, s.spoke_id, s.full_name, s.manager_id, s.manager_name,
                    s.person_id * 1000 + d AS k,
                    date_trunc('day', %(now)s) - d * interval '1 day'
                        + make_interval(hours => 9 + floor(bench_r(s.person_id * 1000 + d, 121) * 8)::int,
                                        mins => 15 * floor(bench_r(s.person_id * 1000 + d, 122) * 4)::int) AS started_at,
                    (ARRAY[45, 60, 90])[1 + floor(bench_r(s.person_id * 1000 + d, 123) * 3)::int] AS minutes,
                    CASE WHEN bench_r(s.person_id * 1000 + d, 124) < 0.01 THEN 'resolved' ELSE 'finished' END AS state,
                    bench_r(s.person_id * 1000 + d, 125) < 0.2 AS checks_in
                FROM bench_staff s CROSS JOIN generate_series(1, 90) d
                WHERE s.role IN ('hub_worker', 'spoke_worker')
                    AND extract(isodow FROM %(now)s - d * interval '1 day') < 6
                    AND bench_r(s.person_id * 1000 + d, 120) < 0.6
                UNION ALL
                SELECT s.person_id, s.service_id, s.spoke_id, s.full_name, s.manager_id, s.manager_name,
                    s.person_id * 1000 AS k,
                    %(now)s - CASE o.state WHEN 'in_progress' THEN interval '20 minutes'
                        WHEN 'amber' THEN interval '70 minutes' ELSE interval '85 minutes' END,
                    CASE o.state WHEN 'in_progress' THEN 120 ELSE 60 END, o.state, false
                FROM (SELECT *, row_number() OVER (PARTITION BY service_id ORDER BY person_id <> {timed_worker},
                        role DESC, person_id) AS o_n
                      FROM bench_staff WHERE role IN ('hub_worker', 'spoke_worker')) s
                CROSS JOIN LATERAL (SELECT CASE WHEN s.service_id <> 1 THEN 'in_progress'
                    WHEN s.o_n = 2 THEN 'amber' WHEN s.o_n = 3 THEN 'red' ELSE 'in_progress' END AS state) o
                WHERE s.o_n = 1 OR s.service_id = 1
            ) v LEFT JOIN (SELECT worker_id, max(cnt) AS cnt FROM bench_wcase GROUP BY worker_id) c
                ON c.worker_id = v.person_id;
            ALTER TABLE bench_visit ADD PRIMARY KEY (id)""", now)
        self.sql(f"""
            INSERT INTO safety_visit (id, uuid, worker_id, service_id, spoke_id, place, location, meeting_with,
                meeting_with_detail, phone, vehicle, buddy_id, started_at, expected_end, check_in_every,
                last_check_in_at, state, next_action, next_action_at, chain_position, chain_round, duress, help_requested,
                amber_at, alarm_at, acknowledged_at, acknowledged_by, ended_at, resolved_at, resolved_by_id, incident_note)
            SELECT v.id, md5('visit:' || v.id)::uuid, v.person_id, v.service_id, v.spoke_id,
                CASE WHEN v.with_case OR v.state = 'red' THEN {_pick(
                    ("Costa, Market Street", "Library, Church Road", "Family home (address on the case)",
                     "School: pastoral office", "Bus station café"), "v.k", 127)}
                    ELSE {_pick(("Youth club, Mill Lane", "Community centre, Station Road", "Leisure centre car park",
                                 "Town centre outreach"), "v.k", 128)} END,
                CASE WHEN bench_r(v.k, 129) < 0.3 THEN 'AB1 2CD' ELSE '' END,
                CASE WHEN v.with_case OR v.state = 'red' THEN 'young_person'
                    ELSE {_pick(("professionals", "group", "family", "nobody"), "v.k", 130)} END,
                '', p.phone, p.vehicle, p.buddy_id, v.started_at, v.expected_end,
                CASE WHEN v.checks_in THEN 30 END,
                CASE WHEN v.checks_in THEN v.started_at + interval '30 minutes' END,
                v.state,
                CASE v.state WHEN 'in_progress' THEN 'amber' WHEN 'amber' THEN 'red' WHEN 'red' THEN 'step'
                    ELSE '' END,
                CASE v.state WHEN 'in_progress' THEN v.expected_end + interval '5 minutes'
                    WHEN 'amber' THEN %(now)s + interval '10 minutes' WHEN 'red' THEN %(now)s + interval '5 minutes'
                    END,
                0, 0, false, false,
                CASE v.state WHEN 'resolved' THEN v.expected_end + interval '5 minutes'
                    WHEN 'amber' THEN %(now)s - interval '5 minutes' WHEN 'red' THEN %(now)s - interval '20 minutes'
                    END,
                CASE v.state WHEN 'resolved' THEN v.expected_end + interval '20 minutes'
                    WHEN 'red' THEN %(now)s - interval '5 minutes' END,
                CASE v.state WHEN 'resolved' THEN v.expected_end + interval '26 minutes' END,
                CASE v.state WHEN 'resolved' THEN v.manager_name ELSE '' END,
                CASE v.state WHEN 'finished' THEN v.expected_end - interval '5 minutes'
                    WHEN 'resolved' THEN v.expected_end + interval '40 minutes' END,
                CASE v.state WHEN 'resolved' THEN v.expected_end + interval '40 minutes' END,
                CASE v.state WHEN 'resolved' THEN v.manager_id END,
                CASE v.state WHEN 'resolved' THEN 'The worker''s phone ran out of battery. The hub manager rang the '
                    || 'venue, who found the worker safe and finishing the session. To carry the service''s power '
                    || 'bank; to discuss at supervision.' ELSE '' END
            FROM bench_visit v JOIN safety_safetyprofile p ON p.person_id = v.person_id""", now)
        self.sql("""
            INSERT INTO safety_visitcaselink (visit_id, case_id)
            SELECT id, case_id FROM bench_visit WHERE (with_case OR state = 'red') AND case_id IS NOT NULL""")
        self.sql("""
            INSERT INTO safety_visitevent (visit_id, at, kind, by, note)
            SELECT e.visit_id, e.at, e.kind, e.by, '' FROM (
                SELECT v.id AS visit_id, x.started_at AS at, 'started' AS kind, v.full_name AS by, 1 AS o
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id
                UNION ALL
                SELECT v.id, x.last_check_in_at, 'checked_in', v.full_name, 2
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id WHERE x.last_check_in_at IS NOT NULL
                UNION ALL
                SELECT v.id, x.ended_at, 'finished', v.full_name, 3
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id WHERE x.state = 'finished'
                UNION ALL
                SELECT v.id, x.amber_at, 'amber', '', 4
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id WHERE x.amber_at IS NOT NULL
                UNION ALL
                SELECT v.id, x.amber_at + interval '5 minutes', 'buddy', v.manager_name, 5
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id WHERE x.amber_at IS NOT NULL
                UNION ALL
                SELECT v.id, x.alarm_at, k.kind, k.by, k.o
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id
                CROSS JOIN LATERAL (VALUES ('red', '', 6), ('escalated', 'Hub manager', 7)) k(kind, by, o)
                WHERE x.alarm_at IS NOT NULL
                UNION ALL
                SELECT v.id, x.acknowledged_at, 'acknowledged', x.acknowledged_by, 8
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id WHERE x.acknowledged_at IS NOT NULL
                UNION ALL
                SELECT v.id, x.resolved_at, 'resolved', x.acknowledged_by, 9
                FROM bench_visit v JOIN safety_visit x ON x.id = v.id WHERE x.resolved_at IS NOT NULL
            ) e ORDER BY e.at, e.visit_id, e.o""")
        # Supervision: how often each kind is due (the demo's schedule), then the records.
        self.sql("""
            INSERT INTO safety_supervisionschedule (service_id, kind, role, every_days, updated_at, updated_by_id)
            SELECT s.id, k.kind, k.role, k.every, %(now)s - interval '1 year', m.person_id
            FROM network_service s CROSS JOIN LATERAL (SELECT person_id FROM network_membership
                WHERE service_id = s.id AND role = 'service_manager' ORDER BY id LIMIT 1) m
            CROSS JOIN (VALUES ('clinical', 'spoke_worker', 42), ('clinical', 'hub_worker', 42),
                ('clinical', 'service_manager', 56), ('management', 'spoke_worker', 28),
                ('management', 'hub_worker', 28), ('group_debrief', 'spoke_worker', 90)) k(kind, role, every)""",
                 now)
        self.sql("""
            CREATE UNLOGGED TABLE bench_sup AS
            SELECT row_number() OVER (ORDER BY x.held_on, x.person_id, x.kind) AS id, x.* FROM (
                SELECT s.person_id, s.service_id, s.manager_id, k.kind, mth,
                    ((%(now)s)::date - (mth * 30 + 3 + floor(bench_r(s.person_id * 100 + mth, 140) * 12)::int))
                        AS held_on, NULL::uuid AS group_ref
                FROM bench_staff s CROSS JOIN generate_series(0, 11) mth
                CROSS JOIN (VALUES ('management'), ('clinical')) k(kind)
                WHERE s.role IN ('hub_worker', 'spoke_worker') AND (k.kind = 'management' OR mth % 2 = 1)
                    AND NOT (mth = 0 AND bench_r(s.person_id, 141) < 0.25)
                UNION ALL
                SELECT s.person_id, s.service_id, s.manager_id, 'group_debrief', q * 3,
                    (%(now)s)::date - (q * 91 + 10), md5('group:' || s.service_id || ':' || q)::uuid
                FROM bench_staff s CROSS JOIN generate_series(0, 3) q WHERE s.role = 'spoke_worker'
            ) x;
            ALTER TABLE bench_sup ADD PRIMARY KEY (id)""", now)
        self.sql(f"""
            INSERT INTO safety_supervision (id, uuid, service_id, supervisee_id, supervisor_id, kind, held_on,
                actions_agreed, wellbeing_note, group_ref, recorded_at, recorded_by_id)
            SELECT x.id, md5('supervision:' || x.id)::uuid, x.service_id, x.person_id, x.manager_id, x.kind,
                x.held_on, {_pick(("Plan a joint visit with the host agency's lead; book the next session.",
                                   "Ask the school nurse to the next strategy meeting; review the safety plans.",
                                   "Take the afternoon off after the late call-out; hand over two cases."),
                                  "x.id", 142)},
                {_pick(("Tired after two late call-outs, but feels supported by the team.",
                        "Finding the commute to the spoke long; would like one hub day a week.",
                        "Feeling well; enjoying the outreach sessions."), "x.id", 143)},
                x.group_ref, x.held_on + time '16:00', x.manager_id
            FROM bench_sup x""")
        self.sql("""
            INSERT INTO safety_supervisioncase (supervision_id, case_id)
            SELECT DISTINCT x.id, w.case_id FROM bench_sup x
            JOIN bench_wcase w ON w.worker_id = x.person_id
                AND w.rn IN (1 + (x.mth * 2) % w.cnt, 1 + (x.mth * 2 + 1) % w.cnt)
            WHERE x.kind = 'clinical'""")
        with self.conn.cursor() as cur:
            cur.execute("SELECT state, md5('visit:' || id)::uuid::text FROM bench_visit "
                        "WHERE service_id = 1 AND state IN ('in_progress', 'red') AND (state = 'red' OR person_id = %s)",
                        [timed_worker])
            found = dict(cur.fetchall())
        self.personas["timed_visit"], self.personas["red_visit"] = found["in_progress"], found["red"]
        self.sql("DROP TABLE bench_staff, bench_wcase, bench_visit, bench_sup")

    # --- work with professionals and the local system -----------------------------------

    def engagement(self):
        """A year of work with professionals at every hub and spoke, at the demo's rates:
        consultations (most advice only, some signposted, three a place linked to a referral the
        place accepted a few days later, and its young person), training with participants'
        feedback (a quarter of it for taxi drivers and other licensed trades), prevention sessions
        with young people by age and gender, each service's exploitation panel every month, its
        partnership subgroup every quarter and its missing meeting every six weeks (at its first
        spoke), and four challenges a service: about an open case social care closed (taken to
        the senior manager, still open), about a child's plan (open), a referral screened out
        (changed at the second stage) and a referrer's dispute of a declined referral (explained).
        At service 1, the timed worker's training session last week has 40 answers and its link
        open, and the timed case has the open challenge at its third stage."""
        now = {"now": self.now}
        worker = "coalesce(p.workers[1 + (k % greatest(1, coalesce(array_length(p.workers, 1), 0)))], p.manager_id)"
        day = "((%(now)s)::date - 1 - floor(bench_r(k, {salt}) * 364)::int)"
        self.sql(f"""
            INSERT INTO engagement_consultation (id, uuid, service_id, spoke_id, held_on, worker_id, recorded_at,
                recorded_by_id, agency_type, agency_id, professional_role, method, concern, advice, outcome,
                signposted_to, referral_id, young_person_id)
            SELECT k, md5('consultation:' || k)::uuid, p.service_id, p.spoke_id, x.held_on, x.worker_id,
                x.held_on + time '16:30', x.worker_id, x.agency_type,
                CASE WHEN bench_r(k, 603) < 0.6 AND x.agency_type IN ('police', 'childrens_social_care', 'education')
                    THEN (p.la_id - 1) * 3 + array_position(ARRAY['police', 'childrens_social_care', 'education'],
                                                            x.agency_type) END,
                {_pick(("Designated safeguarding lead", "Social worker", "Neighbourhood officer", "School nurse",
                        "Youth worker"), "k", 604)},
                {_pick(("phone", "phone", "phone", "email", "in_person", "video"), "k", 605)},
                {_pick(("A pupil picked up from school by older males in cars",
                        "A young person in care going missing at weekends",
                        "A group seen late at night at a takeaway",
                        "Images of a pupil shared in a group chat"), "k", 606)},
                'Talked through the warning signs and what to record; agreed who to tell and when to refer.',
                x.outcome,
                CASE WHEN x.outcome = 'signposted' THEN {_pick(("The local sexual health service",
                    "The missing from home service", "The young carers service"), "k", 607)} ELSE '' END, NULL, NULL
            FROM bench_place p CROSS JOIN LATERAL (
                SELECT p.pid * 1000 + n AS k FROM generate_series(1, {CONSULTATIONS_PER_PLACE}) n) i
            CROSS JOIN LATERAL (SELECT {day.format(salt=601)} AS held_on, {worker} AS worker_id,
                {_pick(("education", "education", "childrens_social_care", "childrens_social_care", "police",
                        "police", "health_other", "health_sarc", "health_camhs", "youth_justice", "voluntary"),
                       "k", 602)} AS agency_type,
                CASE WHEN bench_r(k, 608) < 0.64 THEN 'advice_only' WHEN bench_r(k, 608) < 0.88 THEN 'signposted'
                    ELSE 'referral_expected' END AS outcome) x""", now)
        # Those that led to a referral: the place's latest accepted in the year, received a few
        # days after the consultation (a record's own referral has the record's id).
        self.sql(f"""
            INSERT INTO engagement_consultation (id, uuid, service_id, spoke_id, held_on, worker_id, recorded_at,
                recorded_by_id, agency_type, agency_id, professional_role, method, concern, advice, outcome,
                signposted_to, referral_id, young_person_id)
            SELECT k, md5('consultation:' || k)::uuid, y.service_id, y.spoke_id, x.held_on, y.worker_id,
                x.held_on + time '15:00', y.worker_id, 'childrens_social_care', (y.la_id - 1) * 3 + 2,
                'Social worker', 'phone', 'A young person going missing overnight with older friends',
                'Went through our screening tool together; a referral to us fits if she agrees to meet a worker.',
                'referral_made', '', y.id, y.id
            FROM (SELECT y.*, p.pid * 1000 + 500 + row_number() OVER (PARTITION BY y.pid ORDER BY y.opened_at DESC,
                         y.id) AS k, row_number() OVER (PARTITION BY y.pid ORDER BY y.opened_at DESC, y.id) AS rn
                  FROM bench_yp y JOIN bench_place p ON p.pid = y.pid
                  WHERE y.opened_at BETWEEN %(now)s - interval '350 days' AND %(now)s - interval '2 days') y
            CROSS JOIN LATERAL (SELECT ((y.opened_at - interval '3 days')::date
                                        - 2 - floor(bench_r(y.id, 609) * 5)::int) AS held_on) x
            WHERE y.rn <= {REFERRED_PER_PLACE}""", now)
        # Training: four kinds of audience, each adding up to the number who attended.
        self.sql(f"""
            CREATE UNLOGGED TABLE bench_training AS
            SELECT k, p.service_id, p.spoke_id, x.*, a.*,
                a.police + a.social_care + a.health + a.education + a.licensed_trades + a.parents_carers + a.other
                    AS attended
            FROM bench_place p CROSS JOIN LATERAL (
                SELECT p.pid * 1000 + n AS k FROM generate_series(1, {TRAINING_PER_PLACE}) n) i
            CROSS JOIN LATERAL (SELECT {day.format(salt=611)} AS held_on, {worker} AS worker_id,
                floor(bench_r(k, 612) * 4)::int AS audience, 8 + floor(bench_r(k, 613) * 25)::int AS size) x
            CROSS JOIN LATERAL (SELECT
                CASE x.audience WHEN 1 THEN x.size / 2 ELSE 0 END AS police,
                CASE x.audience WHEN 0 THEN x.size / 4 WHEN 1 THEN x.size - x.size / 2 ELSE 0 END AS social_care,
                CASE x.audience WHEN 0 THEN x.size / 4 ELSE 0 END AS health,
                CASE x.audience WHEN 0 THEN x.size - 2 * (x.size / 4) ELSE 0 END AS education,
                CASE x.audience WHEN 2 THEN x.size + 10 ELSE 0 END AS licensed_trades,
                CASE x.audience WHEN 3 THEN x.size - 1 ELSE 0 END AS parents_carers,
                CASE WHEN x.audience IN (2, 3) THEN 1 ELSE 0 END AS other) a
            UNION ALL
            -- The timed worker's session last week, its feedback link still open.
            SELECT 1, 1, {self.personas["spoke"]}, (%(now)s)::date - 7, {self.personas["worker"]}, 2, 0,
                0, 0, 0, 0, 38, 0, 2, 40""", now)
        self.sql("""
            INSERT INTO engagement_trainingsession (id, uuid, service_id, spoke_id, held_on, worker_id, recorded_at,
                recorded_by_id, topic, minutes, co_trainers, materials, materials_url, police, social_care, health,
                education, voluntary, licensed_trades, parents_carers, other, attended, feedback_token,
                feedback_until)
            SELECT k, md5('training:' || k)::uuid, service_id, spoke_id, held_on, worker_id, held_on + time '17:30',
                worker_id, (ARRAY['Child sexual exploitation: spotting the signs',
                    'Working with young people who go missing',
                    'Taxi and private hire drivers: empathy and the elephant in the room',
                    'Keeping your child safe online: a session for parents'])[1 + audience],
                (ARRAY[120, 180, 150, 60])[1 + audience],
                CASE audience WHEN 2 THEN 'The council''s licensing officer' ELSE '' END,
                'Slides and the signs checklist', '', police, social_care, health, education, 0, licensed_trades,
                parents_carers, other, attended, substr(md5('feedback:' || k), 1, 12), held_on + 30
            FROM bench_training""")
        self.sql(f"""
            INSERT INTO engagement_trainingfeedback (session_id, confidence_before, confidence_after, will_do, given_on)
            SELECT t.k, f.before, least(5, f.before + 1 + floor(bench_r(t.k * 100 + n, 623) * 2.5)::int),
                {_pick(("Report it on 101 with the car's registration, even if I'm not sure.",
                        "Speak to the safeguarding lead the same day rather than waiting.",
                        "Ask open questions and give them time.", "", ""), "t.k * 100 + n", 624)},
                least((%(now)s)::date, t.held_on + floor(bench_r(t.k * 100 + n, 625) * 3)::int)
            FROM bench_training t
            CROSS JOIN LATERAL generate_series(1, CASE WHEN t.k = 1 THEN {TIMED_FEEDBACK}
                ELSE floor(t.attended * (0.25 + 0.35 * bench_r(t.k, 621)))::int END) n
            CROSS JOIN LATERAL (SELECT 1 + floor(bench_r(t.k * 100 + n, 622) * 3.5)::int AS before) f
            WHERE t.k = 1 OR bench_r(t.k, 620) < 0.75""", now)
        # Prevention: a class, a year group, a small group; the ages and genders add up.
        self.sql(f"""
            INSERT INTO engagement_preventionsession (uuid, service_id, spoke_id, held_on, worker_id, recorded_at,
                recorded_by_id, setting, setting_name, format, topics, minutes, age_under_11, age_11_13,
                age_14_15, age_16_17, age_18_over, age_not_known, girls, boys, gender_other, gender_not_known,
                reached, follow_up_referrals, notes)
            SELECT md5('prevention:' || k)::uuid, p.service_id, p.spoke_id, x.held_on, x.worker_id,
                x.held_on + time '16:00', x.worker_id, x.setting,
                CASE x.setting WHEN 'school' THEN 'Year 9 at Moorside Academy' WHEN 'college' THEN 'Riverside College'
                    ELSE 'Eastfield Youth Centre' END,
                x.format, {_pick(('["consent", "online"]', '["relationships"]', '["grooming", "help"]',
                                  '["criminal", "online"]'), "k", 633)}::jsonb,
                CASE x.format WHEN 'assembly' THEN 30 WHEN 'lesson' THEN 50 ELSE 90 END,
                0, CASE x.setting WHEN 'school' THEN x.reached / 3 ELSE 0 END,
                CASE x.setting WHEN 'school' THEN x.reached - x.reached / 3 WHEN 'college' THEN 0
                    ELSE x.reached / 2 END,
                CASE x.setting WHEN 'school' THEN 0 WHEN 'college' THEN x.reached - x.reached / 6
                    ELSE x.reached - x.reached / 2 END,
                CASE x.setting WHEN 'college' THEN x.reached / 6 ELSE 0 END, 0,
                x.girls, x.reached - x.girls - x.unknown, 0, x.unknown, x.reached,
                CASE WHEN x.format <> 'assembly' AND bench_r(k, 634) < 0.2 THEN 1 ELSE 0 END,
                CASE WHEN bench_r(k, 635) < 0.5 THEN 'Class teacher stayed for the session; left the help cards.'
                    ELSE '' END
            FROM bench_place p CROSS JOIN LATERAL (
                SELECT p.pid * 1000 + n AS k FROM generate_series(1, {PREVENTION_PER_PLACE}) n) i
            CROSS JOIN LATERAL (SELECT {day.format(salt=631)} AS held_on, {worker} AS worker_id,
                {_pick(("school", "school", "school", "college", "youth_venue"), "k", 632)} AS setting,
                {_pick(("lesson", "lesson", "assembly", "small_group"), "k", 636)} AS format) s
            CROSS JOIN LATERAL (SELECT s.*, r.reached, floor(r.reached * (0.4 + 0.2 * bench_r(k, 638)))::int AS girls,
                CASE WHEN s.format = 'assembly' THEN 2 ELSE 0 END AS unknown
                FROM (SELECT CASE s.format WHEN 'assembly' THEN 90 + floor(bench_r(k, 637) * 130)::int
                    WHEN 'lesson' THEN 22 + floor(bench_r(k, 637) * 11)::int
                    ELSE 5 + floor(bench_r(k, 637) * 6)::int END AS reached) r) x""", now)
        # Meetings: the panel and the subgroup at the hub (the manager), the missing meeting at
        # the service's first spoke (its worker).
        self.sql("""
            INSERT INTO engagement_strategicmeeting (uuid, service_id, spoke_id, held_on, worker_id, recorded_at,
                recorded_by_id, kind, title, role, contribution, outputs, output_note)
            SELECT md5('meeting:' || m.kind || ':' || p.service_id || ':' || n)::uuid, p.service_id,
                CASE m.kind WHEN 'missing' THEN s.spoke_id END, x.held_on, x.worker_id, x.held_on + time '16:45',
                x.worker_id, m.kind, 'Borough ' || lpad(p.la_id::text, 3, '0') || ' ' || m.title, m.role,
                m.contribution, CASE WHEN x.output THEN m.output ELSE '[]' END::jsonb,
                CASE WHEN x.output THEN m.note ELSE '' END
            FROM bench_place p
            CROSS JOIN (VALUES
                ('exploitation_panel', 'MACE panel', 'member', 30, 12,
                 'Shared themes from our cases: older males in cars, parties at a flat.', '["problem_profile"]',
                 'Problem profile of exploitation around the town centre, written with the police analyst.'),
                ('partnership_subgroup', 'Safeguarding Partnership: exploitation subgroup', 'member', 91, 4,
                 'Reported on referrals and training this quarter.', '["pathway"]',
                 'A single pathway for exploitation referrals from schools.'),
                ('missing', 'missing from home and care meeting', 'advised', 42, 9,
                 'Advised on the exploitation risk of young people missing most often.', '["procedure"]',
                 'Return home interview procedure: our questions on exploitation added.')
            ) m(kind, title, role, every, times, contribution, output, note)
            CROSS JOIN LATERAL generate_series(1, m.times) n
            LEFT JOIN LATERAL (SELECT q.spoke_id, q.workers FROM bench_place q
                               WHERE q.service_id = p.service_id AND q.spoke_id IS NOT NULL
                               ORDER BY q.pid LIMIT 1) s ON true
            CROSS JOIN LATERAL (SELECT (%(now)s)::date - 2 - (n - 1) * m.every AS held_on,
                CASE m.kind WHEN 'missing' THEN coalesce(s.workers[1], p.manager_id) ELSE p.manager_id END
                    AS worker_id, bench_r(p.service_id * 100 + n, 641) < 0.15 AS output) x
            WHERE p.spoke_id IS NULL""", now)
        # Challenges: four a service, each with its stages. At service 1, the one about a case is
        # about the timed case, raised by its worker.
        self.sql(f"""
            CREATE UNLOGGED TABLE bench_challenge AS
            SELECT row_number() OVER (ORDER BY p.service_id, c.n) AS id, p.service_id, c.*,
                CASE WHEN c.n IN (1, 2) THEN y.spoke_id END AS spoke_id,
                CASE WHEN c.n IN (1, 2) THEN y.id END AS case_id,
                CASE WHEN c.n IN (1, 2) THEN y.worker_id ELSE p.manager_id END AS worker_id, p.manager_id,
                CASE WHEN c.n = 4 THEN d.id END AS referral_id,
                (%(now)s)::date - c.days_ago AS held_on
            FROM bench_place p
            CROSS JOIN (VALUES
                (1, 'by_service', 'case_closed', 'childrens_social_care', 3, 'open', 90,
                 'Children''s social care closed the case after one visit although she is still going missing.'),
                (2, 'by_service', 'childs_plan', 'childrens_social_care', 1, 'open', 30,
                 'The child''s plan has no action on the exploitation risk.'),
                (3, 'by_service', 'screened_out', 'childrens_social_care', 2, 'changed', 200,
                 'A referral about a girl missing every weekend was screened out at the front door.'),
                (4, 'of_service', 'triage', 'education', 1, 'explained', 120,
                 'The referrer disagreed with our decision to decline.')
            ) c(n, direction, about, agency_type, stage, outcome, days_ago, issue)
            LEFT JOIN (SELECT DISTINCT ON (service_id) id, service_id, spoke_id, worker_id FROM bench_yp
                       WHERE state = 'open' ORDER BY service_id, id = {self.personas["timed_case"]} DESC, id) y
                ON y.service_id = p.service_id
            LEFT JOIN (SELECT service_id, min(id) AS id FROM referrals_referral WHERE status = 'declined'
                       GROUP BY service_id) d ON d.service_id = p.service_id
            WHERE p.spoke_id IS NULL AND (c.n NOT IN (1, 2) OR y.id IS NOT NULL) AND (c.n <> 4 OR d.id IS NOT NULL);
            ALTER TABLE bench_challenge ADD PRIMARY KEY (id)""", now)
        self.sql("""
            INSERT INTO engagement_challenge (id, uuid, service_id, spoke_id, held_on, worker_id, recorded_at,
                recorded_by_id, direction, about, agency_type, agency_id, issue, case_id, referral_id, stage, outcome,
                ended_on, outcome_note)
            SELECT c.id, md5('challenge:' || c.id)::uuid, c.service_id, c.spoke_id, c.held_on, c.worker_id,
                c.held_on + time '15:00', c.worker_id, c.direction, c.about, c.agency_type, NULL, c.issue, c.case_id,
                c.referral_id, c.stage, c.outcome,
                CASE WHEN c.outcome <> 'open' THEN c.held_on + 10 * c.stage END,
                CASE WHEN c.outcome <> 'open' THEN 'Having read our information, the team manager changed it.'
                    ELSE '' END
            FROM bench_challenge c""")
        self.sql("""
            INSERT INTO engagement_challengestep (uuid, challenge_id, stage, raised_on, raised_with, response,
                response_on, recorded_at, recorded_by_id)
            SELECT md5('challengestep:' || c.id || ':' || g)::uuid, c.id, g, c.held_on + 10 * (g - 1),
                (ARRAY['The allocated social worker', 'The team manager', 'The head of service'])[g],
                CASE WHEN g < c.stage OR c.outcome <> 'open' THEN 'Will review the decision with our information.'
                    ELSE '' END,
                CASE WHEN g < c.stage OR c.outcome <> 'open' THEN c.held_on + 10 * (g - 1) + 5 END,
                c.held_on + 10 * (g - 1) + time '11:00', CASE WHEN g = 1 THEN c.worker_id ELSE c.manager_id END
            FROM bench_challenge c CROSS JOIN LATERAL generate_series(1, c.stage) g""")
        with self.conn.cursor() as cur:
            cur.execute("SELECT uuid::text, feedback_token FROM engagement_trainingsession WHERE id = 1")
            self.personas["timed_training"], self.personas["feedback_token"] = cur.fetchone()
            cur.execute(f"SELECT uuid::text FROM engagement_challenge WHERE case_id = {self.personas['timed_case']} "
                        "AND outcome = 'open' ORDER BY stage DESC LIMIT 1")
            self.personas["timed_challenge"] = cur.fetchone()[0]
        self.sql("DROP TABLE bench_training, bench_challenge")

    # --- young people's participation ---------------------------------------------------

    def participation(self):
        """Feedback on support for every open case, at the demo's rates: a round falls due when
        the case opens and every thirteen weeks after; one in eight past rounds was missed and a
        third of the latest not yet answered (so that caseloads show feedback due and overdue);
        of those answered, one in twelve declined (told the worker), a fifth by a link sent by
        email (one link in seven never used) and the rest in a session. The timed case has every
        round answered, and an open link whose token is known, for the public page."""
        import hashlib

        now = {"now": self.now}
        timed = self.personas["timed_case"]
        self.sql(f"""
            CREATE UNLOGGED TABLE bench_round AS
            SELECT row_number() OVER (ORDER BY y.id, r.n) AS id, y.id AS case_id, y.worker_id, r.n,
                y.opened_at::date + {FEEDBACK_EVERY_DAYS} * r.n AS due,
                least((%(now)s)::date, y.opened_at::date + {FEEDBACK_EVERY_DAYS} * r.n
                      + floor(bench_r(y.id * 100 + r.n, 702) * 22)::int) AS given_on,
                bench_r(y.id * 100 + r.n, 703) AS way_roll, bench_r(y.id * 100 + r.n, 704) AS leaning_roll
            FROM bench_yp y
            CROSS JOIN LATERAL generate_series(
                0, (((%(now)s)::date - y.opened_at::date) / {FEEDBACK_EVERY_DAYS})::int) r(n)
            CROSS JOIN LATERAL (SELECT y.opened_at::date + {FEEDBACK_EVERY_DAYS} * (r.n + 1) > (%(now)s)::date
                                AS last_round, bench_r(y.id * 100 + r.n, 701) AS roll) k
            WHERE y.state = 'open' AND y.worker_id IS NOT NULL
              AND (y.id = {timed} OR (k.last_round AND k.roll >= 0.35) OR (NOT k.last_round AND k.roll >= 0.12));
            ALTER TABLE bench_round ADD PRIMARY KEY (id)""", now)
        self.sql("""
            INSERT INTO participation_feedbacklink (id, uuid, case_id, token_sha256, channel, round_due_on,
                sent_by_id, sent_at, expires_at, used_at, withdrawn_at)
            SELECT r.id, md5('feedbacklink:' || r.id)::uuid, r.case_id,
                encode(sha256(convert_to('bench-feedback-link:' || r.id, 'UTF8')), 'hex'), 'email', r.due,
                r.worker_id, r.given_on + time '10:00', r.given_on + time '10:00' + interval '7 days',
                CASE WHEN bench_r(r.id, 705) >= 0.15 THEN r.given_on + time '10:00' + interval '2 hours' END, NULL
            FROM bench_round r WHERE r.way_roll >= 0.08 AND r.way_roll < 0.30""")
        answer = ("CASE WHEN d.declined OR bench_r(r.id * 10 + {q}, 707) < 0.08 THEN NULL ELSE "
                  "greatest(1, least(5, d.leaning + (ARRAY[-2, -1, 0, 0, 0, 1])"
                  "[1 + floor(bench_r(r.id * 10 + {q}, 708) * 6)::int])) END")
        self.sql(f"""
            INSERT INTO participation_supportfeedback (uuid, case_id, given_on, round_due_on, way, declined,
                helping, listened, say, safer, reach, anything_else, link_id, recorded_by_id, recorded_at)
            SELECT md5('feedback:' || r.id)::uuid, r.case_id, r.given_on, r.due, d.way, d.declined,
                {", ".join(answer.format(q=q) for q in range(5))},
                CASE WHEN NOT d.declined AND bench_r(r.id, 709) < 0.4 THEN
                    {_pick(("I like that we meet somewhere I choose.",
                            "Sometimes it is hard to get hold of my worker.",
                            "The group was good. I want to do more of that.",
                            "I feel more listened to than I did before.",
                            "Can we meet after school instead of in the day?"), "r.id", 710)} ELSE '' END,
                l.id, CASE WHEN d.way = 'by_link' THEN NULL ELSE r.worker_id END,
                coalesce(l.used_at, r.given_on + time '15:00')
            FROM bench_round r
            LEFT JOIN participation_feedbacklink l ON l.id = r.id
            CROSS JOIN LATERAL (SELECT
                CASE WHEN r.way_roll < 0.08 THEN 'told_worker' WHEN r.way_roll < 0.30 THEN 'by_link'
                    ELSE 'in_session' END AS way,
                r.way_roll < 0.08 OR bench_r(r.id, 706) < 0.04 AS declined,
                (ARRAY[3, 4, 4, 4, 5, 5])[1 + floor(r.leaning_roll * 6)::int] AS leaning) d
            WHERE r.way_roll >= 0.30 OR r.way_roll < 0.08 OR l.used_at IS NOT NULL""")
        # The timed case's open link: its latest round, sent this morning, token known.
        digest = hashlib.sha256(TIMED_LINK_TOKEN.encode()).hexdigest()
        self.sql(f"""
            INSERT INTO participation_feedbacklink (id, uuid, case_id, token_sha256, channel, round_due_on,
                sent_by_id, sent_at, expires_at, used_at, withdrawn_at)
            SELECT (SELECT coalesce(max(id), 0) + 1 FROM bench_round), md5('feedbacklink:timed')::uuid, y.id,
                '{digest}', 'email', y.opened_at::date, y.worker_id, %(now)s - interval '2 hours',
                %(now)s + interval '7 days', NULL, NULL
            FROM bench_yp y WHERE y.id = {timed}""", now)
        self.personas["feedback_link_token"] = TIMED_LINK_TOKEN
        self.sql("DROP TABLE bench_round")
        self.surveys()

    def surveys(self):
        """The programme's anonymous survey of young people, open at every active service with
        its own link (service 1's token known, for the public page), and sixty answers at each
        (three in ten typed in from paper): two choices, the picture scale, a third choice and,
        from one in three, words."""
        now = {"now": self.now}
        lead = self.personas["programme_lead"]
        self.sql(f"""
            INSERT INTO participation_survey (id, uuid, programme_id, service_id, title, introduction, kind,
                opens_on, closes_on, created_by_id, created_at, opened_at, closed_at)
            VALUES (1, md5('survey:1')::uuid, 1, NULL, 'Having your say',
                'How you would like to have a say in the support you get.', 'anonymous',
                (%(now)s)::date - 70, (%(now)s)::date + 28, {lead}, %(now)s - interval '77 days',
                %(now)s - interval '77 days', NULL)""", now)
        self.sql("""
            INSERT INTO participation_surveyquestion (id, survey_id, uuid, position, kind, text, choices)
            VALUES (1, 1, md5('surveyquestion:1')::uuid, 1, 'choice', 'Do you go to any groups with us?',
                    '["Yes, often", "Sometimes", "No, never"]'),
                   (2, 1, md5('surveyquestion:2')::uuid, 2, 'choice', 'If you don''t go, what gets in the way?',
                    '["Too far", "The times", "People I don''t know", "Didn''t know", "Something else"]'),
                   (3, 1, md5('surveyquestion:3')::uuid, 3, 'scale', 'Do you feel you get a say?', '[]'),
                   (4, 1, md5('surveyquestion:4')::uuid, 4, 'choice', 'How would you like to tell us?',
                    '["My worker", "A survey", "A text", "A group", "Rather not"]'),
                   (5, 1, md5('surveyquestion:5')::uuid, 5, 'text', 'Anything that would make it easier?', '[]')""")
        self.sql(f"""
            INSERT INTO participation_surveylink (survey_id, service_id, token)
            SELECT 1, s.id, CASE WHEN s.id = 1 THEN '{TIMED_SURVEY_TOKEN}' ELSE 'bench-survey-' || s.id END
            FROM network_service s WHERE s.is_active""")
        self.sql(f"""
            INSERT INTO participation_surveyresponse (id, uuid, survey_id, service_id, case_id, way, received_on)
            SELECT row_number() OVER (ORDER BY s.id, n), md5('surveyresponse:' || s.id || ':' || n)::uuid, 1, s.id,
                NULL, CASE WHEN bench_r(s.id * 1000 + n, 801) < 0.3 THEN 'paper' ELSE 'online' END,
                (%(now)s)::date - floor(bench_r(s.id * 1000 + n, 802) * 70)::int
            FROM network_service s CROSS JOIN generate_series(1, {SURVEY_ANSWERS_PER_SERVICE}) n
            WHERE s.is_active""", now)
        self.sql("""
            INSERT INTO participation_surveyanswer (response_id, question_id, choice, point, text)
            SELECT r.id, q.id,
                CASE WHEN q.kind = 'choice' THEN least(jsonb_array_length(q.choices) - 1,
                    floor(bench_r(r.id * 10 + q.id, 803) * jsonb_array_length(q.choices))::int) END,
                CASE WHEN q.kind = 'scale' THEN 1 + floor(bench_r(r.id * 10 + q.id, 804) * 5)::int END,
                CASE WHEN q.kind = 'text' THEN 'Somewhere closer to home would help.' ELSE '' END
            FROM participation_surveyresponse r CROSS JOIN participation_surveyquestion q
            WHERE q.survey_id = 1 AND (q.kind <> 'text' OR bench_r(r.id, 805) < 0.33)
              AND bench_r(r.id * 10 + q.id, 806) >= 0.08""")
        for table in ("participation_survey", "participation_surveyquestion", "participation_surveyresponse"):
            self.sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        with self.conn.cursor() as cur:
            cur.execute("SELECT uuid::text FROM participation_survey WHERE id = 1")
            self.personas["survey"] = cur.fetchone()[0]
        self.personas["survey_token"] = TIMED_SURVEY_TOKEN
        self.activities()

    def activities(self):
        """A year of participation activities at every active service: two a month across the
        spectrum, one in four offering an award, eight young people in each (the service's open and
        closed cases; half paid expenses, the award's gained by half), an output for every other
        one; and one young person in twenty of those open with consent to use their words in the
        programme's reports and a quote tied to it. Service 1's latest activity is the timed one:
        thirty young people, the timed case among them, who also has a consent and a quote."""
        now = {"now": self.now}
        timed = self.personas["timed_case"]
        kinds = _arr(("own_plan", "feedback", "group_work", "consultation", "co_design", "peer_support", "speaking",
                      "research"))
        self.sql(f"""
            INSERT INTO participation_activity (id, uuid, service_id, kind, title, held_on, summary, accreditation,
                created_by_id, created_at)
            SELECT row_number() OVER (ORDER BY s.id, n), md5('activity:' || s.id || ':' || n)::uuid, s.id,
                ({kinds})[1 + n % 8], 'Activity ' || n, (%(now)s)::date - 15 * n + 14, '',
                CASE WHEN n % 4 = 1 THEN 'AQA Unit Award' ELSE '' END, m.person_id,
                %(now)s - make_interval(days => 15 * n - 14)
            FROM network_service s
            JOIN network_membership m ON m.service_id = s.id AND m.role = 'service_manager'
            CROSS JOIN generate_series(1, {ACTIVITIES_PER_SERVICE}) n
            WHERE s.is_active AND m.id = (SELECT min(id) FROM network_membership WHERE service_id = s.id
                                                                              AND role = 'service_manager')""", now)
        self.sql(f"""
            INSERT INTO participation_participant (activity_id, case_id, consent, accredited, paid_pence, added_by_id,
                added_at)
            SELECT a.id, y.id, 'themselves', a.accreditation <> '' AND bench_r(a.id * 100 + y.id, 812) < 0.5,
                CASE WHEN bench_r(a.id * 100 + y.id, 813) < 0.5 THEN 500 ELSE 0 END, a.created_by_id, a.created_at
            FROM participation_activity a
            CROSS JOIN LATERAL (
                SELECT y.id FROM bench_yp y WHERE y.service_id = a.service_id AND y.state <> 'waiting'
                  AND y.id <> {timed}
                ORDER BY bench_r(y.id * 7 + a.id, 811)
                LIMIT CASE WHEN a.service_id = 1 AND a.held_on = (%(now)s)::date - 1
                           THEN {TIMED_TAKING_PART - 1} ELSE {TAKING_PART} END) y
            UNION ALL
            SELECT a.id, {timed}, 'themselves', true, 500, a.created_by_id, a.created_at
            FROM participation_activity a WHERE a.service_id = 1 AND a.held_on = (%(now)s)::date - 1""", now)
        self.sql("""
            INSERT INTO participation_activityoutput (uuid, activity_id, kind, title, link, file, file_name, file_size,
                file_type, added_by_id, added_at)
            SELECT md5('output:' || a.id)::uuid, a.id, 'leaflet', 'What we made ' || a.id,
                'https://example.org/outputs/' || a.id, '', '', NULL, '', a.created_by_id, a.created_at
            FROM participation_activity a WHERE a.id % 2 = 0""")
        self.sql(f"""
            CREATE UNLOGGED TABLE bench_consent AS
            SELECT row_number() OVER (ORDER BY y.id) AS id, y.id AS case_id, y.manager_id
            FROM bench_yp y WHERE y.state = 'open' AND (y.id = {timed} OR bench_r(y.id, 814) < 0.05);
            INSERT INTO participation_useconsent (id, uuid, case_id, activity_id, words, image, scope, given_on,
                expires_on, withdrawn_on, withdrawn_by_id, recorded_by_id, recorded_at)
            SELECT c.id, md5('useconsent:' || c.id)::uuid, c.case_id, NULL, true, false, 'programme',
                (%(now)s)::date - 30, NULL, NULL, NULL, c.manager_id, %(now)s - interval '30 days'
            FROM bench_consent c;
            INSERT INTO participation_quote (uuid, case_id, consent_id, activity_id, kind, text, said_on, added_by_id,
                added_at)
            SELECT md5('quote:' || c.id)::uuid, c.case_id, c.id, NULL, 'quote',
                'It was the first time someone asked me what I thought should happen.', (%(now)s)::date - 20,
                c.manager_id, %(now)s - interval '20 days'
            FROM bench_consent c;
            DROP TABLE bench_consent""", now)
        for table in ("participation_activity", "participation_participant", "participation_activityoutput",
                      "participation_useconsent", "participation_quote"):
            self.sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        with self.conn.cursor() as cur:
            cur.execute("SELECT a.uuid::text, s.uuid::text FROM participation_activity a "
                        "JOIN network_service s ON s.id = a.service_id WHERE a.service_id = 1 AND a.held_on = "
                        "(%(now)s)::date - 1", now)
            self.personas["timed_activity"], self.personas["report_service"] = cur.fetchone()

    # --- retention ----------------------------------------------------------------------

    def retention(self):
        """Legal holds on one in fifty referrals declined or closed without a record, and twenty
        carried-out disposals a service, each with its certificate (decided by the service's first
        manager and the programme's first administrator as data protection lead)."""
        now = {"now": self.now}
        self.sql("""
            INSERT INTO retention_legalhold (uuid, service_id, young_person_id, referral_id, reason, placed_at,
                                             placed_by_id, lifted_at, lifted_by_id, lift_reason)
            SELECT DISTINCT ON (r.id) md5('hold:' || r.id)::uuid, r.service_id, NULL, r.id,
                   'A complaint about the decision is still open.', %(now)s - interval '20 days', m.person_id,
                   NULL, NULL, ''
            FROM referrals_referral r
            JOIN network_membership m ON m.service_id = r.service_id AND m.role = 'service_manager'
            WHERE r.young_person_id IS NULL AND r.status IN ('declined', 'closed') AND r.id % 50 = 0
            ORDER BY r.id, m.id""", now)
        self.sql("""
            INSERT INTO retention_disposal (id, uuid, service_id, record_kind, record_ref, young_person_id, referral_id,
                                            reason, explanation, basis, review_on, expected, status, proposed_at,
                                            proposed_by_id, decided_at, decided_by_id, decided_as, decision_note)
            SELECT (s.id - 1) * 20 + k, md5('disposal:' || s.id || ':' || k)::uuid, s.id, 'declined_referral',
                   md5('record:' || s.id || ':' || k)::uuid, NULL, NULL, 'period_ended', '',
                   'Kept for 6 years after the decision', (%(now)s - k * interval '3 days')::date,
                   '{"referrals": 1, "referral decisions": 2}'::jsonb, 'carried_out',
                   %(now)s - k * interval '2 days', m.person_id, %(now)s - k * interval '2 days' + interval '1 hour',
                   a.person_id, 'data protection lead', ''
            FROM network_service s CROSS JOIN generate_series(1, 20) k
            CROSS JOIN LATERAL (SELECT person_id FROM network_membership
                                WHERE service_id = s.id AND role = 'service_manager' ORDER BY id LIMIT 1) m
            CROSS JOIN LATERAL (SELECT person_id FROM network_membership
                                WHERE role = 'administrator' ORDER BY id LIMIT 1) a""", now)
        self.sql("""
            INSERT INTO retention_disposalcertificate (id, uuid, disposal_id, service_id, carried_out_at, erased,
                                                       copies_elsewhere)
            SELECT d.id, md5('certificate:' || d.id)::uuid, d.id, d.service_id, d.decided_at, d.expected, '[]'::jsonb
            FROM retention_disposal d""")

    def finish(self):
        with self.conn.cursor() as cur:
            cur.execute("SELECT c.relname, a.attname, s.relname FROM pg_class s "
                        "JOIN pg_depend d ON d.objid = s.oid JOIN pg_class c ON c.oid = d.refobjid "
                        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid "
                        "WHERE s.relkind = 'S' AND c.relnamespace = 'public'::regnamespace")
            for table, column, seq in cur.fetchall():
                cur.execute(f"SELECT setval('{seq}', greatest(1, (SELECT coalesce(max({column}), 0) FROM {table})))")
            cur.execute("VACUUM ANALYZE")

    def monitoring(self):
        from django.utils import timezone

        from hubspoke.lib import periods
        from hubspoke.monitoring import actions, dashboard, indicators
        from hubspoke.monitoring.models import MonitoringReturn, MonitoringSettings, ReturnStatus, ReturnVersion
        from hubspoke.network.models import Programme, Service

        programme = Programme.objects.get()
        on = timezone.localdate()
        latest = periods.quarter_of(on, programme.year_start_month).previous()
        first = latest
        for _ in range(3):
            first = first.previous()
        MonitoringSettings.objects.create(programme=programme, returns_from=first.start)
        services = list(Service.objects.select_related("programme").order_by("pk"))
        actions.ensure_returns(services, on=on)
        labels = {s.pk: actions.part_labels(s) for s in services}
        managers = self.manager_ids()
        compute_seconds = []
        quarter = first
        while quarter.start <= latest.start:
            started = time.perf_counter()
            figures = indicators.compute(services, quarter.start, quarter.end)
            compute_seconds.append(round(time.perf_counter() - started, 2))
            returns = MonitoringReturn.objects.filter(period_start=quarter.start)
            versions = []
            for r in returns:
                # Service 1's latest quarter stays a draft: its page computes live.
                if r.service_id == 1 and quarter.start == latest.start:
                    continue
                versions.append(ReturnVersion(
                    monitoring_return=r, number=1, figures=figures[r.service_id], part_labels=labels[r.service_id],
                    headlines=dashboard.headline_values(figures[r.service_id]), total=figures[r.service_id]["total"],
                    narrative={"achievements": "Weekly drop-in started.", "challenges": "A vacancy for six weeks.",
                               "context": "", "data_quality_notes": ""},
                    submitted_at=timezone.now(), submitted_by_id=managers[r.service_id], on_time=True))
            ReturnVersion.objects.bulk_create(versions)
            MonitoringReturn.objects.filter(pk__in=[v.monitoring_return_id for v in versions]).update(
                status=ReturnStatus.SUBMITTED, version=1)
            quarter = quarter.next()
        self.timings["indicators.compute, all services, one quarter (s)"] = compute_seconds
        self.personas["draft_return"] = str(
            MonitoringReturn.objects.get(service_id=1, period_start=latest.start).uuid)

    # --- subject access requests -----------------------------------------------------------

    def rights(self):
        """A subject access request for one young person in 40, received over the last year
        (most completed, a few refused or withdrawn, those of the last month open), and one in
        review for the timed case's young person, gathered through the real actions (the
        review page's material is the timed case's whole record)."""
        from django.utils import timezone

        from hubspoke.accounts.models import User
        from hubspoke.cases.models import Case
        from hubspoke.rights import actions as rights_actions

        self.sql("""
            INSERT INTO rights_subjectaccessrequest (uuid, service_id, young_person_id, requester_kind,
                requester_name, identity_checked, authority_checked, received_on, status, due_on,
                extension_months, extension_reason, extension_told_on, snapshot, frozen_at, frozen_by_id,
                signed_off_at, signed_off_by_id, closed_on, outcome, recorded_at, recorded_by_id)
            SELECT md5('sar:' || y.id)::uuid, y.service_id, y.id,
                CASE WHEN y.id % 3 = 0 THEN 'parent' ELSE 'young_person' END,
                CASE WHEN y.id % 3 = 0 THEN 'Parent of young person ' || y.id ELSE '' END,
                'Known to the worker.', CASE WHEN y.id % 3 = 0 THEN 'Birth certificate seen.' ELSE '' END,
                r.received_on,
                CASE WHEN r.received_on > (%(now)s)::date - 30 THEN 'received'
                     WHEN y.id % 17 = 0 THEN 'withdrawn' ELSE 'completed' END,
                (r.received_on + interval '1 month')::date, 0, '', NULL, NULL, NULL, NULL, NULL, NULL,
                CASE WHEN r.received_on > (%(now)s)::date - 30 THEN NULL
                     ELSE r.received_on + 20 + floor(bench_r(y.id, 43) * 20)::int END,
                '', %(now)s, y.manager_id
            FROM bench_yp y CROSS JOIN LATERAL (
                SELECT ((%(now)s)::date - floor(bench_r(y.id, 42) * 365)::int) AS received_on) r
            WHERE y.id % 40 = 0""", {"now": self.now})
        case = Case.objects.select_related("young_person").get(pk=self.personas["timed_case"])
        manager = User.objects.get(pk=self.personas["manager"])  # service 1's manager; the timed case is there
        sar = rights_actions.record_request(actor=manager, young_person=case.young_person,
                                            requester_kind="young_person", identity_checked="Known to her worker.",
                                            received_on=timezone.localdate())
        self.personas["timed_sar"] = str(rights_actions.start_review(actor=manager, sar=sar).uuid)

    def manager_ids(self) -> dict[int, int]:
        with self.conn.cursor() as cur:
            cur.execute("SELECT service_id, person_id FROM network_membership WHERE role = 'service_manager'")
            return dict(cur.fetchall())

    def counts(self) -> dict[str, int]:
        out = {}
        with self.conn.cursor() as cur:
            for table in ("accounts_user", "network_service", "network_spoke", "network_localauthority",
                          *BULK_TABLES, "monitoring_returnversion", "rights_subjectaccessrequest", *SAFETY_TABLES,
                          *ENGAGEMENT_TABLES, *PARTICIPATION_TABLES):
                cur.execute(f"SELECT count(*) FROM {table}")
                out[table] = cur.fetchone()[0]
        return out
