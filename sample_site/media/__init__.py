"""The sample county's government new-media accounts: model, seeded faults, pages, manifest."""
