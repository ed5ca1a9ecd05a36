"""Erasing what the participation app holds about one young person (a disposal): their feedback,
the links sent for it, their named survey answers, their taking part in activities, their
consent to the use of their words or image and the words of theirs kept, deleted (each belongs
to a case of theirs, which the cases eraser deletes next). Returns already submitted keep their
figures, which never named anyone. Runs inside the caller's transaction and writes no audit row
(the disposal writes one)."""

from __future__ import annotations

from hubspoke.participation.models import FeedbackLink, Participant, Quote, SupportFeedback, SurveyResponse, UseConsent


def erase(young_person) -> dict[str, int]:
    found = {}
    n_feedback = SupportFeedback.objects.filter(case__young_person=young_person).delete()[0]
    n_links = FeedbackLink.objects.filter(case__young_person=young_person).delete()[0]
    # Their answers go with the response (cascade); the count is of sets of answers.
    n_surveys = SurveyResponse.objects.filter(case__young_person=young_person).delete()[1].get(
        "participation.SurveyResponse", 0)
    # Their words first: each is tied to a consent, which goes next.
    n_quotes = Quote.objects.filter(case__young_person=young_person).delete()[0]
    n_consents = UseConsent.objects.filter(case__young_person=young_person).delete()[0]
    n_taking_part = Participant.objects.filter(case__young_person=young_person).delete()[0]
    for label, n in (("their words kept as quotes or case studies", n_quotes),
                     ("their consent to the use of their words or image", n_consents),
                     ("their taking part in activities", n_taking_part)):
        if n:
            found[label] = n
    if n_surveys:
        found["their answers to named surveys"] = n_surveys
    if n_feedback:
        found["feedback on their support"] = n_feedback
    if n_links:
        found["feedback links sent to them"] = n_links
    return found
