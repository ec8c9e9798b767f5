"""The two-device backend: config trees, HA state, clock and lab persistence."""
