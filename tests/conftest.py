"""The whole suite: its shared fixtures, registered once as plugins (tests/fixtures/)."""

pytest_plugins = [
    "tests.fixtures.people",
    "tests.fixtures.browser",
    "tests.fixtures.api",
    "tests.fixtures.orgs",
    "tests.fixtures.export",
    "tests.fixtures.updates",
    "tests.fixtures.lifecycle",
]
