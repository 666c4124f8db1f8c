"""`make bench`: carrierwatch measured against the tool a user would otherwise reach for, same data, same run."""
