"""The contact list of a case: the hub first, the deputy, the team, and people without accounts.

views.py (pages, htmx regions, vCard downloads) -> services.py (external contacts) / queries.py (reads);
team membership itself is written by portal/cases/services.py and read by portal/cases/queries.py.
"""
