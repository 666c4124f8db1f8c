"""Device config parsers feeding one vendor-neutral model (``parse_config`` is the entry point)."""

from carrierwatch.configs.mask import mask_secrets, mask_value
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.parse import detect_dialect, parse_config, parse_config_bytes, read_config_file
from carrierwatch.configs.version import PlatformInfo, Version, parse_show_version, version_key

__all__ = [
    "DeviceConfig",
    "PlatformInfo",
    "Version",
    "detect_dialect",
    "mask_secrets",
    "mask_value",
    "parse_config",
    "parse_config_bytes",
    "parse_show_version",
    "read_config_file",
    "version_key",
]
