"""Everything that talks to git: one runner for the git program, the repository
(gitpython), and history (file versions, decisions' commits, members' mirrors)."""
