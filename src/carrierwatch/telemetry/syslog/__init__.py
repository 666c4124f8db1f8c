"""telemetry.syslog"""
