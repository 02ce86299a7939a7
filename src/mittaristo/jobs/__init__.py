"""The job queue: how work is queued and run, and the record of every run (docs/jobs.md).

Below every app that queues work: it imports nothing of the project. The scheduled work itself
(what runs when, calling the apps' services) is the top-floor app `mittaristo.schedule`.
"""
