"""What people did in the demo's cases, as plain data (steps.py): replayed by portal/demo/workspace.py.

steps.py        the kinds of step (a note, a goal, a meeting called, an answer, ...) and the calendar
maja.py         Maja's first weeks and her plan; maja_lately.py, the weeks since and the one ahead
oliver.py       Oliver's five months
others.py       Freja, Elias and Wilma
crowd.py        a light sprinkle in every other case
"""
