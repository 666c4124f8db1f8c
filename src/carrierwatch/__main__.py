"""``python -m carrierwatch``: the same command line as the ``carrierwatch`` script (for hosts where the script
directory is not on PATH, and for ``python -m`` in containers and systemd units)."""

from carrierwatch.cli import main

if __name__ == "__main__":
    main()
