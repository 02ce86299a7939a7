"""The scheduled work, run by the worker without anyone typing a command (docs/jobs.md).

Each job calls the apps' services (fetching, reminders, indices, reports), never a view. The
queue itself (retries, records, recovery) is `mittaristo.jobs`, at the bottom of the layers;
this app sits near the top because it calls into every layer below.
"""
