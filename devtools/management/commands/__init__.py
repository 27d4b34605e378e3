"""seed_demo, demo_connect, org_emulator, org_emulator_show and the bench_* commands."""
