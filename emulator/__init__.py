"""A stateful, multi-org Salesforce REST emulator served on loopback for tests and the demo.

simple-salesforce reaches it unmodified through `transport.EmulatorAdapter`; `server` runs it,
`control` drives it over HTTP. Nothing here imports simple_salesforce.
"""
