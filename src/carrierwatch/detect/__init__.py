"""Detections: IOC matching, behaviour rules and analytics, all set-at-a-time through the engine layer."""
