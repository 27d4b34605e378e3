"""Development-only tools: demo data, benchmarks, the org emulator's commands, the mailbox.

Also the emulated-orgs page. Never imported by product code; a production site may leave it out.
"""
