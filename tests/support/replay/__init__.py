"""Replaying Microsoft's recorded exchanges with real stamps (`../shared/contract/recordings/`) against the lab.

recording (read a file) -> mapping (the stamp's identity-bound values as the lab's) -> engine (seed, send in
order, poll) -> compare (status, client headers, body shape, provisioning states) -> differences (the one
table of where the lab must differ, and why). families says which recordings there are and how to seed them;
blobs and packages make the blobs a request names exist in the lab's storage.
"""
