"""telemetry.flows"""
