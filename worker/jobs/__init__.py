"""RQ jobs. Arguments are ids only; each job reloads what it needs and re-checks that it is still needed."""
