"""The export benchmark: an org emulator in its own process, a data set, timed exports."""
