"""Humiao's content pipeline: load, validate and render courses, quizzes, the directory
and the referral guide. Plain functions; scripts/hooks.py and scripts/portal.py call them."""
