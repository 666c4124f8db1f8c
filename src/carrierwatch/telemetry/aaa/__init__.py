"""telemetry.aaa"""
