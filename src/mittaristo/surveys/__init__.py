"""Surveys: questionnaires, rounds, anonymous answers, and their results as indicator values.

Residents, staff and the council answer; a round's results bound to indicators become
observations through the one storing path when the round closes (docs/surveys.md).
"""
