"""telemetry.live"""
