"""A small valid tool, used by the tests (the shipped tools are tested as files)."""

SMALL = """\
format: hubspoke-assessment-tool/1
id: test-tool
version: 1
title: Test tool
purpose: assessment
levels:
  - {id: low, label: Low, action: Keep under review.}
  - {id: medium, label: Medium, action: Specialist support., review_weeks: 8}
  - {id: high, label: High, action: Strategy discussion., review_weeks: 4, countersign: true}
level_scores: {low: 1, medium: 2, high: 4}
answer_sets:
  ypn:
    - {value: "yes", label: "Yes", present: true}
    - {value: "possible", label: "Possibly", present: true, factor: 0.5}
    - {value: "no", label: "No", present: false}
    - {value: "not_known", label: "Not known", present: false}
time_windows:
  - {id: recent, label: In the last three months, factor: 1}
  - {id: older, label: Six to twelve months ago, factor: 0.5}
sections:
  - id: missing
    title: Going missing
    indicators:
      - {id: missing-overnight, text: Missing overnight, category: risk, level: medium, answers: ypn, timed: true,
         tags: [going_missing]}
      - {id: missing-often, text: Missing three or more times, category: risk, level: high, answers: ypn}
  - id: relationships
    title: Relationships
    indicators:
      - {id: older-partner, text: In a relationship with someone much older, category: risk, level: medium,
         answers: ypn, tags: [boyfriend]}
      - {id: gifts, text: Unexplained gifts, category: risk, level: low, answers: ypn}
      - {id: disclosed-abuse, text: Has said they were sexually abused, category: harm, level: high, answers: ypn}
      - {id: exploited-friends, text: Friends who are exploited, category: vulnerability, answers: ypn}
      - {id: trusted-adult, text: Has a trusted adult, category: strength, answers: ypn}
scoring:
  rules:
    - {kind: highest_level, categories: [risk, harm]}
    - {kind: count, categories: [risk], at_least_level: medium, count: 2, then: high}
    - kind: sum
      categories: [risk, harm]
      bands: [{min: 0, level: low}, {min: 3, level: medium}, {min: 8, level: high}]
    - {kind: count, age_at_most: 13, categories: [risk, harm], at_least_level: medium, count: 1, then: high}
"""
