"""Development-only pages: the mailbox and the emulated orgs."""
